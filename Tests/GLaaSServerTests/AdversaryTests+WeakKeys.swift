import Foundation
import LineageStore
import SSHSignatures
import TestSupport
import Testing

/// Attack 10: weak keys, refused where a request meets them, whatever let them into the store.
extension AdversaryTests {
    /// An RSA key made by `ssh-keygen -b BITS` in a scratch directory, signing with
    /// `ssh-keygen -Y sign`.
    struct RSAKeyFile: Sendable {
        let path: String
        let blob: [UInt8]

        init(bits: Int) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-adversary-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = directory + "/id_rsa"
            try Self.keygen(["-q", "-t", "rsa", "-b", String(bits), "-N", "", "-C", "rsa\(bits)@glaas", "-f", path])
            let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ")
            blob = Array(try #require(Data(base64Encoded: String(line[1]))))
        }

        func sign(_ message: [UInt8]) throws -> [UInt8] {
            let file = path + "-message-\(UUID().uuidString)"
            try Data(message).write(to: URL(fileURLWithPath: file))
            try Self.keygen(["-Y", "sign", "-f", path, "-n", "glaas", file])
            let armored = try String(contentsOfFile: file + ".sig", encoding: .utf8)
            return Array(try #require(Data(base64Encoded: armored.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined())))
        }

        static func keygen(_ arguments: [String]) throws {
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

    /// Registers `blob` as a key of a new user straight in the store (as an older release or a
    /// hand-edited database could have), without the checks of `glaas users add`.
    static func addRawKey(_ store: any RegistryStore, _ name: String, blob: [UInt8]) async throws -> String {
        let user = try await store.addUser(id: nil, name: name, email: nil)
        let fingerprint = SSHPublicKey.fingerprint(ofBlob: blob)
        try await store.addKey(
            UserKey(
                fingerprint: fingerprint, userID: user.id, keyType: "raw", publicKeyBase64: Data(blob).base64EncodedString(), comment: nil,
                createdAt: Date()))
        return fingerprint
    }

    /// The Authorization header for `GET path` with `keyID` and an SSHSIG blob from `sign`.
    static func signedHeader(keyID: String, path: String, _ sign: ([UInt8]) throws -> [UInt8]) throws -> String {
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let blob = try sign(SSHSignature.message(timestamp: timestamp, method: "GET", pathWithQuery: path, body: []))
        return "Signature keyid=\"\(keyID)\" ts=\"\(timestamp)\" sig=\"\(Data(blob).base64EncodedString())\""
    }

    /// A key of RSA 1024 bits, and an ECDSA key whose blob names an empty curve, both in the store
    /// and both signing valid signatures: every request they sign is a 401 with the answer of an
    /// unknown key. The controls, the same requests by RSA 2048 and by the ECDSA key with its
    /// curve named, are answered.
    @Test(arguments: StoreKind.available)
    func requestsSignedWithWeakOrMalformedKeysAreRefused(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let path = "/api/v1/auth/me"
        let weak = try RSAKeyFile(bits: 1024)
        let strong = try RSAKeyFile(bits: 2048)
        let ecdsa = try SSHKeygenSigner(type: "ecdsa")
        let named = try SSHPublicKey(openSSHLine: ecdsa.publicKeyLine).blob
        var unnamed = StrictSignatureTests.Wire()
        unnamed.string(Array("ecdsa-sha2-nistp256".utf8))
        unnamed.string([])
        unnamed.string(Array(named.suffix(65)))
        #expect(Array(named.suffix(69).prefix(4)) == [0, 0, 0, 65], "not an uncompressed P-256 point at the end of \(named)")
        // The SSHSIG of the ECDSA key with the key field replaced: the signed data does not cover it.
        let withKey = { (blob: [UInt8]) -> @Sendable ([UInt8]) throws -> [UInt8] in
            { (message: [UInt8]) throws -> [UInt8] in
                var parts = StrictSignatureTests.Parts(try ecdsa.signSSHSIG(message))
                parts.key = blob
                return parts.blob
            }
        }
        let keys: [(String, [UInt8], @Sendable ([UInt8]) throws -> [UInt8], Bool)] = [
            ("RSA 1024", weak.blob, { try weak.sign($0) }, false), ("RSA 2048", strong.blob, { try strong.sign($0) }, true),
            ("ECDSA, empty curve name", unnamed.bytes, withKey(unnamed.bytes), false), ("ECDSA nistp256", named, withKey(named), true),
        ]
        var added: [String] = []
        for (name, blob, _, _) in keys { added.append(try await Self.addRawKey(registry.store, name, blob: blob)) }
        let fingerprints = added
        try await Self.serve(registry.store) { client in
            let stranger = InMemoryEd25519Signer()
            let unknown = try await client.raw(.get, path, auth: .ssh(stranger))
            for ((name, _, sign, accepted), fingerprint) in zip(keys, fingerprints) {
                let answer = try await client.raw(.get, path, auth: .header(try Self.signedHeader(keyID: fingerprint, path: path, sign)))
                if accepted {
                    #expect(answer.status == .ok, "\(name): \(answer.status) \(answer.text)")
                } else {
                    #expect(answer == unknown, "\(name): \(answer.status) \(answer.text)")
                }
            }
        }
    }
}
