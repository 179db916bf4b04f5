import Foundation
import RoarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An anonymous `GET /api/v1/artifacts/{ref}/dag` against a running registry: how the tests
/// feed `RecipeResolver` from a real glaas server (the registry client does it in `roar`).
struct HTTPRecipeFetcher: RecipeFetching {
    let base: String

    func artifactDAG(_ ref: String) async throws -> Data? {
        guard let url = URL(string: base + "/api/v1/artifacts/\(ref)/dag") else { throw RoarError.usage("bad reference \(ref)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 { return nil }
        guard status == 200 else { throw RoarError.failed("GET \(url) answered \(status): \(String(decoding: data, as: UTF8.self))") }
        return data
    }
}
