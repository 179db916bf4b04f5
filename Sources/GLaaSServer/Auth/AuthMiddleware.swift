import Crypto
import Foundation
import GLaaSHTTP
import HTTPTypes
import Hummingbird
import LineageModel
import LineageStore
import SSHSignatures

/// Establishes who sent a request from its `Authorization` header. No header: anonymous.
/// `Signature …`: an SSH signature that must verify against a registered key, within the time
/// window, and (for requests with a body) not be a replay. `Bearer …`: a token the registry
/// issued, neither expired nor revoked, of an enabled account. `RegistrationSession …`: a
/// registration-session token, checked by the route against the session it names. A credential
/// that is present but wrong is a 401, never silently anonymous.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GLaaSRequestContext

    let store: any UserDirectory & TokenDirectory
    let configuration: GLaaSConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces), !authorization.isEmpty else {
            // A browser's session cookie counts on the web pages only: an API route never acts
            // on a cookie, so no other site can make a browser call it as its user.
            var context = context
            if WebSession.isWebPath(request.uri.path), let cookie = request.cookies[WebSession.cookieName]?.value,
                let (principal, account) = try await WebSession.verify(cookie, in: store)
            {
                context.principal = principal
                context.webAccount = account
                return try await next(request, context)
            }
            if configuration.requireSignature && !Self.isOpenToAnyone(context.endpointPath) && !WebSession.isSignInPath(request.uri.path) {
                throw GLaaSError.unauthorized(Self.signatureRequired)
            }
            return try await next(request, context)
        }
        let scheme = authorization.prefix(while: { $0 != " " })
        let parameters = authorization.dropFirst(scheme.count).drop(while: { $0 == " " })
        var request = request
        var context = context
        switch scheme.lowercased() {
        case "signature":
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            context.principal = try await verify(parameters: parameters, request: request, body: Array(buffer: body), context: context)
        case "registrationsession":
            guard !parameters.isEmpty else { throw GLaaSError.unauthorized("RegistrationSession authorization without a token") }
            // Only anonymous sessions hold tokens: a registry without anonymous access has none
            // to honour, and a token must not stand in for the signature it requires.
            if configuration.requireSignature && !Self.isOpenToAnyone(context.endpointPath) {
                throw GLaaSError.unauthorized(Self.signatureRequired)
            }
            context.principal = .registrationToken(String(parameters))
        case "bearer":
            context.principal = try await verifyBearer(String(parameters), context: context)
        default:
            throw GLaaSError.unauthorized("Unsupported Authorization scheme \"\(scheme.prefix(30))\"")
        }
        return try await next(request, context)
    }

    /// What `--no-anonymous` answers a request without a signature.
    static let signatureRequired = "This registry does not accept anonymous requests: sign them with a registered SSH key"

    /// The one answer for an unknown key and for a signature that does not verify, so that the
    /// registry cannot be asked which keys it knows; the log says which it was.
    static let notAccepted = "Signature not accepted: the key is not registered here or the signature does not verify"

    func verify(parameters: Substring, request: Request, body: [UInt8], context: Context) async throws -> Principal {
        guard let header = SignatureHeader(parameters: parameters) else {
            throw GLaaSError.unauthorized("Malformed Signature authorization: expected keyid=\"…\" ts=\"…\" sig=\"…\"")
        }
        guard let timestamp = Int64(header.timestamp) else { throw GLaaSError.unauthorized("Signature ts must be Unix seconds") }
        let now = Date().timeIntervalSince1970
        guard abs(now - Double(timestamp)) <= configuration.signatureWindow else {
            throw GLaaSError.unauthorized(
                "Signature timestamp is outside the accepted window of \(Int(configuration.signatureWindow)) s (check the clock)")
        }
        // Everything the request itself can get wrong is checked before the key is looked up, so
        // no answer differs between a registered key and an unknown one.
        guard let blob = Data(base64Encoded: header.signature) else { throw GLaaSError.unauthorized("Signature sig is not base64") }
        guard let (user, key) = try await store.user(keyFingerprint: header.keyID) else {
            context.logger.info("Signature refused: unknown key", metadata: ["keyid": "\(header.keyID.prefix(60))"])
            throw GLaaSError.unauthorized(Self.notAccepted)
        }
        let message = SSHSignature.message(
            timestamp: header.timestamp, method: request.method.rawValue, pathWithQuery: request.head.path ?? request.uri.description, body: body)
        do {
            let registered = try SSHPublicKey(blob: Array(Data(base64Encoded: key.publicKeyBase64) ?? Data()))
            let signature = try SSHSignature(blob: Array(blob))
            try signature.verify(message: message, expectedKey: registered)
        } catch let error as SSHSignature.Invalid {
            context.logger.info("Signature refused", metadata: ["keyid": "\(key.fingerprint)", "reason": "\(error.description)"])
            throw GLaaSError.unauthorized(Self.notAccepted)
        } catch let error as SSHPublicKey.ParseError {
            context.logger.info("Signature refused", metadata: ["keyid": "\(key.fingerprint)", "reason": "\(error.description)"])
            throw GLaaSError.unauthorized(Self.notAccepted)
        }
        // A signed request with a body is good once, so a captured edit cannot be replayed later
        // to undo a newer one. The cache is keyed on what was signed (key, timestamp, method,
        // path and body), not on the signature's bytes, which a replayer could re-encode (ECDSA's
        // s and n-s both verify). So an identical write in the same second is refused as a replay;
        // bodiless requests (reads, session creation) carry nothing to replay, and roar-cli
        // legitimately repeats them within one second, when deterministic signatures coincide.
        if !body.isEmpty {
            let fingerprint = HexString.encode(SHA256.hash(data: Array(key.fingerprint.utf8) + [0x0A] + message))
            let expiry = Date(timeIntervalSince1970: Double(timestamp) + configuration.signatureWindow + 1)
            guard try await store.recordSignatureUse(fingerprint, expiresAt: expiry) else {
                throw GLaaSError.unauthorized("This signature was already used (replayed request)")
            }
        }
        // Checked once the key is proven, so the answer tells only its holder.
        guard user.disabledAt == nil else { throw GLaaSError.unauthorized("This account is disabled; an operator can enable it again") }
        return .user(user, credential: key.fingerprint)
    }

    /// A Bearer token: found by its secret's hash; one answer for unknown, expired and revoked
    /// tokens, and a disabled account told only to whoever holds a live token of it.
    func verifyBearer(_ secret: String, context: Context) async throws -> Principal {
        guard !secret.isEmpty, secret.utf8.count <= 512,
            let (user, token) = try await store.token(secretHash: BearerSecret.hash(secret)), token.isValid(at: Date()),
            token.kind == .api || token.kind == .access
        else {
            context.logger.info("Bearer token refused")
            throw GLaaSError.unauthorized(Self.bearerNotAccepted)
        }
        guard user.disabledAt == nil else { throw GLaaSError.unauthorized("This account is disabled; an operator can enable it again") }
        return .user(user, credential: "token:" + token.id)
    }

    /// The one answer for a Bearer token that is unknown, expired or revoked.
    static let bearerNotAccepted =
        "Bearer token not accepted: it is unknown, expired or revoked (ask an operator for a new one, or sign with an SSH key)"

    /// What `--no-anonymous` still answers without a signature: health, for probes, metrics,
    /// which count public records only, and the device login, which is how a credential is got.
    static func isOpenToAnyone(_ endpoint: String?) -> Bool {
        guard let endpoint else { return false }
        return openEndpoints.contains(endpoint)
    }

    static let openEndpoints: Set<String> = [
        "/api/v1/health", "/metrics", "/api/v1/auth/device/start", "/api/v1/auth/device/token", "/api/v1/auth/refresh",
    ]
}
