import Hummingbird
import LineageStore
import Logging
import NIOCore

/// Who made a request, as the auth middleware established it.
public enum Principal: Sendable {
    case anonymous
    /// A user whose SSH signature verified.
    case user(User, keyFingerprint: String)
    /// `Authorization: RegistrationSession <token>`; checked against the session it names.
    case registrationToken(String)

    public var user: User? {
        if case .user(let user, _) = self { return user }
        return nil
    }

    /// The viewer for read routes: a registration token reads like anyone else.
    public var viewer: Viewer {
        if let user { return .user(id: user.id) }
        return .anonymous
    }
}

/// Per-request state: Hummingbird's core storage plus the principal.
public struct GLaaSRequestContext: RequestContext {
    /// Request bodies up to this size are accepted (a 50-job lineage's jobs batch is ~100 KB;
    /// the v1 protocol sends all jobs in one request).
    public static let maximumBodySize = 64 * 1024 * 1024

    public var coreContext: CoreRequestContextStorage
    public var principal: Principal = .anonymous

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { Self.maximumBodySize }
}
