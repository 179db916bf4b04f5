import Foundation
import LineageModel
import NIOHTTP1

/// Registration-session calls (§4 #1–#12), with roar-cli's batching: artifacts in requests of
/// at most 90 KB, links at most 100 a request, all jobs in one request.
extension RegistryClient {
    public static let artifactBatchBytes = 90 * 1024
    public static let linkBatchSize = 100

    /// `GET /health`, read raw; throws unless it is 200.
    public func health() async throws -> JSONValue {
        let reply = try await send(.GET, "/health", versionHeader: false)
        guard reply.status == 200 else { throw Self.failure(reply, path: "/health") }
        return (try? JSONParser.parse(reply.body)) ?? .object([:])
    }

    /// Whether the registry advertises anonymous registration sessions with a server-computed hash.
    public static func supportsRegistrationSessions(_ health: JSONValue) -> Bool {
        let flags = health["features"]?["registration_sessions"]
        return flags?["anonymous_public"]?.boolValue == true && flags?["finalize_server_authoritative_hash"]?.boolValue == true
    }

    /// The auth probe roar-cli sends before signing: `GET /sessions?limit=1`.
    public func probe() async throws -> ProbeResult {
        let reply = try await send(.GET, "/sessions?limit=1", credential: .signed)
        if reply.isSuccess { return .accepted }
        let message = Self.failure(reply, path: "/sessions?limit=1").description
        return reply.status == 401 ? .rejected(message) : .inconclusive(message)
    }

    /// `GET /auth/me` (signed or with a Bearer token; always enveloped).
    public func me(credential: Credential = .signed) async throws -> RegistryIdentity {
        let reply = try await send(.GET, "/auth/me", credential: credential, versionHeader: false)
        guard reply.isSuccess else { throw Self.failure(reply, path: "/auth/me") }
        guard let data = try? JSONParser.parse(reply.body)["data"],
            let userID = data["user"]?["id"]?.stringValue ?? data["creatorIdentity"]?.stringValue
        else {
            throw RegistryClientError.invalidResponse(path: "/auth/me", reason: "no data.user.id")
        }
        let identity = data["creatorIdentity"]?.stringValue ?? data["creator_identity"]?.stringValue ?? "glaas:user:\(userID)"
        return RegistryIdentity(creatorIdentity: identity, userID: data["user"]?["id"]?.stringValue, username: data["user"]?["username"]?.stringValue)
    }

    /// `POST /registration-sessions`: anonymous (`mode: anonymous_public`, token back) or signed (no body).
    public func createRegistrationSession(anonymous: Bool) async throws -> RegistrationSessionHandle {
        try await createRegistrationSession(credential: anonymous ? .anonymous : .signed)
    }

    /// `POST /registration-sessions` with `credential`: `.anonymous` opens an `anonymous_public`
    /// session (its token carries the later calls); `.signed` or `.bearer` an authenticated one
    /// (no body), whose calls carry the same credential.
    public func createRegistrationSession(credential: Credential) async throws -> RegistrationSessionHandle {
        let path = "/registration-sessions"
        let anonymous = credential == .anonymous
        // Optional.none, not JSONValue's nil literal (.null): a signed creation sends no body at all.
        let body: JSONValue? = anonymous ? .object(["mode": .string("anonymous_public")]) : Optional.none
        let data = try await call(.POST, path, json: body, credential: credential)
        guard let id = data["registration_session_id"]?.stringValue, !id.isEmpty else {
            throw RegistryClientError.invalidResponse(path: path, reason: "no registration_session_id")
        }
        if anonymous {
            guard let token = data["registration_session_token"]?.stringValue, !token.isEmpty else {
                throw RegistryClientError.invalidResponse(path: path, reason: "no registration_session_token")
            }
            return RegistrationSessionHandle(id: id, mode: "anonymous_public", credential: .registrationToken(token))
        }
        return RegistrationSessionHandle(id: id, mode: data["mode"]?.stringValue ?? "authenticated", credential: credential)
    }

    /// `jobs/batch`: every job of the lineage in one request.
    public func stageJobs(_ jobs: [JSONValue], in session: RegistrationSessionHandle) async throws -> StagedJobs {
        let data = try await call(
            .POST, "/registration-sessions/\(session.id)/jobs/batch", json: ["jobs": .array(jobs)], credential: session.credential)
        return StagedJobs(
            created: Int(data["created_count"]?.int64Value ?? 0), existing: Int(data["existing_count"]?.int64Value ?? 0),
            alreadyRegistered: data["already_registered_session_hashes"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            existingBindingPrepared: data["existing_binding_prepared"]?.boolValue ?? false)
    }

    /// `artifacts/batch`, split so that no request exceeds 90 KB. Returns the number of requests.
    @discardableResult
    public func stageArtifacts(_ artifacts: [JSONValue], in session: RegistrationSessionHandle) async throws -> Int {
        var requests = 0
        for batch in Self.batches(artifacts, maximumBytes: Self.artifactBatchBytes) {
            _ = try await call(
                .POST, "/registration-sessions/\(session.id)/artifacts/batch", json: ["artifacts": .array(batch)], credential: session.credential)
            requests += 1
        }
        return requests
    }

    /// `jobs/{uid}/inputs` or `/outputs`, at most 100 links a request.
    public func stageLinks(_ links: [JSONValue], outputs: Bool, jobUID: String, in session: RegistrationSessionHandle) async throws {
        let side = outputs ? "outputs" : "inputs"
        for start in stride(from: 0, to: links.count, by: Self.linkBatchSize) {
            let batch = Array(links[start..<min(start + Self.linkBatchSize, links.count)])
            _ = try await call(
                .POST, "/registration-sessions/\(session.id)/jobs/\(jobUID)/\(side)", json: ["artifacts": .array(batch)],
                credential: session.credential)
        }
    }

    /// `finalize`: the registry computes and returns the lineage hash. `expected` (job and
    /// distinct edge counts) is sent in anonymous mode, as roar-cli does.
    public func finalize(
        _ session: RegistrationSessionHandle, git: GitContext, expected: (jobs: Int, inputs: Int, outputs: Int)?,
        scope: PublicationScope = .unspecified
    ) async throws -> FinalizeReceipt {
        let path = "/registration-sessions/\(session.id)/finalize"
        var body: [String: JSONValue] = [
            "git_repo": git.repo.map(JSONValue.string) ?? .null, "git_commit": git.commit.map(JSONValue.string) ?? .null,
            "git_branch": .string(git.branch ?? ""),
        ]
        if let expected {
            body["expected"] = ["jobs": .int(Int64(expected.jobs)), "inputs": .int(Int64(expected.inputs)), "outputs": .int(Int64(expected.outputs))]
        }
        if let scope = scope.json { body["scope_request"] = scope }
        let data = try await call(.POST, path, json: .object(body), credential: session.credential)
        let hashKeys = ["published_session_hash", "lineage_published_session_hash", "session_hash", "hash"]
        guard let hash = hashKeys.lazy.compactMap({ data[$0]?.stringValue }).first(where: { !$0.isEmpty }) else {
            throw RegistryClientError.invalidResponse(path: path, reason: "no lineage hash in the finalize receipt")
        }
        let url = ["published_url", "lineage_published_url", "session_url", "url"].lazy.compactMap { data[$0]?.stringValue }.first
        return FinalizeReceipt(
            lineageHash: hash.lowercased(), url: url, created: data["created"]?.boolValue ?? true, visibility: data["visibility"]?.stringValue)
    }

    /// `labels/batch` after finalize, with the session's credential.
    public func syncLabels(_ labels: [JSONValue], in session: RegistrationSessionHandle) async throws {
        guard !labels.isEmpty else { return }
        _ = try await call(
            .POST, "/registration-sessions/\(session.id)/labels/batch", json: ["labels": .array(labels)], credential: session.credential)
    }

    /// Splits `items` into runs whose JSON array stays within `maximumBytes` (an item larger
    /// than that goes alone).
    static func batches(_ items: [JSONValue], maximumBytes: Int) -> [[JSONValue]] {
        var result: [[JSONValue]] = []
        var current: [JSONValue] = []
        var size = 20
        for item in items {
            let itemSize = CanonicalJSON.bytes(item).count + 1
            if !current.isEmpty && size + itemSize > maximumBytes {
                result.append(current)
                current = []
                size = 20
            }
            current.append(item)
            size += itemSize
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
