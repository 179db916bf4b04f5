import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// OAuth 2 access tokens for Cloud Storage, fetched once and reused until shortly before they
/// expire: a service account signs a JWT (RS256) and exchanges it (the JWT-bearer grant); an
/// authorized user exchanges its refresh token.
public actor GCSTokenSource {
    let credentials: GCSCredentials
    let client: HTTPClient
    var cached: (token: String, expires: Date)?

    /// What a token may do: read and write objects.
    static let scope = "https://www.googleapis.com/auth/devstorage.read_write"

    public init(credentials: GCSCredentials, client: HTTPClient) {
        self.credentials = credentials
        self.client = client
    }

    /// A valid access token, or nil when the credentials are `.none` (an emulator).
    public func token(now: Date = Date()) async throws -> String? {
        if let cached, cached.expires > now.addingTimeInterval(60) { return cached.token }
        let form: [(String, String)]
        let tokenURI: String
        switch credentials {
        case .none:
            return nil
        case .serviceAccount(let key):
            form = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                ("assertion", try GCSJWT.assertion(for: key, scope: Self.scope, now: now)),
            ]
            tokenURI = key.tokenURI
        case .authorizedUser(let user):
            form = [
                ("grant_type", "refresh_token"), ("client_id", user.clientID), ("client_secret", user.clientSecret),
                ("refresh_token", user.refreshToken),
            ]
            tokenURI = user.tokenURI
        }
        let (token, lifetime) = try await exchange(form, at: tokenURI)
        cached = (token, now.addingTimeInterval(lifetime))
        return token
    }

    /// POSTs the form to the token endpoint and reads `access_token` and `expires_in`.
    func exchange(_ form: [(String, String)], at tokenURI: String) async throws -> (String, TimeInterval) {
        let body = form.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: tokenURI)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: body))
        let response: HTTPClientResponse
        let document: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .seconds(60))
            document = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw StorageError.configuration("cannot reach the Google token endpoint \(tokenURI): \(S3Backend.reason(error))")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(String(buffer: document).utf8))) as? [String: Any] ?? [:]
        guard response.status == .ok, let token = object["access_token"] as? String, !token.isEmpty else {
            let reason = (object["error_description"] as? String) ?? (object["error"] as? String) ?? "HTTP \(response.status.code)"
            throw StorageError.configuration("the Google token endpoint \(tokenURI) refused the credentials: \(reason)")
        }
        let lifetime = (object["expires_in"] as? NSNumber)?.doubleValue ?? 3600
        return (token, lifetime)
    }
}
