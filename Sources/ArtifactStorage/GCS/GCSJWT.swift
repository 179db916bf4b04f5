import Crypto
import Foundation
import _CryptoExtras

/// The signed JWT a service account presents at its token URI (RFC 7523): RS256 over the
/// header and claims, with the key from its key file.
enum GCSJWT {
    /// `header.claims.signature`, each base64url without padding; valid for an hour from `now`.
    static func assertion(for key: GCSCredentials.ServiceAccountKey, scope: String, now: Date) throws -> String {
        let privateKey: _RSA.Signing.PrivateKey
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM)
        } catch {
            throw StorageError.configuration("the service account key of \(key.clientEmail) is not a readable RSA private key")
        }
        var header: [String: Any] = ["alg": "RS256", "typ": "JWT"]
        if let id = key.privateKeyID, !id.isEmpty { header["kid"] = id }
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = ["iss": key.clientEmail, "scope": scope, "aud": key.tokenURI, "iat": issued, "exp": issued + 3600]
        let signingInput = try encode(header) + "." + encode(claims)
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    static func encode(_ object: [String: Any]) throws -> String {
        base64URL(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
