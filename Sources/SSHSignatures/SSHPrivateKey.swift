import Crypto
import Foundation
import _CryptoExtras

/// An unencrypted OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`, the
/// openssh-key-v1 format `ssh-keygen` writes), Ed25519 or RSA: what signs GLaaS requests the
/// way `ssh-keygen -Y sign` does for roar-cli, without running ssh-keygen.
public struct SSHPrivateKey: Sendable {
    /// Why a key file cannot be used, in words for the user.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    enum Material: Sendable {
        case ed25519(seed: [UInt8])
        case rsa(n: [UInt8], e: [UInt8], d: [UInt8], p: [UInt8], q: [UInt8])
    }

    public let publicKey: SSHPublicKey
    let material: Material

    /// Reads and parses the key file at `path`.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError("cannot read the SSH key \(path)") }
        do {
            self = try SSHPrivateKey(pem: String(decoding: data, as: UTF8.self))
        } catch let error as LoadError {
            throw LoadError("\(path): \(error.description)")
        }
    }

    /// Parses the armored text of an OpenSSH private key.
    public init(pem text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN OPENSSH PRIVATE KEY-----"),
            let end = lines.firstIndex(of: "-----END OPENSSH PRIVATE KEY-----"), begin < end
        else {
            if lines.contains(where: { $0.hasPrefix("-----BEGIN") && $0.contains("PRIVATE KEY") }) {
                throw LoadError("not in OpenSSH format (convert it with `ssh-keygen -p -f FILE`, which rewrites it as openssh-key-v1)")
            }
            throw LoadError("not an OpenSSH private key")
        }
        guard let blob = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else { throw LoadError("the key's base64 does not decode") }
        try self.init(openSSHKeyV1: Array(blob))
    }

    /// Parses the binary openssh-key-v1 structure (OpenSSH's PROTOCOL.key).
    public init(openSSHKeyV1 blob: [UInt8]) throws {
        var reader = SSHWireReader(blob)
        do {
            guard try reader.readBytes(15) == Array("openssh-key-v1\0".utf8) else { throw LoadError("not an openssh-key-v1 key") }
            let cipher = try reader.readText()
            let kdf = try reader.readText()
            _ = try reader.readString() // KDF options
            guard cipher == "none", kdf == "none" else {
                throw LoadError(
                    "the key is encrypted with a passphrase (\(cipher)); use an unencrypted key, or remove the passphrase with `ssh-keygen -p`")
            }
            guard try reader.readUInt32() == 1 else { throw LoadError("files holding several keys are not supported") }
            let publicBlob = try reader.readString()
            var secret = SSHWireReader(try reader.readString())
            guard try secret.readUInt32() == secret.readUInt32() else { throw LoadError("the key's check bytes differ (corrupt or encrypted)") }
            let type = try secret.readText()
            switch type {
            case "ssh-ed25519":
                _ = try secret.readString() // public key
                let pair = try secret.readString()
                guard pair.count == 64 else { throw LoadError("an Ed25519 private key must be 64 bytes") }
                material = .ed25519(seed: Array(pair.prefix(32)))
            case "ssh-rsa":
                let n = try secret.readPositiveMPInt()
                let e = try secret.readPositiveMPInt()
                let d = try secret.readPositiveMPInt()
                _ = try secret.readPositiveMPInt() // iqmp
                let p = try secret.readPositiveMPInt()
                let q = try secret.readPositiveMPInt()
                material = .rsa(n: n, e: e, d: d, p: p, q: q)
            default:
                throw LoadError("unsupported key type \(type.prefix(40)) (supported: ssh-ed25519, ssh-rsa)")
            }
            let comment = try secret.readText()
            do {
                publicKey = try SSHPublicKey(blob: publicBlob, comment: comment.isEmpty ? nil : comment)
            } catch let error as SSHPublicKey.ParseError {
                throw LoadError(error.description)
            }
        } catch is SSHWireReader.Truncated {
            throw LoadError("truncated OpenSSH private key")
        } catch is SSHWireReader.NonCanonical {
            throw LoadError("an integer of the OpenSSH private key is not canonically encoded")
        }
    }
}
