import Crypto
import Foundation
import GLaaSServer
import LineageModel
import SSHSignatures

/// Something that signs glaas requests like roar-cli does.
public protocol RequestSigner: Sendable {
    /// The public key, as an OpenSSH line.
    var publicKeyLine: String { get }
    /// An SSHSIG blob over `message` in the glaas namespace.
    func signSSHSIG(_ message: [UInt8]) throws -> [UInt8]
}

extension RequestSigner {
    /// The key's SHA256 fingerprint.
    public var fingerprint: String { (try? SSHPublicKey(openSSHLine: publicKeyLine).fingerprint) ?? "" }

    /// The Authorization header for a request, as roar-cli builds it.
    public func authorization(method: String, pathWithQuery: String, body: [UInt8], timestamp: Int = Int(Date().timeIntervalSince1970)) throws
        -> String
    {
        let message = SSHSignature.message(timestamp: String(timestamp), method: method, pathWithQuery: pathWithQuery, body: body)
        let signature = Data(try signSSHSIG(message)).base64EncodedString()
        return "Signature keyid=\"\(fingerprint)\" ts=\"\(timestamp)\" sig=\"\(signature)\""
    }
}

/// An Ed25519 key held in memory, producing SSHSIG blobs as `ssh-keygen -Y sign` does.
public struct InMemoryEd25519Signer: RequestSigner {
    /// The raw private key (Curve25519 keys are not Sendable; their bytes are).
    let rawKey = Curve25519.Signing.PrivateKey().rawRepresentation
    /// The SSHSIG namespace it signs in (glaas; another one makes signatures the registry refuses).
    public var namespace = "glaas"

    /// A new random key.
    public init() {}

    var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: rawKey) }

    var blob: [UInt8] {
        var writer = WireWriter()
        writer.string(Array("ssh-ed25519".utf8))
        writer.string(Array(key.publicKey.rawRepresentation))
        return writer.bytes
    }

    /// The public key line.
    public var publicKeyLine: String { "ssh-ed25519 \(Data(blob).base64EncodedString()) test@glaas" }

    /// Signs as `ssh-keygen -Y sign` does.
    public func signSSHSIG(_ message: [UInt8]) throws -> [UInt8] {
        var signed = WireWriter()
        signed.raw(Array("SSHSIG".utf8))
        signed.string(Array(namespace.utf8))
        signed.string([])
        signed.string(Array("sha512".utf8))
        signed.string(Array(SHA512.hash(data: message)))
        let signature = try key.signature(for: signed.bytes)
        var inner = WireWriter()
        inner.string(Array("ssh-ed25519".utf8))
        inner.string(Array(signature))
        var outer = WireWriter()
        outer.raw(Array("SSHSIG".utf8))
        outer.raw([0, 0, 0, 1])
        outer.string(blob)
        outer.string(Array(namespace.utf8))
        outer.string([])
        outer.string(Array("sha512".utf8))
        outer.string(inner.bytes)
        return outer.bytes
    }
}

/// A key made and used by OpenSSH's own `ssh-keygen`: the real signer roar-cli shells out to.
public struct SSHKeygenSigner: RequestSigner {
    /// The private key file.
    public let privateKeyPath: String
    /// The public key line.
    public let publicKeyLine: String

    /// Generates a key of `type` (ed25519, rsa, ecdsa) in a scratch directory.
    public init(type: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        privateKeyPath = directory.appendingPathComponent("id_\(type)").path
        var arguments = ["-q", "-t", type, "-N", "", "-C", "test-\(type)@glaas", "-f", privateKeyPath]
        if type == "rsa" { arguments += ["-b", "2048"] }
        try Self.run(arguments)
        publicKeyLine = try String(contentsOfFile: privateKeyPath + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Signs with `ssh-keygen -Y sign`.
    public func signSSHSIG(_ message: [UInt8]) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-msg-\(UUID().uuidString)")
        try Data(message).write(to: file)
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(atPath: file.path + ".sig")
        }
        try Self.run(["-Y", "sign", "-f", privateKeyPath, "-n", "glaas", file.path])
        let armored = try String(contentsOfFile: file.path + ".sig", encoding: .utf8)
        let base64 = armored.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(Data(base64Encoded: base64)!)
    }

    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ssh-keygen \(arguments.joined(separator: " ")) failed") }
    }
}

/// SSH wire encoding (RFC 4251 strings).
struct WireWriter {
    var bytes: [UInt8] = []
    mutating func raw(_ data: [UInt8]) { bytes += data }
    mutating func string(_ data: [UInt8]) {
        let count = UInt32(data.count)
        bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + data
    }
}
