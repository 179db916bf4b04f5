import Foundation
import LineageModel
import TestSupport
import Testing

/// Attack 4: replays.
extension AdversaryTests {
    /// A captured signed label edit, replayed after a newer edit with its signature blob
    /// re-encoded (the lax encodings SSHSIG parsing used to accept), one byte changed, or as it
    /// was, is refused every time and does not undo the newer edit: for an Ed25519 key and for
    /// an ECDSA key (whose `s` and `n - s` both verify).
    @Test(arguments: StoreKind.available)
    func aCapturedLabelEditReplayedInAnyEncodingUndoesNothing(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let signers: [(String, any RequestSigner)] = [("ed25519", InMemoryEd25519Signer()), ("ecdsa", try SSHKeygenSigner(type: "ecdsa"))]
        for (name, signer) in signers { try await registry.addUser(name, signer: signer) }
        try await registry.run { client in
            for (name, signer) in signers {
                let hash = try #require(try await SamplePipeline(tag: "-replay-\(name)").register(client, signer: signer).hash)
                let path = Self.labelEditPath
                let captured = Self.dagLabelEdit(hash, ["stage": "candidate"])
                let header = try signer.authorization(method: "POST", pathWithQuery: path, body: captured)
                #expect(try await client.send(.post, path, body: captured, auth: .header(header)).status == .ok, "\(name)")
                let newer = try await client.send(.post, path, body: Self.dagLabelEdit(hash, ["stage": "retired"]), auth: .ssh(signer))
                #expect(newer.status == .ok, "\(name)")
                let before = try await Self.dagLabel(client, hash, as: .none)
                #expect(before.data["metadata"] == ["stage": "retired"], "\(name): \(before.json)")
                let labels = try await registry.store.count(table: "labels")

                let signature = try #require(header.split(separator: "sig=\"").last.map { String($0.dropLast()) })
                let blob = Array(try #require(Data(base64Encoded: signature)))
                for (variant, replayed) in try Self.reencodings(of: blob, ecdsa: name == "ecdsa") {
                    let forged = header.replacingOccurrences(of: signature, with: Data(replayed).base64EncodedString())
                    let reply = try await client.send(.post, path, body: captured, auth: .header(forged))
                    #expect(reply.status == .unauthorized, "\(name) \(variant): \(reply.status) \(reply.json)")
                }
                let verbatim = try await client.send(.post, path, body: captured, auth: .header(header))
                #expect(verbatim.status == .unauthorized && verbatim.message?.contains("already used") == true, "\(name): \(verbatim.json)")
                #expect(try await Self.dagLabel(client, hash, as: .none).json == before.json, "\(name): the replay undid the newer edit")
                #expect(try await registry.store.count(table: "labels") == labels, "\(name)")
            }
        }
    }

    /// The same SSHSIG blob in other encodings, each a byte or so away from the original: the
    /// reserved field filled, a byte inside the signature string or after the blob, a longer
    /// signature, the last byte changed; for ECDSA also `r` with a needless zero and `s`
    /// replaced by `n - s` (which verifies: only the replay cache can refuse it).
    static func reencodings(of blob: [UInt8], ecdsa: Bool) throws -> [(String, [UInt8])] {
        let valid = StrictSignatureTests.Parts(blob)
        #expect(valid.blob == blob, "the blob parts do not put the blob back together")
        var reserved = valid
        reserved.reserved = [1]
        var inside = valid
        inside.inside = [0]
        var after = valid
        after.after = [0]
        var long = valid
        long.signature += [0]
        var changed = blob
        changed[changed.count - 1] ^= 1
        var variants = [
            ("reserved field", reserved.blob), ("byte inside", inside.blob), ("byte after", after.blob), ("longer signature", long.blob),
            ("last byte changed", changed),
        ]
        if ecdsa {
            let integers = StrictSignatureTests.mpints(valid.signature)
            var padded = StrictSignatureTests.Wire()
            padded.string([0] + StrictSignatureTests.mpint(integers[0]))
            padded.string(StrictSignatureTests.mpint(integers[1]))
            var flipped = StrictSignatureTests.Wire()
            flipped.string(StrictSignatureTests.mpint(integers[0]))
            flipped.string(StrictSignatureTests.mpint(StrictSignatureTests.subtract(StrictSignatureTests.p256Order, integers[1])))
            var paddedParts = valid
            paddedParts.signature = padded.bytes
            var flippedParts = valid
            flippedParts.signature = flipped.bytes
            variants += [("r with a zero in front", paddedParts.blob), ("s as n - s", flippedParts.blob)]
        }
        return variants
    }

    /// docs/server.md's decision on identical legitimate requests: a signed write repeated with
    /// the same key, second and body is refused the second time and writes nothing; signed a
    /// second later it is a new request; a bodiless request (session creation) may repeat, and
    /// each one counts.
    @Test(arguments: StoreKind.available)
    func anIdenticalSignedWriteCountsOnceAndABodilessOneRepeats(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let hash = try #require(try await SamplePipeline(tag: "-identical").register(client, signer: alice).hash)
            let path = Self.labelEditPath
            let body = Self.dagLabelEdit(hash, ["note": "once"])
            let now = Int(Date().timeIntervalSince1970)
            let header = try alice.authorization(method: "POST", pathWithQuery: path, body: body, timestamp: now)
            #expect(try await client.send(.post, path, body: body, auth: .header(header)).status == .ok)
            let history = "/api/v1/labels/history?entity_type=dag&session_hash=\(hash)"
            let versions = try await client.get(history).data["labels"]?.arrayValue?.count
            #expect(versions == 1)
            let labels = try await registry.store.count(table: "labels")
            let again = try await client.send(.post, path, body: body, auth: .header(header))
            #expect(again.status == .unauthorized && again.message?.contains("already used") == true, "\(again.json)")
            #expect(try await client.get(history).data["labels"]?.arrayValue?.count == versions)
            #expect(try await registry.store.count(table: "labels") == labels)
            let nextSecond = try alice.authorization(method: "POST", pathWithQuery: path, body: body, timestamp: now + 1)
            #expect(try await client.send(.post, path, body: body, auth: .header(nextSecond)).status == .ok)

            let sessions = try await registry.store.count(table: "registration_sessions")
            let create = try alice.authorization(method: "POST", pathWithQuery: "/api/v1/registration-sessions", body: [])
            for _ in 0..<2 {
                #expect(try await client.send(.post, "/api/v1/registration-sessions", auth: .header(create)).status == .created)
            }
            #expect(try await registry.store.count(table: "registration_sessions") == sessions + 2)
        }
    }
}
