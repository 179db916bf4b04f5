import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct AuthTests {
    /// Keys made and signatures made by OpenSSH itself, as roar-cli makes them.
    @Test(arguments: StoreKind.available, ["ed25519", "rsa", "ecdsa"])
    func signaturesFromSSHKeygenVerify(kind: StoreKind, type: String) async throws {
        let registry = try await TestRegistry(kind)
        let signer = try SSHKeygenSigner(type: type)
        let user = try await registry.addUser("alice", signer: signer)
        try await registry.run { client in
            let me = try await client.get("/api/v1/auth/me", auth: .ssh(signer))
            #expect(me.status == .ok)
            #expect(me.json["data"]?["user"]?["id"]?.stringValue == user.id)
            #expect(me.json["data"]?["creatorIdentity"]?.stringValue == "glaas:user:\(user.id)")
            // A signed request with a body: the body hash is part of what is signed.
            let created = try await client.send(
                .post, "/api/v1/registration-sessions", json: ["client_session_id": .string("k-\(type)")], auth: .ssh(signer))
            #expect(created.status == .created)
            #expect(try await client.get("/api/v1/sessions?limit=1", auth: .ssh(signer)).status == .ok)
        }
    }

    @Test(arguments: StoreKind.available)
    func badSignaturesAreRejected(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let stranger = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let path = "/api/v1/sessions?limit=1"
            // Unknown key.
            #expect(try await client.get(path, auth: .ssh(stranger)).status == .unauthorized)
            // Expired and future timestamps.
            for skew in [-3600, 3600] {
                let header = try alice.authorization(
                    method: "GET", pathWithQuery: path, body: [], timestamp: Int(Date().timeIntervalSince1970) + skew)
                let reply = try await client.get(path, auth: .header(header))
                #expect(reply.status == .unauthorized)
                #expect(reply.message?.contains("window") == true)
            }
            // Signed for another path, or another body.
            let forged = try alice.authorization(method: "GET", pathWithQuery: "/api/v1/sessions?limit=2", body: [])
            #expect(try await client.get(path, auth: .header(forged)).status == .unauthorized)
            let body = Array(#"{"mode":"x"}"#.utf8)
            let otherBody = try alice.authorization(method: "POST", pathWithQuery: "/api/v1/registration-sessions", body: Array("{}".utf8))
            #expect(try await client.send(.post, "/api/v1/registration-sessions", body: body, auth: .header(otherBody)).status == .unauthorized)
            // Wrong namespace.
            var git = InMemoryEd25519Signer()
            git.namespace = "git"
            _ = try await registry.addUser("gitsigner", signer: git)
            #expect(try await client.get(path, auth: .ssh(git)).status == .unauthorized)
            // Garbage.
            for header in [
                "Signature keyid=\"\(alice.fingerprint)\" ts=\"1\"", "Signature nonsense",
                "Signature keyid=\"\(alice.fingerprint)\" ts=\"\(Int(Date().timeIntervalSince1970))\" sig=\"!!!\"",
                "Signature keyid=\"\(alice.fingerprint)\" ts=\"\(Int(Date().timeIntervalSince1970))\" sig=\"AAAA\"", "Bearer abc", "Digest x",
            ] {
                let reply = try await client.get(path, auth: .header(header))
                #expect(reply.status == .unauthorized, "\(header)")
                #expect(reply.message != nil)
            }
            #expect(try await client.get("/api/v1/auth/me").status == .unauthorized)
        }
    }

    @Test(arguments: StoreKind.available)
    func aStateChangingSignatureCannotBeReplayed(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let body = Array(#"{"client_session_id": "once"}"#.utf8)
            let header = try alice.authorization(method: "POST", pathWithQuery: "/api/v1/registration-sessions", body: body)
            #expect(try await client.send(.post, "/api/v1/registration-sessions", body: body, auth: .header(header)).status == .created)
            let replay = try await client.send(.post, "/api/v1/registration-sessions", body: body, auth: .header(header))
            #expect(replay.status == .unauthorized)
            #expect(replay.message?.contains("already used") == true)
            // Bodiless requests may repeat: roar-cli sends the same GET twice within a second.
            let create = try alice.authorization(method: "POST", pathWithQuery: "/api/v1/registration-sessions", body: [])
            #expect(try await client.send(.post, "/api/v1/registration-sessions", auth: .header(create)).status == .created)
            #expect(try await client.send(.post, "/api/v1/registration-sessions", auth: .header(create)).status == .created)
            let read = try alice.authorization(method: "GET", pathWithQuery: "/api/v1/auth/me", body: [])
            #expect(try await client.get("/api/v1/auth/me", auth: .header(read)).status == .ok)
            #expect(try await client.get("/api/v1/auth/me", auth: .header(read)).status == .ok)
        }
    }
}
