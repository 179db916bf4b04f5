import Foundation
import LineageModel

extension RegistryClient {
    /// `artifacts/composites`: one composite (a directory as one artifact) staged in `session`.
    public func stageComposite(_ composite: JSONValue, in session: RegistrationSessionHandle) async throws {
        _ = try await call(.POST, "/registration-sessions/\(session.id)/artifacts/composites", json: composite, credential: session.credential)
    }
}
