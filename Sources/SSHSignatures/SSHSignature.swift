import Crypto
import Foundation
import LineageModel
import _CryptoExtras

/// An OpenSSH signature (`ssh-keygen -Y sign`, PROTOCOL.sshsig) over a GLaaS request, and the
/// check of it: magic, version, namespace, hash algorithm, embedded key, then the signature.
public struct SSHSignature: Sendable {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public static let namespace = "glaas"

    public let publicKey: SSHPublicKey
    public let namespace: String
    public let hashAlgorithm: String
    public let signatureFormat: String
    public let signatureBytes: [UInt8]

    /// Parses the binary SSHSIG blob (the de-armored body of an `-----BEGIN SSH SIGNATURE-----` block).
    public init(blob: [UInt8]) throws {
        var reader = SSHWireReader(blob)
        do {
            guard try reader.readBytes(6) == Array("SSHSIG".utf8) else { throw Invalid("not an SSHSIG signature (bad magic)") }
            guard try reader.readUInt32() == 1 else { throw Invalid("unsupported SSHSIG version") }
            do {
                publicKey = try SSHPublicKey(blob: try reader.readString())
            } catch let error as SSHPublicKey.ParseError {
                throw Invalid("signature key: \(error.description)")
            }
            namespace = try reader.readText()
            guard try reader.readString().isEmpty else { throw Invalid("the SSHSIG reserved field is not empty") }
            hashAlgorithm = try reader.readText()
            var signature = SSHWireReader(try reader.readString())
            signatureFormat = try signature.readText()
            signatureBytes = try signature.readString()
            guard signature.isAtEnd else { throw Invalid("trailing bytes inside the SSHSIG signature") }
            guard reader.isAtEnd else { throw Invalid("trailing bytes after the SSHSIG signature") }
        } catch is SSHWireReader.Truncated {
            throw Invalid("truncated SSHSIG signature")
        }
    }

    /// The bytes the signer signed for `message` (PROTOCOL.sshsig §"Signed Data").
    public func signedData(for message: [UInt8]) throws -> [UInt8] {
        let messageHash: [UInt8]
        switch hashAlgorithm {
        case "sha512": messageHash = Array(SHA512.hash(data: message))
        case "sha256": messageHash = Array(SHA256.hash(data: message))
        default: throw Invalid("unsupported SSHSIG hash algorithm \(hashAlgorithm.prefix(20))")
        }
        var writer = SSHWireWriter()
        writer.writeRaw("SSHSIG".utf8)
        writer.writeString(namespace)
        writer.writeString([UInt8]())
        writer.writeString(hashAlgorithm)
        writer.writeString(messageHash)
        return writer.bytes
    }

    /// Verifies that this signature, made by `expectedKey`, covers `message` in the glaas namespace.
    public func verify(message: [UInt8], expectedKey: SSHPublicKey) throws {
        guard namespace == Self.namespace else { throw Invalid("signature namespace is \"\(namespace.prefix(40))\", expected \"\(Self.namespace)\"") }
        guard publicKey.blob == expectedKey.blob else { throw Invalid("signature was made with a different key than keyid names") }
        let data = try signedData(for: message)
        guard try Self.isValid(signatureFormat: signatureFormat, signature: signatureBytes, data: data, key: publicKey) else {
            throw Invalid("signature does not verify")
        }
    }

    static func isValid(signatureFormat: String, signature: [UInt8], data: [UInt8], key: SSHPublicKey) throws -> Bool {
        switch (key.algorithm, signatureFormat) {
        case (.ed25519, "ssh-ed25519"):
            guard signature.count == 64 else { throw Invalid("an Ed25519 signature is 64 bytes") }
            return try Curve25519.Signing.PublicKey(rawRepresentation: key.keyBytes).isValidSignature(signature, for: data)
        case (.rsa, "rsa-sha2-512"):
            guard signature.count == key.keyBytes.count else { throw Invalid("an RSA signature is as long as the key's modulus") }
            let rsa = try _RSA.Signing.PublicKey(n: key.keyBytes, e: key.rsaExponent)
            return rsa.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
        case (.rsa, "rsa-sha2-256"):
            guard signature.count == key.keyBytes.count else { throw Invalid("an RSA signature is as long as the key's modulus") }
            let rsa = try _RSA.Signing.PublicKey(n: key.keyBytes, e: key.rsaExponent)
            return rsa.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        case (.ecdsaP256, "ecdsa-sha2-nistp256"):
            let raw = try ecdsaRawSignature(signature, coordinateSize: 32)
            return try P256.Signing.PublicKey(x963Representation: key.keyBytes)
                .isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: raw), for: SHA256.hash(data: data))
        case (.ecdsaP384, "ecdsa-sha2-nistp384"):
            let raw = try ecdsaRawSignature(signature, coordinateSize: 48)
            return try P384.Signing.PublicKey(x963Representation: key.keyBytes)
                .isValidSignature(try P384.Signing.ECDSASignature(rawRepresentation: raw), for: SHA384.hash(data: data))
        case (.ecdsaP521, "ecdsa-sha2-nistp521"):
            let raw = try ecdsaRawSignature(signature, coordinateSize: 66)
            return try P521.Signing.PublicKey(x963Representation: key.keyBytes)
                .isValidSignature(try P521.Signing.ECDSASignature(rawRepresentation: raw), for: SHA512.hash(data: data))
        case (.rsa, "ssh-rsa"):
            throw Invalid("RSA signatures with SHA-1 (ssh-rsa) are not accepted; OpenSSH signs with rsa-sha2-512")
        default:
            throw Invalid("signature format \(signatureFormat.prefix(40)) does not match key type \(key.algorithm.rawValue)")
        }
    }

    /// SSH ECDSA signatures are `mpint r, mpint s` (canonical, nothing after); CryptoKit wants
    /// r ‖ s, each left-padded. Both s and n-s verify (ECDSA is malleable); the replay cache is
    /// keyed on the signed message, not on these bytes, so that gains a replayer nothing.
    static func ecdsaRawSignature(_ blob: [UInt8], coordinateSize: Int) throws -> [UInt8] {
        var reader = SSHWireReader(blob)
        let r: [UInt8]
        let s: [UInt8]
        do {
            r = try reader.readPositiveMPInt()
            s = try reader.readPositiveMPInt()
        } catch is SSHWireReader.NonCanonical {
            throw Invalid("an ECDSA signature integer is not canonically encoded")
        }
        guard reader.isAtEnd else { throw Invalid("trailing bytes after the ECDSA signature") }
        guard r.count <= coordinateSize, s.count <= coordinateSize else { throw Invalid("malformed ECDSA signature") }
        return Array(repeating: 0, count: coordinateSize - r.count) + r + Array(repeating: 0, count: coordinateSize - s.count) + s
    }

    /// The message a glaas client signs: `{ts}\n{METHOD}\n{path?query}` and, when a body was
    /// sent, `\n{sha256 hex of the exact body bytes}`.
    public static func message(timestamp: String, method: String, pathWithQuery: String, body: [UInt8]) -> [UInt8] {
        var text = "\(timestamp)\n\(method)\n\(pathWithQuery)"
        if !body.isEmpty { text += "\n" + HexString.encode(SHA256.hash(data: body)) }
        return Array(text.utf8)
    }
}

/// `Authorization: Signature keyid="SHA256:…" ts="…" sig="…"`.
public struct SignatureHeader: Sendable, Equatable {
    public var keyID: String
    public var timestamp: String
    public var signature: String

    /// Parses the parameters after the `Signature` scheme; nil when a field is missing.
    public init?(parameters: Substring) {
        var fields: [String: String] = [:]
        var rest = parameters[...]
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { return nil }
                value = rest[..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(where: { $0 == "," || $0 == " " }) ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            fields[name.lowercased()] = String(value)
        }
        guard let keyID = fields["keyid"], let timestamp = fields["ts"], let signature = fields["sig"] else { return nil }
        self.keyID = keyID
        self.timestamp = timestamp
        self.signature = signature
    }
}
