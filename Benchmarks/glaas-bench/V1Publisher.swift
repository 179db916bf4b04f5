import AsyncHTTPClient
import Foundation
import LineageModel
import NIOCore

/// Publishes a lineage over HTTP the way roar-cli 0.4.7 does: one jobs batch, artifact batches
/// of at most 90 KB, one inputs and one outputs call per job (≤100 edges each), finalize.
struct V1Publisher {
    let client: HTTPClient
    let url: String

    /// Returns the lineage hash the server computed and the number of requests sent.
    func publish(_ lineage: Lineage, artifacts: [Artifact]) async throws -> (hash: String, requests: Int) {
        var requests = 0
        func post(_ path: String, _ body: JSONValue, token: String?) async throws -> JSONValue {
            requests += 1
            var request = HTTPClientRequest(url: url + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let token { request.headers.add(name: "Authorization", value: "RegistrationSession \(token)") }
            request.body = .bytes(ByteBuffer(bytes: CanonicalJSON.bytes(body)))
            let response = try await client.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            let json = (try? JSONParser.parse(Array(buffer: bytes))) ?? .string(String(buffer: bytes))
            guard (200..<300).contains(Int(response.status.code)) else {
                throw BenchError("\(path): \(response.status.code) \(json)", status: response.status.code)
            }
            return json["data"] ?? json
        }
        let session = try await post("/api/v1/registration-sessions", ["mode": "anonymous_public"], token: nil)
        guard let id = session["registration_session_id"]?.stringValue, let token = session["registration_session_token"]?.stringValue else {
            throw BenchError("no registration session in \(session)")
        }
        let base = "/api/v1/registration-sessions/\(id)"
        _ = try await post("\(base)/jobs/batch", ["jobs": .array(lineage.jobs.map(Self.jobJSON))], token: token)
        var batch: [JSONValue] = []
        var batchBytes = 0
        for artifact in artifacts {
            let entry: JSONValue = [
                "hashes": .array(artifact.digests.map { ["algorithm": .string($0.algorithm), "digest": .string($0.hex)] }),
                "size": .int(artifact.size), "source_type": .null,
            ]
            let size = CanonicalJSON.bytes(entry).count + 2
            if batchBytes + size > 90_000, !batch.isEmpty {
                _ = try await post("\(base)/artifacts/batch", ["artifacts": .array(batch)], token: token)
                batch = []
                batchBytes = 0
            }
            batch.append(entry)
            batchBytes += size
        }
        if !batch.isEmpty { _ = try await post("\(base)/artifacts/batch", ["artifacts": .array(batch)], token: token) }
        for job in lineage.jobs {
            for (side, refs) in [("inputs", job.inputs), ("outputs", job.outputs)] where !refs.isEmpty {
                for start in stride(from: 0, to: refs.count, by: 100) {
                    let chunk = refs[start..<min(start + 100, refs.count)]
                    let links = JSONValue.array(chunk.map { ["hash": .string($0.hash), "path": .string($0.path ?? "")] })
                    _ = try await post("\(base)/jobs/\(job.jobUID)/\(side)", ["artifacts": links], token: token)
                }
            }
        }
        let counts = (
            lineage.jobs.count,
            lineage.jobs.reduce(0) { $0 + ArtifactRef.deduplicatedByHash($1.inputs).count },
            lineage.jobs.reduce(0) { $0 + ArtifactRef.deduplicatedByHash($1.outputs).count }
        )
        let receipt = try await post(
            "\(base)/finalize",
            [
                "git_repo": .string(lineage.git.repo ?? ""), "git_commit": .string(lineage.git.commit ?? ""),
                "git_branch": .string(lineage.git.branch ?? ""),
                "expected": ["jobs": .int(Int64(counts.0)), "inputs": .int(Int64(counts.1)), "outputs": .int(Int64(counts.2))],
            ], token: token)
        guard let hash = receipt["published_session_hash"]?.stringValue else { throw BenchError("no hash in \(receipt)") }
        return (hash, requests)
    }

    static func jobJSON(_ job: Job) -> JSONValue {
        [
            "command": .string(job.command ?? ""), "timestamp": .double(job.timestamp ?? 0), "job_uid": .string(job.jobUID),
            "git_commit": .string(job.gitCommit ?? ""), "git_branch": .string(job.gitBranch ?? ""),
            "duration_seconds": .double(job.durationSeconds ?? 0), "exit_code": .int(Int64(job.exitCode ?? 0)),
            "job_type": .string(job.jobType), "step_number": .int(Int64(job.stepNumber)), "metadata": .string(job.metadata ?? "{}"),
        ]
    }
}
