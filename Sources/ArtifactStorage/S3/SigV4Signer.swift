import Crypto
import Foundation

/// AWS Signature Version 4 (header-based, AWS4-HMAC-SHA256), as the S3 API reference
/// specifies it: canonical request → string to sign → HMAC chain of date, region and service.
public struct SigV4Signer: Sendable {
    public var credentials: S3Credentials
    public var region: String
    public var service: String

    /// The payload hash for bodies that are streamed without hashing them first.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of nothing: the payload hash of GET, HEAD and DELETE.
    public static let emptyPayloadHash = hexSHA256(Data())

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to send: `headers` plus x-amz-date, x-amz-content-sha256, the session token
    /// when there is one, and Authorization. `path` is the unencoded absolute path.
    public func sign(
        method: String, path: String, query: [(name: String, value: String)] = [], headers: [String: String],
        payloadHash: String, date: Date = Date()
    ) -> [String: String] {
        var all = headers
        all["x-amz-date"] = Self.timestamp(date)
        all["x-amz-content-sha256"] = payloadHash
        if let token = credentials.sessionToken { all["x-amz-security-token"] = token }
        all["Authorization"] = authorization(method: method, path: path, query: query, headers: all, payloadHash: payloadHash, date: date)
        return all
    }

    /// The Authorization header value for a request whose headers already include x-amz-date.
    public func authorization(
        method: String, path: String, query: [(name: String, value: String)], headers: [String: String],
        payloadHash: String, date: Date
    ) -> String {
        let (request, signedHeaders) = canonicalRequest(method: method, path: path, query: query, headers: headers, payloadHash: payloadHash)
        let signature = HMAC<SHA256>.authenticationCode(
            for: Data(stringToSign(canonicalRequest: request, date: date).utf8), using: signingKey(date: date))
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(date)),SignedHeaders=\(signedHeaders),Signature=\(Self.hex(signature))"
    }

    /// The canonical request and its signed-header list: every header given is signed.
    public func canonicalRequest(
        method: String, path: String, query: [(name: String, value: String)], headers: [String: String],
        payloadHash: String
    ) -> (text: String, signedHeaders: String) {
        var canonical: [String: String] = [:]
        for (name, value) in headers {
            let folded = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            canonical[name.lowercased()] = folded.trimmingCharacters(in: .whitespaces)
        }
        let names = canonical.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let text = [
            method.uppercased(),
            URIEncoding.encode(path.isEmpty ? "/" : path, keepSlash: true),
            URIEncoding.canonicalQuery(query),
            names.map { "\($0):\(canonical[$0]!)\n" }.joined(),
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        ["AWS4-HMAC-SHA256", Self.timestamp(date), scope(date), Self.hexSHA256(Data(canonicalRequest.utf8))].joined(separator: "\n")
    }

    /// HMAC("AWS4" + secret, date) → region → service → "aws4_request".
    public func signingKey(date: Date) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [Self.day(date), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    func scope(_ date: Date) -> String { "\(Self.day(date))/\(region)/\(service)/aws4_request" }

    /// `20130524T000000Z`.
    public static func timestamp(_ date: Date) -> String {
        let (year, month, day, hour, minute, second) = components(date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", year, month, day, hour, minute, second)
    }

    static func day(_ date: Date) -> String { String(timestamp(date).prefix(8)) }

    static func components(_ date: Date) -> (Int, Int, Int, Int, Int, Int) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// Lower-case hex SHA-256 of `data`.
    public static func hexSHA256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
