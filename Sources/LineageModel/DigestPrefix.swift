/// A hex prefix of some digest, at least 8 characters, used to look artifacts up the way
/// `roar show 1237c109…` does, or a whole S3 ETag. Lowercased on construction.
public struct DigestPrefix: Hashable, Sendable, CustomStringConvertible {
    public static let minimumLength = 8
    public static let maximumLength = 128

    public let hex: String

    public init(_ text: some StringProtocol) throws(LineageModelError) {
        let hex = text.lowercased()
        // A whole multipart S3 ETag (`<md5>-<parts>`) names the artifact it is the only digest of.
        if Digest.isValid(hex: hex, algorithm: "etag") {
            self.hex = hex
            return
        }
        guard HexString.isLowercaseHex(hex) else {
            throw .invalid("\"\(text.prefix(140))\" is not a hex digest or digest prefix")
        }
        guard hex.utf8.count >= Self.minimumLength else {
            throw .invalid("a digest prefix needs at least \(Self.minimumLength) hex characters")
        }
        guard hex.utf8.count <= Self.maximumLength else {
            throw .invalid("a digest is at most \(Self.maximumLength) hex characters")
        }
        self.hex = hex
    }

    public var description: String { hex }

    /// The exclusive upper bound of the range of strings that start with this prefix: every hex
    /// digit (and the `-` of an ETag) sorts below "g", so `prefix + "g"` bounds them.
    public var upperBound: String { hex + "g" }
}
