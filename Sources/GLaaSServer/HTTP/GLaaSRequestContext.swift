import GLaaSWeb
import Hummingbird
import LineageStore
import Logging
import NIOCore

/// Who made a request, as the auth middleware established it.
public enum Principal: Sendable {
    case anonymous
    /// A user whose SSH signature verified (`credential`: the key's `SHA256:` fingerprint) or
    /// whose Bearer token is live (`token:` and the token's id).
    case user(User, credential: String)
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

/// Per-request state: Hummingbird's core storage, the principal and the route's body limit.
public struct GLaaSRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal = .anonymous
    /// Set when a signed-in browser's session cookie authenticated the request.
    public var webAccount: WebAccount?
    /// Set from the matched route by `RequestLimitMiddleware` before anything reads the body.
    public var bodyLimit: BodyLimit = .small

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { bodyLimit.bytes }
}
