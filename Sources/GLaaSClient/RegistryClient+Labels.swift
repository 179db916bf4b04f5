import Foundation
import LineageModel

/// What a label on the registry belongs to (§4 #19–#21): a lineage (`dag`), one of its jobs, or
/// an artifact (optionally in one lineage's scope).
public struct RemoteLabelTarget: Sendable, Hashable {
    /// `dag`, `job` or `artifact`.
    public var entityType: String
    public var sessionHash: String?
    public var jobUID: String?
    public var artifactHash: String?

    /// A target; which fields it needs depends on `entityType`.
    public init(entityType: String, sessionHash: String? = nil, jobUID: String? = nil, artifactHash: String? = nil) {
        self.entityType = entityType
        self.sessionHash = sessionHash
        self.jobUID = jobUID
        self.artifactHash = artifactHash
    }

    /// The fields as the label calls name them (`entity_type`, `session_hash`…).
    public var fields: [(String, String)] {
        [("entity_type", entityType)]
            + [("session_hash", sessionHash), ("job_uid", jobUID), ("artifact_hash", artifactHash)]
            .compactMap { name, value in value.map { (name, $0) } }
    }

    /// The query string of `labels/current` and `labels/history`.
    public var query: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(separator: "&")
    }

    /// The target's members of a reconcile entry.
    public var json: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.0, JSONValue.string($0.1)) })
    }

    /// `artifact:HASH`, `job:UID`, `dag:HASH`: how messages name it.
    public var describe: String {
        "\(entityType):\(artifactHash ?? jobUID ?? sessionHash ?? "?")"
    }
}

/// The label calls: current document, its history, and interactive edits (`reconcile`).
extension RegistryClient {
    /// `GET /labels/current`: the current document, nil when the target has no labels yet (a
    /// 404 that is not the registry lacking the route).
    public func currentLabels(_ target: RemoteLabelTarget, credential: Credential) async throws -> JSONValue? {
        try await labelRead("/labels/current?\(target.query)", credential: credential)
    }

    /// `GET /labels/history`: `{labels: [{version, metadata, createdAt}]}`, nil when there are none.
    public func labelHistory(_ target: RemoteLabelTarget, credential: Credential) async throws -> JSONValue? {
        try await labelRead("/labels/history?\(target.query)", credential: credential)
    }

    /// `POST /labels/reconcile` (mode `sync_user_labels`): `entries` are
    /// `{entity_type, session_hash?, job_uid?, artifact_hash?, metadata, deleted_keys?, base_version}`.
    public func reconcileLabels(_ entries: [JSONValue], sessionHash: String?, credential: Credential) async throws -> JSONValue {
        var body: [String: JSONValue] = ["mode": "sync_user_labels", "dry_run": false, "prune": false, "labels": .array(entries)]
        if let sessionHash { body["session_hash"] = .string(sessionHash) }
        return try await call(.POST, "/labels/reconcile", json: .object(body), credential: credential)
    }

    func labelRead(_ path: String, credential: Credential) async throws -> JSONValue? {
        let reply = try await send(.GET, path, credential: credential)
        if reply.status == 404 {
            let failure = Self.failure(reply, path: path)
            if case .http(_, let message, _) = failure, message.contains("Endpoint not found") {
                throw RegistryClientError.http(status: 404, message: "this registry has no label API (an older GLaaS)", path: Self.apiPrefix + path)
            }
            return nil
        }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return try Self.unwrap(reply, path: path)
    }
}
