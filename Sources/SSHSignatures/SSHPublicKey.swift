import Crypto
import Foundation
import LineageModel

/// An SSH public key as it appears in a `.pub` file or inside an SSHSIG signature:
/// Ed25519, RSA, or ECDSA on NIST P-256/384/521.
public struct SSHPublicKey: Sendable, Hashable {
    public enum Algorithm: String, Sendable {
        case ed25519 = "ssh-ed25519"
        case rsa = "ssh-rsa"
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        case ecdsaP384 = "ecdsa-sha2-nistp384"
        case ecdsaP521 = "ecdsa-sha2-nistp521"
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public let algorithm: Algorithm
    /// The wire-format key blob (the base64 field of a `.pub` line, decoded).
    public let blob: [UInt8]
    /// The comment of a `.pub` line, if any.
    public let comment: String?
    /// Algorithm-specific public material: Ed25519 key bytes; RSA exponent and modulus; ECDSA point.
    let keyBytes: [UInt8]
    let rsaExponent: [UInt8]

    /// `SHA256:<unpadded base64>`, as `ssh-keygen -lf` prints it and as `keyid` carries it.
    public var fingerprint: String {
        Self.fingerprint(ofBlob: blob)
    }

    public static func fingerprint(ofBlob blob: [UInt8]) -> String {
        "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Parses one line of an `authorized_keys`/`.pub` file: `TYPE BASE64 [COMMENT]`.
    public init(openSSHLine line: String) throws {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count >= 2 else { throw ParseError(description: "not an OpenSSH public key line (expected \"TYPE BASE64 [COMMENT]\")") }
        guard let data = Data(base64Encoded: String(fields[1])) else { throw ParseError(description: "the key's base64 field does not decode") }
        try self.init(blob: Array(data), comment: fields.count > 2 ? String(fields[2]) : nil)
        guard algorithm.rawValue == fields[0] else {
            throw ParseError(description: "the key type \(fields[0]) does not match its blob (\(algorithm.rawValue))")
        }
    }

    /// Parses a wire-format key blob.
    public init(blob: [UInt8], comment: String? = nil) throws {
        var reader = SSHWireReader(blob)
        do {
            let type = try reader.readText()
            guard let algorithm = Algorithm(rawValue: type) else {
                throw ParseError(
                    description: "unsupported SSH key type \(type.prefix(40)) (supported: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521)")
            }
            switch algorithm {
            case .ed25519:
                keyBytes = try reader.readString()
                rsaExponent = []
                guard keyBytes.count == 32 else { throw ParseError(description: "an Ed25519 key must be 32 bytes") }
            case .rsa:
                rsaExponent = try reader.readPositiveMPInt()
                keyBytes = try reader.readPositiveMPInt()
                guard Self.bitLength(keyBytes) >= Self.minimumRSABits else {
                    throw ParseError(description: "RSA keys shorter than \(Self.minimumRSABits) bits are not accepted")
                }
            case .ecdsaP256, .ecdsaP384, .ecdsaP521:
                let curve = try reader.readText()
                let expected = String(type.dropFirst("ecdsa-sha2-".count))
                guard curve == expected else { throw ParseError(description: "ECDSA curve \"\(curve.prefix(20))\" does not match key type \(type)") }
                keyBytes = try reader.readString()
                rsaExponent = []
                guard keyBytes.count == Self.ecdsaPointSize[algorithm], keyBytes.first == 0x04 else {
                    throw ParseError(description: "an \(type) key must be an uncompressed point of \(Self.ecdsaPointSize[algorithm] ?? 0) bytes")
                }
            }
            guard reader.isAtEnd else { throw ParseError(description: "trailing bytes after the SSH key") }
            self.algorithm = algorithm
        } catch is SSHWireReader.Truncated {
            throw ParseError(description: "truncated SSH key blob")
        } catch is SSHWireReader.NonCanonical {
            throw ParseError(description: "an RSA key integer is not canonically encoded")
        }
        self.blob = blob
        self.comment = comment
    }

    /// NIST SP 800-131A: RSA below 2048 bits is not an acceptable signing key.
    public static let minimumRSABits = 2048

    static let ecdsaPointSize: [Algorithm: Int] = [.ecdsaP256: 65, .ecdsaP384: 97, .ecdsaP521: 133]

    /// The number of significant bits of a big-endian unsigned integer.
    static func bitLength(_ bytes: [UInt8]) -> Int {
        guard let first = bytes.first(where: { $0 != 0 }), let index = bytes.firstIndex(of: first) else { return 0 }
        return (bytes.count - index - 1) * 8 + (8 - first.leadingZeroBitCount)
    }

    /// The `.pub` line for this key.
    public var openSSHLine: String {
        ([algorithm.rawValue, Data(blob).base64EncodedString()] + (comment.map { [$0] } ?? [])).joined(separator: " ")
    }
}
