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
/// window, and (for requests with a body) not be a replay. `RegistrationSession …`: a
/// registration-session token, checked by the route against the session it names. A credential
/// that is present but wrong is a 401, never silently anonymous.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GLaaSRequestContext

    let store: any UserDirectory
    let configuration: GLaaSConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces), !authorization.isEmpty else {
            return try await next(request, context)
        }
        let scheme = authorization.prefix(while: { $0 != " " })
        let parameters = authorization.dropFirst(scheme.count).drop(while: { $0 == " " })
        var request = request
        var context = context
        switch scheme.lowercased() {
        case "signature":
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            context.principal = try await verify(parameters: parameters, request: request, body: Array(buffer: body))
        case "registrationsession":
            guard !parameters.isEmpty else { throw GLaaSError.unauthorized("RegistrationSession authorization without a token") }
            context.principal = .registrationToken(String(parameters))
        case "bearer":
            throw GLaaSError.unauthorized(
                "Bearer tokens are not accepted by this registry; sign requests with an SSH key that an operator added with `glaas users add`")
        default:
            throw GLaaSError.unauthorized("Unsupported Authorization scheme \"\(scheme.prefix(30))\"")
        }
        return try await next(request, context)
    }

    func verify(parameters: Substring, request: Request, body: [UInt8]) async throws -> Principal {
        guard let header = SignatureHeader(parameters: parameters) else {
            throw GLaaSError.unauthorized("Malformed Signature authorization: expected keyid=\"…\" ts=\"…\" sig=\"…\"")
        }
        guard let timestamp = Int64(header.timestamp) else { throw GLaaSError.unauthorized("Signature ts must be Unix seconds") }
        let now = Date().timeIntervalSince1970
        guard abs(now - Double(timestamp)) <= configuration.signatureWindow else {
            throw GLaaSError.unauthorized(
                "Signature timestamp is outside the accepted window of \(Int(configuration.signatureWindow)) s (check the clock)")
        }
        guard let (user, key) = try await store.user(keyFingerprint: header.keyID) else {
            throw GLaaSError.unauthorized("Unknown SSH key \(header.keyID.prefix(60)); an operator adds keys with `glaas users add NAME --key FILE`")
        }
        guard let blob = Data(base64Encoded: header.signature) else { throw GLaaSError.unauthorized("Signature sig is not base64") }
        do {
            let registered = try SSHPublicKey(blob: Array(Data(base64Encoded: key.publicKeyBase64) ?? Data()))
            let signature = try SSHSignature(blob: Array(blob))
            let message = SSHSignature.message(
                timestamp: header.timestamp, method: request.method.rawValue, pathWithQuery: request.head.path ?? request.uri.description, body: body)
            try signature.verify(message: message, expectedKey: registered)
        } catch let error as SSHSignature.Invalid {
            throw GLaaSError.unauthorized("Invalid SSH signature: \(error.description)")
        } catch let error as SSHPublicKey.ParseError {
            throw GLaaSError.unauthorized("Invalid SSH signature: \(error.description)")
        }
        // A signature over a request body is good once, so a captured edit cannot be replayed
        // later to undo a newer one. Bodiless requests (reads, session creation) carry nothing to
        // replay, and roar-cli legitimately repeats them within one second, when OpenSSH's
        // deterministic signatures come out identical.
        if !body.isEmpty {
            let fingerprint = HexString.encode(SHA256.hash(data: Array(blob)))
            let expiry = Date(timeIntervalSince1970: Double(timestamp) + configuration.signatureWindow + 1)
            guard try await store.recordSignatureUse(fingerprint, expiresAt: expiry) else {
                throw GLaaSError.unauthorized("This signature was already used (replayed request)")
            }
        }
        return .user(user, keyFingerprint: key.fingerprint)
    }
}
