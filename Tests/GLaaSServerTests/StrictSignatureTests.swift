import Foundation
import LineageModel
import SSHSignatures
import TestSupport
import Testing

/// One signed request has one encoding: SSHSIG parsing refuses every re-encoding of a valid
/// signature, weak and malformed keys are refused, and a replay is caught whatever bytes it
/// carries, because the replay cache keys on what was signed.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct StrictSignatureTests {
    struct Wire {
        var bytes: [UInt8] = []
        mutating func raw(_ data: [UInt8]) { bytes += data }
        mutating func string(_ data: [UInt8]) {
            let count = UInt32(data.count)
            bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + data
        }
    }

    /// The fields of an SSHSIG blob, to put back together with one of them changed.
    struct Parts {
        var key: [UInt8]
        var reserved: [UInt8] = []
        var format: [UInt8]
        var signature: [UInt8]
        var inside: [UInt8] = []
        var after: [UInt8] = []

        init(_ blob: [UInt8]) {
            var offset = 10 // "SSHSIG" + version
            func next() -> [UInt8] {
                let count = Int(blob[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                defer { offset += 4 + count }
                return Array(blob[offset + 4..<offset + 4 + count])
            }
            key = next()
            _ = next()
            _ = next()
            _ = next()
            let inner = next()
            var innerOffset = 0
            func nextInner() -> [UInt8] {
                let count = Int(inner[innerOffset..<innerOffset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                defer { innerOffset += 4 + count }
                return Array(inner[innerOffset + 4..<innerOffset + 4 + count])
            }
            format = nextInner()
            signature = nextInner()
        }

        var blob: [UInt8] {
            var inner = Wire()
            inner.string(format)
            inner.string(signature)
            inner.raw(inside)
            var outer = Wire()
            outer.raw(Array("SSHSIG".utf8) + [0, 0, 0, 1])
            outer.string(key)
            outer.string(Array("glaas".utf8))
            outer.string(reserved)
            outer.string(Array("sha512".utf8))
            outer.string(inner.bytes)
            outer.raw(after)
            return outer.bytes
        }
    }

    static let message = Array("1795789950\nPOST\n/api/v1/labels/sync\nabc".utf8)

    @Test func everyReencodingOfAnEd25519SignatureIsRefused() throws {
        let signer = InMemoryEd25519Signer()
        let key = try SSHPublicKey(openSSHLine: signer.publicKeyLine)
        let valid = Parts(try signer.signSSHSIG(Self.message))
        try SSHSignature(blob: valid.blob).verify(message: Self.message, expectedKey: key)
        var reserved = valid
        reserved.reserved = [1]
        var inside = valid
        inside.inside = [0]
        var after = valid
        after.after = [0]
        var long = valid
        long.signature += [0]
        for (name, parts) in [("reserved", reserved), ("inside", inside), ("after", after), ("long", long)] {
            #expect(throws: (any Error).self, "\(name)") {
                try SSHSignature(blob: parts.blob).verify(message: Self.message, expectedKey: key)
            }
        }
    }

    @Test func ecdsaIntegersMustBeCanonical() throws {
        let signer = try SSHKeygenSigner(type: "ecdsa")
        let key = try SSHPublicKey(openSSHLine: signer.publicKeyLine)
        let valid = Parts(try signer.signSSHSIG(Self.message))
        try SSHSignature(blob: valid.blob).verify(message: Self.message, expectedKey: key)
        // r with one more zero byte in front: the same number, another encoding.
        let r = Self.mpints(valid.signature)
        var padded = valid
        var wire = Wire()
        wire.string([0] + Self.mpint(r[0]))
        wire.string(Self.mpint(r[1]))
        padded.signature = wire.bytes
        #expect(throws: SSHSignature.Invalid.self) { try SSHSignature(blob: padded.blob).verify(message: Self.message, expectedKey: key) }
    }

    @Test func weakAndMalformedKeysAreRefused() {
        // RSA of 1024 bits.
        var rsa = Wire()
        rsa.string(Array("ssh-rsa".utf8))
        rsa.string([1, 0, 1])
        rsa.string([0, 0xC0] + [UInt8](repeating: 7, count: 127))
        #expect(throws: SSHPublicKey.ParseError.self) { try SSHPublicKey(blob: rsa.bytes) }
        // ECDSA with an empty curve name, or a point of the wrong size.
        for (curve, point) in [("", [4] + [UInt8](repeating: 1, count: 64)), ("nistp256", [4] + [UInt8](repeating: 1, count: 10))] {
            var ecdsa = Wire()
            ecdsa.string(Array("ecdsa-sha2-nistp256".utf8))
            ecdsa.string(Array(curve.utf8))
            ecdsa.string(point)
            #expect(throws: SSHPublicKey.ParseError.self, "\(curve)") { try SSHPublicKey(blob: ecdsa.bytes) }
        }
        // An RSA exponent with a needless zero byte.
        var padded = Wire()
        padded.string(Array("ssh-rsa".utf8))
        padded.string([0, 1, 0, 1])
        padded.string([0, 0xC0] + [UInt8](repeating: 7, count: 255))
        #expect(throws: SSHPublicKey.ParseError.self) { try SSHPublicKey(blob: padded.bytes) }
    }

    @Test(arguments: StoreKind.available)
    func aReplayIsCaughtWhateverItsSignatureBytes(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let signer = try SSHKeygenSigner(type: "ecdsa")
        _ = try await registry.addUser("alice", signer: signer)
        try await registry.run { client in
            let body = Array(#"{"client_session_id": "replayed"}"#.utf8)
            let path = "/api/v1/registration-sessions"
            let header = try signer.authorization(method: "POST", pathWithQuery: path, body: body)
            #expect(try await client.send(.post, path, body: body, auth: .header(header)).status == .created)
            // The same signature with s replaced by n - s still verifies, and is still a replay.
            let sig = try #require(header.split(separator: "sig=\"").last.map { String($0.dropLast()) })
            var parts = Parts(Array(try #require(Data(base64Encoded: sig))))
            let rs = Self.mpints(parts.signature)
            var flipped = Wire()
            flipped.string(Self.mpint(rs[0]))
            flipped.string(Self.mpint(Self.subtract(Self.p256Order, rs[1])))
            parts.signature = flipped.bytes
            let flippedHeader = header.replacingOccurrences(of: sig, with: Data(parts.blob).base64EncodedString())
            let replay = try await client.send(.post, path, body: body, auth: .header(flippedHeader))
            #expect(replay.status == .unauthorized)
            #expect(replay.message?.contains("already used") == true, "\(replay.message ?? "no message")")
        }
    }

    @Test(arguments: StoreKind.available)
    func anUnknownKeyAndABadSignatureGetOneAnswer(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        let stranger = InMemoryEd25519Signer()
        try await registry.run { client in
            let unknown = try await client.get("/api/v1/auth/me", auth: .ssh(stranger))
            let wrongPath = try alice.authorization(method: "GET", pathWithQuery: "/api/v1/sessions", body: [])
            let bad = try await client.get("/api/v1/auth/me", auth: .header(wrongPath))
            #expect(unknown.status == .unauthorized)
            #expect(bad.status == .unauthorized)
            #expect(unknown.message == bad.message, "\(unknown.message ?? "") vs \(bad.message ?? "")")
        }
    }

    /// The two mpints of an SSH ECDSA signature, without sign bytes.
    static func mpints(_ blob: [UInt8]) -> [[UInt8]] {
        var offset = 0
        var values: [[UInt8]] = []
        while offset + 4 <= blob.count {
            let count = Int(blob[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            values.append(Array(blob[offset + 4..<offset + 4 + count].drop(while: { $0 == 0 })))
            offset += 4 + count
        }
        return values
    }

    /// An unsigned big-endian integer as a canonical mpint.
    static func mpint(_ value: [UInt8]) -> [UInt8] {
        let trimmed = Array(value.drop(while: { $0 == 0 }))
        return (trimmed.first ?? 0) & 0x80 != 0 ? [0] + trimmed : trimmed
    }

    static let p256Order: [UInt8] = Array(
        Data(base64Encoded: "/////wAAAAD//////////7zm+q2nF56E87nKwvxjJVE=")!)

    /// a - b for big-endian unsigned integers with a >= b.
    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let b = [UInt8](repeating: 0, count: a.count - b.count) + b
        var result = [UInt8](repeating: 0, count: a.count)
        var borrow = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            var digit = Int(a[index]) - Int(b[index]) - borrow
            borrow = digit < 0 ? 1 : 0
            if digit < 0 { digit += 256 }
            result[index] = UInt8(digit)
        }
        return result
    }
}
