import Foundation

/// How `gs://` requests are authorized: not at all (an emulator), a service account's key (a
/// JWT signed with its RSA key, exchanged at its token URI), or a user's application-default
/// credentials (a refresh token, exchanged at the token URI).
public enum GCSCredentials: Sendable, Equatable {
    case none
    case serviceAccount(ServiceAccountKey)
    case authorizedUser(AuthorizedUser)

    /// A service account's JSON key file, as the Cloud console issues it.
    public struct ServiceAccountKey: Sendable, Equatable {
        public var clientEmail: String
        public var privateKeyPEM: String
        public var privateKeyID: String?
        public var tokenURI: String

        public init(clientEmail: String, privateKeyPEM: String, privateKeyID: String?, tokenURI: String) {
            self.clientEmail = clientEmail
            self.privateKeyPEM = privateKeyPEM
            self.privateKeyID = privateKeyID
            self.tokenURI = tokenURI
        }
    }

    /// `gcloud auth application-default login`'s file.
    public struct AuthorizedUser: Sendable, Equatable {
        public var clientID: String
        public var clientSecret: String
        public var refreshToken: String
        public var tokenURI: String

        public init(clientID: String, clientSecret: String, refreshToken: String, tokenURI: String) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.refreshToken = refreshToken
            self.tokenURI = tokenURI
        }
    }

    static let defaultTokenURI = "https://oauth2.googleapis.com/token"

    /// Reads a credentials file of type `service_account` or `authorized_user`.
    public static func load(file path: String) throws -> GCSCredentials {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageError.configuration("cannot read the Google credentials file \(path)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw StorageError.configuration("\(path) is not a Google credentials file (not a JSON object)")
        }
        func field(_ name: String) throws -> String {
            guard let value = object[name] as? String, !value.isEmpty else {
                throw StorageError.configuration("\(path): the \(object["type"] as? String ?? "credentials") file has no \(name)")
            }
            return value
        }
        let tokenURI = (object["token_uri"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? defaultTokenURI
        switch object["type"] as? String {
        case "service_account":
            return .serviceAccount(
                ServiceAccountKey(
                    clientEmail: try field("client_email"), privateKeyPEM: try field("private_key"),
                    privateKeyID: object["private_key_id"] as? String, tokenURI: tokenURI))
        case "authorized_user":
            return .authorizedUser(
                AuthorizedUser(
                    clientID: try field("client_id"), clientSecret: try field("client_secret"), refreshToken: try field("refresh_token"),
                    tokenURI: tokenURI))
        case let other:
            throw StorageError.configuration(
                "\(path): credentials of type \(other ?? "(none)") are not supported; use a service account key or `gcloud auth application-default login`"
            )
        }
    }
}
