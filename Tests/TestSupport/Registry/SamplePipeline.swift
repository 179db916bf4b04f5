import Foundation
import LineageModel

/// A 3-step pipeline (prepare → train → evaluate) in v1 request shapes, registered the way
/// roar-cli registers: create session, jobs batch, artifacts batch, links, finalize, labels.
public struct SamplePipeline: Sendable {
    /// What makes this copy's digests and job uids its own.
    public var tag: String
    /// The repository finalize names.
    public var gitRepo = "https://git.example.com/demo.git"
    /// Artifacts (by name: `data.csv`, `model.json`, `metrics.json`) given another pipeline's
    /// digest: two lineages naming the same bytes.
    public var sharedDigests: [String: String] = [:]
    /// The artifacts/batch entry sent for a digest instead of the plain one (other sizes,
    /// aliases, sources).
    public var artifactFacts: [String: JSONValue] = [:]

    /// The pipeline with `tag`.
    public init(tag: String = "") { self.tag = tag }

    /// The digest of artifact `name` in this pipeline (its tag makes it its own).
    public func digest(_ name: String) -> String { sharedDigests[name] ?? TestDigest.label(name + tag) }

    /// The digest of data.csv (prepare's output).
    public var data: String { digest("data.csv") }
    /// The digest of model.json (train's output).
    public var model: String { digest("model.json") }
    /// The digest of metrics.json (evaluate's output).
    public var metrics: String { digest("metrics.json") }

    /// The job uid of step `step` (1...3).
    public func uid(_ step: Int) -> String { String(digest("job\(step)").prefix(32)) }

    /// The jobs/batch body's `jobs`.
    public var jobs: JSONValue {
        .array(
            [("python prepare.py", 1), ("python train.py", 2), ("python evaluate.py", 3)].map { command, step in
                [
                    "command": .string(command), "duration_seconds": 0.5, "exit_code": 0, "git_branch": "main",
                    "git_commit": "e1750af3d9b6b41f384096e51557499b0d59a098", "job_type": "run", "job_uid": .string(uid(step)),
                    "metadata": .string(
                        #"{"roar_version": "0.4.7", "runtime": {"duration": 0.25, "lr": 1e-05}, "packages": {"pip": {"numpy": "2.0"}}}"#),
                    "step_number": .int(Int64(step)), "timestamp": 1795789893.2886345,
                ]
            })
    }

    /// The artifacts/batch body's `artifacts`.
    public var artifacts: JSONValue {
        .array(
            [(data, 3943), (model, 53), (metrics, 29)].map { hash, size in
                artifactFacts[hash] ?? [
                    "hashes": [["algorithm": "blake3", "digest": .string(hash)]], "size": .int(Int64(size)), "source_type": .null,
                ]
            })
    }

    /// (job step, direction, hash, path)
    public var links: [(Int, String, String, String)] {
        [
            (1, "outputs", data, "/home/alice/demo/data.csv"),
            (2, "inputs", data, "/home/alice/demo/data.csv"),
            (2, "outputs", model, "/home/alice/demo/model.json"),
            (3, "inputs", model, "/home/alice/demo/model.json"),
            (3, "outputs", metrics, "/home/alice/demo/metrics.json"),
        ]
    }

    /// The finalize body (git context).
    public var finalizeBody: JSONValue {
        ["git_repo": .string(gitRepo), "git_commit": "e1750af3d9b6b41f384096e51557499b0d59a098", "git_branch": "main"]
    }

    /// What a registration left: its session, credential and finalize reply.
    public struct Registration: Sendable {
        /// The registration session's id.
        public var sessionID: String
        /// The credential its calls used.
        public var auth: TestRegistry.Auth
        /// The finalize reply.
        public var finalize: TestRegistry.Reply
        /// The published lineage hash.
        public var hash: String? { finalize.data["published_session_hash"]?.stringValue }
    }

    /// Registers the pipeline; `signer` nil means anonymous publishing.
    public func register(_ client: some TestHTTPClient, signer: (any RequestSigner)? = nil, scope: JSONValue? = nil) async throws -> Registration {
        try await register(client, as: signer.map { .ssh($0) }, scope: scope)
    }

    /// Registers the pipeline with a user's credential (an SSH signer, a Bearer header); nil
    /// means anonymous publishing.
    public func register(_ client: some TestHTTPClient, as credential: TestRegistry.Auth?, scope: JSONValue? = nil) async throws -> Registration {
        let created: TestRegistry.Reply
        let auth: TestRegistry.Auth
        if let credential {
            created = try await client.send(.post, "/api/v1/registration-sessions", auth: credential)
            auth = credential
        } else {
            created = try await client.send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
            auth = .token(created.data["registration_session_token"]?.stringValue ?? "")
        }
        let id = created.data["registration_session_id"]?.stringValue ?? "missing"
        let base = "/api/v1/registration-sessions/\(id)"
        _ = try await client.send(.post, "\(base)/jobs/batch", json: ["jobs": jobs], auth: auth)
        _ = try await client.send(.post, "\(base)/artifacts/batch", json: ["artifacts": artifacts], auth: auth)
        for (step, side, hash, path) in links {
            _ = try await client.send(
                .post, "\(base)/jobs/\(uid(step))/\(side)", json: ["artifacts": [["hash": .string(hash), "path": .string(path)]]], auth: auth)
        }
        var body = finalizeBody.objectValue!
        if let scope { body["scope_request"] = scope }
        if credential == nil { body["expected"] = ["jobs": 3, "inputs": 2, "outputs": 3] }
        let finalize = try await client.send(.post, "\(base)/finalize", json: .object(body), auth: auth)
        return Registration(sessionID: id, auth: auth, finalize: finalize)
    }
}
