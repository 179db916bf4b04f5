/// One content digest of an artifact: an algorithm name and the lowercase hex of the digest.
/// An artifact may carry several (BLAKE3 first; SHA-256, MD5, an S3 ETag...) and is found by
/// any of them.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible {
    public let algorithm: String
    public let hex: String

    enum CodingKeys: String, CodingKey {
        case algorithm
        case hex = "digest"
    }

    /// Validates and normalizes (lowercases) a digest; throws a message fit for a client.
    public init(algorithm: String, hex: String) throws(LineageModelError) {
        let algorithm = algorithm.lowercased()
        guard Self.isValidAlgorithmName(algorithm) else {
            throw .invalid("unknown digest algorithm \"\(algorithm.prefix(40))\"")
        }
        let hex = hex.lowercased()
        guard Self.isValid(hex: hex, algorithm: algorithm) else {
            throw .invalid("invalid \(algorithm) digest \"\(hex.prefix(140))\"")
        }
        self.algorithm = algorithm
        self.hex = hex
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let algorithm = try container.decode(String.self, forKey: .algorithm)
        let hex = try container.decode(String.self, forKey: .hex)
        do {
            try self.init(algorithm: algorithm, hex: hex)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .hex, in: container, debugDescription: error.description)
        }
    }

    public var description: String { "\(algorithm):\(hex)" }

    /// Expected hex length per well-known algorithm; others accept 8 to 128 hex characters.
    static let knownLengths: [String: Int] = [
        "blake3": 64, "sha256": 64, "sha512": 128, "sha1": 40, "md5": 32,
        "composite-blake3": 64, "composite-sha256": 64,
    ]

    static func isValidAlgorithmName(_ name: String) -> Bool {
        guard (1...32).contains(name.utf8.count), let first = name.utf8.first, isLowerAlphanumeric(first) else {
            return false
        }
        return name.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    static func isValid(hex: String, algorithm: String) -> Bool {
        if algorithm == "etag" {
            // S3 ETags: an MD5, or for multipart uploads an MD5 of MD5s with "-<parts>".
            let parts = hex.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts[0].utf8.count == 32, HexString.isLowercaseHex(parts[0]) else { return false }
            return parts.count == 1 || (!parts[1].isEmpty && parts[1].utf8.count <= 6 && parts[1].utf8.allSatisfy { (0x30...0x39).contains($0) })
        }
        guard HexString.isLowercaseHex(hex) else { return false }
        if let length = knownLengths[algorithm] { return hex.utf8.count == length }
        return (8...128).contains(hex.utf8.count)
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// The digest that names an artifact: BLAKE3 first, then the composite digests, else the first.
    public static func canonical(of digests: [Digest]) -> Digest? {
        for algorithm in ["blake3", "composite-blake3", "composite-sha256"] {
            if let digest = digests.first(where: { $0.algorithm == algorithm }) { return digest }
        }
        return digests.first
    }
}

/// Checks on hex text shared by digests, prefixes and hashes.
public enum HexString {
    public static func isLowercaseHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A 64-character lowercase hex string, the form of lineage hashes and BLAKE3/SHA-256 digests.
    public static func isHash256(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 64 && isLowercaseHex(text)
    }

    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
