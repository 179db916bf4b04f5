import Foundation

/// A storage failure a person can act on, described in one line.
public enum StorageError: Error, Sendable, CustomStringConvertible {
    /// The URL cannot be used (scheme, bucket name, relative path).
    case badURL(String)
    /// No credentials, unreadable configuration.
    case configuration(String)
    /// The local file or the stored object is missing.
    case notFound(String)
    /// The server answered with an S3 error document (or an error status without one).
    case service(location: String, status: Int, code: String, message: String)
    /// The transfer itself failed: connection refused, timeout, disk full.
    case transfer(String)

    public var description: String {
        let text: String
        switch self {
        case .badURL(let message), .configuration(let message), .notFound(let message), .transfer(let message):
            text = message
        case .service(let location, let status, let code, let message):
            let hint = Self.hints[code].map { " (\($0))" } ?? ""
            text = "\(location): \(code): \(message.isEmpty ? "HTTP \(status)" : message)\(hint)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// What to do about the errors people meet most.
    static let hints: [String: String] = [
        "SignatureDoesNotMatch": "check AWS_SECRET_ACCESS_KEY",
        "InvalidAccessKeyId": "check AWS_ACCESS_KEY_ID",
        "AccessDenied": "these credentials may not do this",
        "NoSuchBucket": "create the bucket first, or check its name",
    ]
}
