import Foundation
import GLaaSClient
import LineageModel
import RoarKit

/// `roar find --remote`: the registry's query API (`/api/graph/v1/artifacts` and `/jobs`), its
/// pages followed up to the limit, with the user's read credential.
enum RemoteFind {
    static func search(_ query: FindQuery) async throws -> [FindMatch] {
        let jobCriteria = [query.command.map { _ in "--command" }, query.repo.map { _ in "--repo" }, query.commit.map { _ in "--commit" }]
            .compactMap { $0 }
        if query.looksForArtifacts, let first = jobCriteria.first {
            throw RoarError.usage("on the registry, \(first) searches jobs and --path/--tag search artifacts: give one or the other")
        }
        let (_, configuration) = try RegistryContext.open()
        let reader = RegistryReader(connection: try RegistryConnection(configuration: configuration), note: { warn($0) })
        var parameters: [(String, String)] = []
        if let since = query.since { parameters.append(("since", since.formatted(.iso8601))) }
        if let until = query.until { parameters.append(("until", until.formatted(.iso8601))) }
        do {
            if query.looksForArtifacts {
                if let path = query.path { parameters.append(("path", path)) }
                if let tag = query.tag { parameters.append(("tag", tag.kind)) }
                return try await artifacts(parameters, query: query, reader: reader)
            }
            if let command = query.command { parameters.append(("command", command)) }
            if let repo = query.repo { parameters.append(("repo", repo)) }
            if let commit = query.commit { parameters.append(("commit", commit)) }
            return try await pages("jobs", parameters, limit: query.limit, reader: reader) { item in
                guard let uid = item["job_uid"]?.stringValue else { return nil }
                return FindMatch(
                    kind: "job", id: uid, text: item["command"]?.stringValue ?? "",
                    time: item["timestamp"]?.doubleValue.map(Date.init(timeIntervalSince1970:)),
                    lineage: item["lineage_hash"]?.stringValue)
            }
        } catch let error as RegistryClientError {
            if case .http(let status, let message, _) = error {
                throw RoarError.failed("the registry refused the search (HTTP \(status)): \(message)")
            }
            throw error
        }
    }

    /// Artifacts, each with a path a job recorded for it (and, for `--tag K=V`, only those
    /// whose current tags hold the value).
    static func artifacts(_ parameters: [(String, String)], query: FindQuery, reader: RegistryReader) async throws -> [FindMatch] {
        try await pages("artifacts", parameters, limit: query.limit, reader: reader) { item in
            guard let hash = item["hash"]?.stringValue else { return nil }
            if let tag = query.tag, let value = tag.value {
                let target = RemoteLabelTarget(entityType: "artifact", artifactHash: hash)
                let current = try await reader.read { try await reader.client.currentLabels(target, credential: $0) }
                guard TagEdit.has(tag.kind, value: value, in: LabelDocument(current?["metadata"]?.objectValue ?? [:])) else { return nil }
            }
            let path = try await recordedPath(of: hash, containing: query.path, reader: reader)
            let time =
                item["registered_at"]?.stringValue.flatMap { try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
                ?? item["registered_at"]?.stringValue.flatMap { try? Date($0, strategy: Date.ISO8601FormatStyle()) }
            return FindMatch(kind: "artifact", id: hash, text: path, time: time)
        }
    }

    /// A path a job recorded for the artifact (one containing `text` when given): its producers'
    /// outputs, then its consumers' inputs, at most three jobs asked.
    static func recordedPath(of hash: String, containing text: String?, reader: RegistryReader) async throws -> String {
        let detail = try await reader.read { try await reader.client.graphGet("/artifacts/\(hash)", credential: $0) }
        let references =
            (detail["produced_by"]?.arrayValue ?? []).map { ($0, "outputs") } + (detail["consumed_by"]?.arrayValue ?? []).map { ($0, "inputs") }
        var fallback: String?
        for (reference, side) in references.prefix(3) {
            guard let lineage = reference["lineage_hash"]?.stringValue, let uid = reference["job_uid"]?.stringValue else { continue }
            let job = try await reader.read { try await reader.client.graphGet("/jobs/\(lineage)/\(uid)", credential: $0) }
            for ref in job[side]?.arrayValue ?? [] where ref["hash"]?.stringValue == hash {
                guard let path = ref["path"]?.stringValue else { continue }
                if text.map(path.contains) ?? true { return path }
                fallback = fallback ?? path
            }
        }
        return fallback ?? "-"
    }

    /// Follows `next_cursor` until `limit + 1` matches (the extra one says that more exist) or the end.
    static func pages(
        _ collection: String, _ parameters: [(String, String)], limit: Int, reader: RegistryReader,
        _ match: @Sendable (JSONValue) async throws -> FindMatch?
    ) async throws -> [FindMatch] {
        var found: [FindMatch] = []
        var cursor: String?
        repeat {
            let pageSize = min(100, limit + 1 - found.count)
            let page = try await reader.read { [cursor] credential in
                try await reader.client.graphSearch(
                    collection, query: parameters + [("limit", String(max(pageSize, 1)))], cursor: cursor, credential: credential)
            }
            for item in page.items where found.count <= limit {
                if let result = try await match(item) { found.append(result) }
            }
            cursor = page.nextCursor
        } while cursor != nil && found.count <= limit
        return found
    }
}
