import Foundation
import LineageModel

/// A 3-step pipeline (prepare → train → evaluate) in v1 request shapes, registered the way
/// roar-cli registers: create session, jobs batch, artifacts batch, links, finalize, labels.
struct SamplePipeline {
    var tag: String

    init(tag: String = "") { self.tag = tag }

    func digest(_ name: String) -> String {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var output = ""
        for round in 0..<4 {
            for byte in "\(name)\(tag)#\(round)".utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            output += String(format: "%016llx", state)
        }
        return output
    }

    var data: String { digest("data.csv") }
    var model: String { digest("model.json") }
    var metrics: String { digest("metrics.json") }

    func uid(_ step: Int) -> String { String(digest("job\(step)").prefix(32)) }

    var jobs: JSONValue {
        .array([("python prepare.py", 1), ("python train.py", 2), ("python evaluate.py", 3)].map { command, step in
            [
                "command": .string(command), "duration_seconds": 0.5, "exit_code": 0, "git_branch": "main",
                "git_commit": "e1750af3d9b6b41f384096e51557499b0d59a098", "job_type": "run", "job_uid": .string(uid(step)),
                "metadata": .string(#"{"roar_version": "0.4.7", "runtime": {"duration": 0.25, "lr": 1e-05}, "packages": {"pip": {"numpy": "2.0"}}}"#),
                "step_number": .int(Int64(step)), "timestamp": 1795789893.2886345,
            ]
        })
    }

    var artifacts: JSONValue {
        .array([(data, 3943), (model, 53), (metrics, 29)].map { hash, size in
            ["hashes": [["algorithm": "blake3", "digest": .string(hash)]], "size": .int(Int64(size)), "source_type": .null]
        })
    }

    /// (job step, direction, hash, path)
    var links: [(Int, String, String, String)] {
        [
            (1, "outputs", data, "/home/alice/demo/data.csv"),
            (2, "inputs", data, "/home/alice/demo/data.csv"),
            (2, "outputs", model, "/home/alice/demo/model.json"),
            (3, "inputs", model, "/home/alice/demo/model.json"),
            (3, "outputs", metrics, "/home/alice/demo/metrics.json"),
        ]
    }

    var finalizeBody: JSONValue {
        ["git_repo": "https://git.example.com/demo.git", "git_commit": "e1750af3d9b6b41f384096e51557499b0d59a098", "git_branch": "main"]
    }

    struct Registration {
        var sessionID: String
        var auth: TestRegistry.Auth
        var finalize: TestRegistry.Reply
        var hash: String? { finalize.data["published_session_hash"]?.stringValue }
    }

    /// Registers the pipeline; `signer` nil means anonymous publishing.
    func register(_ client: some RegistryClient, signer: (any RequestSigner)? = nil, scope: JSONValue? = nil) async throws -> Registration {
        let created: TestRegistry.Reply
        let auth: TestRegistry.Auth
        if let signer {
            created = try await client.send(.post, "/api/v1/registration-sessions", auth: .ssh(signer))
            auth = .ssh(signer)
        } else {
            created = try await client.send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
            auth = .token(created.data["registration_session_token"]?.stringValue ?? "")
        }
        let id = created.data["registration_session_id"]?.stringValue ?? "missing"
        let base = "/api/v1/registration-sessions/\(id)"
        _ = try await client.send(.post, "\(base)/jobs/batch", json: ["jobs": jobs], auth: auth)
        _ = try await client.send(.post, "\(base)/artifacts/batch", json: ["artifacts": artifacts], auth: auth)
        for (step, side, hash, path) in links {
            _ = try await client.send(.post, "\(base)/jobs/\(uid(step))/\(side)", json: ["artifacts": [["hash": .string(hash), "path": .string(path)]]], auth: auth)
        }
        var body = finalizeBody.objectValue!
        if let scope { body["scope_request"] = scope }
        if signer == nil { body["expected"] = ["jobs": 3, "inputs": 2, "outputs": 3] }
        let finalize = try await client.send(.post, "\(base)/finalize", json: .object(body), auth: auth)
        return Registration(sessionID: id, auth: auth, finalize: finalize)
    }
}
