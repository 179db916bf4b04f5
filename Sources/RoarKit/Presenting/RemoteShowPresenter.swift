import Foundation
import GLaaSClient
import LineageModel

/// `roar show HASH` and `roar lineage HASH` answered by the registry when the local store does
/// not know the hash (or first, with `--remote`): the same rows as a local show, from the v1
/// read endpoints (artifact by prefix, its lineage; or a whole lineage by its hash).
public struct RemoteShowPresenter: Sendable {
    /// What the registry knows about a reference.
    public enum Record: Sendable {
        /// An artifact, with its producer and consumers (`/artifacts/{h}/lineage`).
        case artifact(artifact: JSONValue, lineage: JSONValue?)
        /// A published lineage (`/public/sessions/{h}/reproduction`).
        case lineage(JSONValue)
    }

    let client: RegistryClient
    /// What reads carry: anonymous, the SSH key's signature (the key was accepted) or a login's token.
    let credential: RegistryClient.Credential

    public init(client: RegistryClient, credential: RegistryClient.Credential = .anonymous) {
        self.client = client
        self.credential = credential
    }

    /// Whether `text` can name something on the registry: 8 to 64 hex characters.
    public static func isRegistryReference(_ text: String) -> Bool {
        (8...64).contains(text.count) && text.allSatisfy(\.isHexDigit)
    }

    /// Looks `reference` up: as an artifact digest prefix, then (64 hex) as a lineage hash.
    public func fetch(_ reference: String) async throws -> Record? {
        let ref = reference.lowercased()
        if let artifact = try await client.artifact(ref, credential: credential),
            let hash = artifact["hash"]?.stringValue ?? artifact["id"]?.stringValue
        {
            return .artifact(artifact: artifact, lineage: try await client.lineage(of: hash, credential: credential))
        }
        if ref.count == 64, let lineage = try await client.reproduction(lineage: ref, credential: credential) { return .lineage(lineage) }
        return nil
    }

    public func text(_ record: Record) -> String {
        switch record {
        case .artifact(let artifact, let lineage): return artifactText(artifact, lineage: lineage)
        case .lineage(let lineage): return lineageText(lineage)
        }
    }

    public func json(_ record: Record) -> JSONValue {
        switch record {
        case .artifact(let artifact, let lineage):
            return [
                "kind": "artifact", "source": "registry", "registry": .string(client.endpoint.baseURL),
                "digest": artifact["hash"] ?? .null, "algorithm": "blake3", "size": artifact["size"] ?? .null,
                "visibility": artifact["scope"]?["visibility"] ?? .null,
                "lineage": lineage?["producedBy"]?["sessionHash"] ?? artifact["originalSessionHash"] ?? .null,
                "produced_by": lineage?["producedBy"] ?? .null, "consumed_by": lineage?["consumedBy"] ?? .array([]),
            ]
        case .lineage(let lineage):
            return [
                "kind": "lineage", "source": "registry", "registry": .string(client.endpoint.baseURL),
                "hash": lineage["sessionHash"] ?? lineage["hash"] ?? .null,
                "url": lineage["url"] ?? .null, "visibility": lineage["visibility"] ?? .null,
                "git": ["repo": lineage["gitRepo"] ?? .null, "commit": lineage["gitCommit"] ?? .null, "branch": lineage["gitBranch"] ?? .null],
                "jobs": lineage["jobs"] ?? .array([]),
            ]
        }
    }

    func artifactText(_ artifact: JSONValue, lineage: JSONValue?) -> String {
        let hash = artifact["hash"]?.stringValue ?? "?"
        let producer = lineage?["producedBy"].flatMap { $0.isNull ? nil : $0 }
        let path = producer?["outputs"]?.arrayValue?.first(where: { $0["hash"]?.stringValue == hash })?["path"]?.stringValue
        var rows: [[String]] = [
            ["artifact", path ?? "(path unknown)"],
            ["digest", "blake3:\(hash)"],
            ["size", artifact["size"]?.int64Value.map(Output.size) ?? "?"],
            ["registry", "\(client.endpoint.baseURL) (\(artifact["scope"]?["visibility"]?.stringValue ?? "public"))"],
        ]
        if let producer {
            if let session = producer["sessionHash"]?.stringValue { rows.append(["lineage", session]) }
            rows += jobRows(producer)
        } else {
            rows.append(["produced by", "no registered job (a source)"])
        }
        for (index, job) in (lineage?["consumedBy"]?.arrayValue ?? []).enumerated() {
            rows.append([index == 0 ? "consumed by" : "", "@\(job["stepNumber"]?.int64Value ?? 0) \(job["command"]?.stringValue ?? "")"])
        }
        return Output.table(rows)
    }

    func jobRows(_ job: JSONValue) -> [[String]] {
        var rows: [[String]] = [
            ["produced by", "@\(job["stepNumber"]?.int64Value ?? 0) \(job["jobUid"]?.stringValue ?? "")  \(job["command"]?.stringValue ?? "")"]
        ]
        var run: [String] = []
        if let timestamp = job["timestamp"]?.doubleValue { run.append(Output.time(Date(timeIntervalSince1970: timestamp))) }
        if let duration = job["durationSeconds"]?.doubleValue { run.append(Output.duration(duration)) }
        if let exit = job["exitCode"]?.int64Value { run.append(exit == 0 ? "exit 0" : "failed (exit \(exit))") }
        if !run.isEmpty { rows.append(["run at", run.joined(separator: " · ")]) }
        if let commit = job["gitCommit"]?.stringValue {
            rows.append(["commit", "\(commit.prefix(12)) (\(job["gitBranch"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "detached"))"])
        }
        let inputs = job["inputs"]?.arrayValue ?? []
        if inputs.isEmpty { rows.append(["inputs", "none"]) }
        let table = Output.table(inputs.map { [$0["path"]?.stringValue ?? "?", Output.short($0["hash"]?.stringValue ?? "")] }).split(separator: "\n")
        for (index, line) in table.enumerated() { rows.append([index == 0 ? "inputs" : "", String(line)]) }
        let metadata = job["metadata"]?.stringValue ?? job["metadata"].map { String(decoding: CanonicalJSON.bytes($0), as: UTF8.self) } ?? ""
        return rows + ShowPresenter.environmentRows(metadata: metadata)
    }

    func lineageText(_ lineage: JSONValue) -> String {
        var rows: [[String]] = [
            ["lineage", lineage["sessionHash"]?.stringValue ?? lineage["hash"]?.stringValue ?? "?"],
            ["registry", "\(client.endpoint.baseURL) (\(lineage["visibility"]?.stringValue ?? "public"))"],
        ]
        if let url = lineage["url"]?.stringValue { rows.append(["page", url]) }
        if let commit = lineage["gitCommit"]?.stringValue {
            rows.append([
                "commit",
                "\(commit.prefix(12)) (\(lineage["gitBranch"]?.stringValue ?? "detached"))\(lineage["gitRepo"]?.stringValue.map { "  \($0)" } ?? "")",
            ])
        }
        let jobs = lineage["jobs"]?.arrayValue ?? []
        for (index, job) in jobs.enumerated() {
            rows.append([index == 0 ? "jobs" : "", "@\(job["stepNumber"]?.int64Value ?? 0) \(job["command"]?.stringValue ?? "")"])
        }
        if jobs.isEmpty { rows.append(["jobs", "none"]) }
        return Output.table(rows)
    }
}
