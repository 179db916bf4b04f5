import Foundation
import LineageModel
import LineageStore
import SSHSignatures
import TestSupport
import Testing

/// Attack 10: small leaks and weak keys.
extension AdversaryTests {
    /// `/metrics`, which anyone reads, counts the lineages anyone can see: private ones are not
    /// counted until their owner makes one public (the control).
    @Test(arguments: StoreKind.available)
    func metricsCountOnlyPublicLineages(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let shown = try await SamplePipeline(tag: "-metrics-public").register(client)
            #expect(shown.hash != nil)
            let secret = SamplePipeline(tag: "-metrics-private")
            for tag in ["-metrics-private", "-metrics-private-2"] {
                #expect(try await SamplePipeline(tag: tag).register(client, signer: alice, scope: Self.privateScope).hash != nil)
            }
            #expect(try await Self.publishedLineages(client) == 1)
            #expect(try await client.get("/api/v1/sessions?limit=100").data["total"] == 1)
            #expect(try await secret.register(client, signer: alice, scope: Self.publicScope).finalize.data["visibility"] == "public")
            #expect(try await Self.publishedLineages(client) == 2)
        }
    }

    /// `glaas_store_lineages` of `/metrics`, read without a signature.
    static func publishedLineages(_ client: some TestHTTPClient) async throws -> Double? {
        let reply = try await client.get("/metrics")
        #expect(reply.status == .ok)
        return try OperationsTests.parse(try #require(reply.json.stringValue)).first { $0.name == "glaas_store_lineages" }?.value
    }

    /// Every refused signature gets one answer, byte for byte, whether the key is unknown or
    /// the signature does not verify (another path or body, a changed byte, a filled reserved
    /// field, a cut blob, not an SSHSIG, another key's signature under alice's key id), on a
    /// read and on a write; and the write changes nothing.
    @Test(arguments: StoreKind.available)
    func anUnknownKeyAndEveryBadSignatureGetTheSameBytes(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let stranger = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        let hash = try #require(try await registry.run { client in try await SamplePipeline(tag: "-oracle").register(client, signer: alice).hash })
        try await Self.serve(registry.store) { client in
            for (method, path, body) in [("GET", "/api/v1/auth/me", [UInt8]()), ("POST", Self.labelEditPath, Self.dagLabelEdit(hash, ["x": 1]))] {
                let send = { (header: String) in
                    try await client.raw(.init(method)!, path, body: body.isEmpty ? nil : body, auth: .header(header))
                }
                let unknown = try await send(try stranger.authorization(method: method, pathWithQuery: path, body: body))
                #expect(unknown.status == .unauthorized && unknown.text.contains("Signature not accepted"), "\(unknown.text)")
                let good = try alice.authorization(method: method, pathWithQuery: path, body: body)
                let signature = try #require(good.split(separator: "sig=\"").last.map { String($0.dropLast()) })
                let blob = Array(try #require(Data(base64Encoded: signature)))
                var reserved = StrictSignatureTests.Parts(blob)
                reserved.reserved = [1]
                var otherKey = StrictSignatureTests.Parts(
                    try stranger.signSSHSIG(
                        SSHSignature.message(
                            timestamp: String(Int(Date().timeIntervalSince1970)), method: method, pathWithQuery: path, body: body)))
                otherKey.key = StrictSignatureTests.Parts(blob).key
                var changed = blob
                changed[changed.count / 2] ^= 0x40
                let bad: [(String, String)] = [
                    ("another path", try alice.authorization(method: method, pathWithQuery: path + "?x=1", body: body)),
                    ("another body", try alice.authorization(method: method, pathWithQuery: path, body: body + [0x20])),
                    ("a changed byte", good.replacingOccurrences(of: signature, with: Data(changed).base64EncodedString())),
                    ("reserved field", good.replacingOccurrences(of: signature, with: Data(reserved.blob).base64EncodedString())),
                    ("cut blob", good.replacingOccurrences(of: signature, with: Data(blob.dropLast(9)).base64EncodedString())),
                    ("not an SSHSIG", good.replacingOccurrences(of: signature, with: Data("hello".utf8).base64EncodedString())),
                    ("another key's signature", good.replacingOccurrences(of: signature, with: Data(otherKey.blob).base64EncodedString())),
                ]
                let labels = try await registry.store.count(table: "labels")
                for (name, header) in bad {
                    let answer = try await send(header)
                    #expect(answer == unknown, "\(method) \(name): \(answer.status) \(answer.text) vs \(unknown.text)")
                }
                #expect(try await registry.store.count(table: "labels") == labels)
                #expect(try await send(good).status == .ok, "the control: alice's own signature")
            }
        }
    }

    /// The key-registration oracle through a signature that is not base64: the registry looks
    /// the key up first, and tells a registered key ("Signature sig is not base64") from an
    /// unknown one ("Signature not accepted").
    @Test
    func aSignatureThatIsNotBase64DoesNotTellWhetherItsKeyIsRegistered() async throws {
        let registry = try await TestRegistry(.sqlite)
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        try await Self.serve(registry.store) { client in
            let now = Int(Date().timeIntervalSince1970)
            let header = { (keyID: String) in "Signature keyid=\"\(keyID)\" ts=\"\(now)\" sig=\"!!!\"" }
            let known = try await client.raw(.get, "/api/v1/auth/me", auth: .header(header(alice.fingerprint)))
            let unknown = try await client.raw(.get, "/api/v1/auth/me", auth: .header(header(InMemoryEd25519Signer().fingerprint)))
            #expect(known.status == .unauthorized)
            #expect(known == unknown, "registered: \(known.text); unknown: \(unknown.text)")
        }
    }
}
