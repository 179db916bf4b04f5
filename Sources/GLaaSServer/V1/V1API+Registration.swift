import Crypto
import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension V1API {
    func addRegistrationRoutes(to api: RouterGroup<Context>) {
        api.post("registration-sessions") { request, context in try await createSession(request, context) }
        api.post("registration-sessions/:session/jobs/batch") { request, context in
            let session = try await authorizedSession(context)
            let jobs = try await Self.body(request, context).objects("jobs", limit: V1Requests.maximumBatch).map(V1Requests.job)
            return try await stage(jobs, in: session, single: false)
        }
        api.post("registration-sessions/:session/jobs") { request, context in
            let session = try await authorizedSession(context)
            let job = try V1Requests.job(try await Self.body(request, context))
            return try await stage([job], in: session, single: true)
        }
        api.post("registration-sessions/:session/artifacts/batch") { request, context in
            let session = try await authorizedSession(context)
            let artifacts = try await Self.body(request, context).objects("artifacts", limit: V1Requests.maximumBatch).map {
                try V1Requests.artifact($0)
            }
            let counts = try await store.stageArtifacts(artifacts, in: session.id)
            return JSONResponse.envelope(
                ["created": .int(Int64(counts.created)), "updated": .int(Int64(counts.updated)), "errors": 0], status: .created)
        }
        api.post("registration-sessions/:session/artifacts/composites") { request, context in
            let session = try await authorizedSession(context)
            let composite = try V1Requests.composite(try await Self.body(request, context))
            let created = try await store.stageComposite(composite, in: session.id)
            return JSONResponse.envelope(["artifact_id": .string(composite.artifact.hash), "created": .bool(created)], status: .created)
        }
        for direction in [EdgeDirection.input, .output] {
            let name = direction == .input ? "inputs" : "outputs"
            api.post("registration-sessions/:session/jobs/:job/\(name)") { request, context in
                let session = try await authorizedSession(context)
                let uid = try context.parameters.require("job")
                let links = try await Self.body(request, context).objects("artifacts", limit: V1Requests.maximumLinks).map(V1Requests.link)
                for link in links { try RecordText.check(link, ofJob: uid) }
                let linked = try await store.stageLinks(links, direction: direction, jobUID: uid, in: session.id)
                return JSONResponse.envelope(["\(name)_linked": .int(Int64(linked)), "artifacts_registered": 0, "job_uid": .string(uid)])
            }
        }
        api.post("registration-sessions/:session/jobs/:job/view-edges") { request, context in
            let session = try await authorizedSession(context)
            let uid = try context.parameters.require("job")
            let edges = try await Self.body(request, context).objects("view_edges", limit: V1Requests.maximumLinks).map(V1Requests.viewEdge)
            try await store.stageViewEdges(edges, jobUID: uid, in: session.id)
            return JSONResponse.envelope(["view_edges_linked": .int(Int64(edges.count)), "job_uid": .string(uid)])
        }
        api.post("registration-sessions/:session/finalize") { request, context in
            let session = try await authorizedSession(context)
            return try await finalize(session, body: try await Self.body(request, context))
        }
        api.post("registration-sessions/:session/labels/batch") { request, context in
            let session = try await authorizedSession(context)
            return try await syncLabelsAfterFinalize(session, body: try await Self.body(request, context))
        }
    }

    func createSession(_ request: Request, _ context: Context) async throws -> Response {
        let fields = try await Self.body(request, context)
        let mode = try fields.optionalString("mode", maxLength: 64)
        let clientSessionID = try fields.optionalString("client_session_id", maxLength: 256)
        let now = Date()
        let expires = now.addingTimeInterval(configuration.registrationSessionLifetime)
        var token: String?
        let session: RegistrationSession
        switch mode {
        case "anonymous_public":
            var bytes = [UInt8](repeating: 0, count: 32)
            for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
            let newToken = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            token = newToken
            session = RegistrationSession(
                id: UUID().uuidString.lowercased(), mode: .anonymousPublic, tokenHash: Self.tokenHash(newToken), ownerUserID: nil,
                creatorIdentity: "anonymous", clientSessionID: clientSessionID, status: .open, createdAt: now, expiresAt: expires)
        case nil, "authenticated":
            guard let user = context.principal.user else {
                throw GLaaSError.unauthorized("Sign in with a registered SSH key, or create the session with mode \"anonymous_public\"")
            }
            session = RegistrationSession(
                id: UUID().uuidString.lowercased(), mode: .authenticated, tokenHash: nil, ownerUserID: user.id,
                creatorIdentity: user.creatorIdentity, clientSessionID: clientSessionID, status: .open, createdAt: now, expiresAt: expires)
        case let other?:
            throw GLaaSError.badRequest("Unknown registration mode \"\(other.prefix(40))\" (expected \"anonymous_public\" or none)")
        }
        let stored = try await store.createRegistrationSession(session)
        let created = stored.id == session.id
        var data: [String: JSONValue] = [
            "registration_session_id": .string(stored.id),
            "mode": .string(stored.mode.rawValue),
            "status": .string(stored.status.rawValue),
            "created": .bool(created),
            "expires_at": V1Responses.timestamp(stored.expiresAt),
        ]
        if created, let token { data["registration_session_token"] = .string(token) }
        return JSONResponse.envelope(.object(data), status: created ? .created : .ok)
    }

    static func tokenHash(_ token: String) -> String { HexString.encode(SHA256.hash(data: Array(token.utf8))) }

    /// The session in the path, which the request's credential must own: its token for an
    /// anonymous session, its user's SSH signature for an authenticated one.
    func authorizedSession(_ context: Context) async throws -> RegistrationSession {
        let id = try context.parameters.require("session")
        guard let session = try await store.registrationSession(id: id) else {
            throw GLaaSError.notFound("Registration session \(id.prefix(80)) not found")
        }
        switch (session.mode, context.principal) {
        case (.anonymousPublic, .registrationToken(let token)):
            guard Self.tokenHash(token) == session.tokenHash else { throw GLaaSError.unauthorized("Wrong registration session token") }
        case (.anonymousPublic, _):
            throw GLaaSError.unauthorized("This registration session is authorized by its RegistrationSession token")
        case (.authenticated, .user(let user, _)):
            guard user.id == session.ownerUserID else { throw GLaaSError.forbidden("This registration session belongs to another user") }
        case (.authenticated, _):
            throw GLaaSError.unauthorized("This registration session needs its owner's SSH signature")
        }
        return session
    }

    func stage(_ jobs: [Job], in session: RegistrationSession, single: Bool) async throws -> Response {
        var seen = Set<String>()
        for job in jobs where !seen.insert(job.jobUID).inserted {
            throw GLaaSError.badRequest("job_uid \(job.jobUID) appears twice in one request")
        }
        let results = try await store.stageJobs(jobs, in: session.id)
        let bound = try await store.registrationSession(id: session.id)?.boundLineageHash
        var already = Set<String>()
        var created = 0
        var existing = 0
        for result in results {
            switch result.state {
            case .created: created += 1
            case .existing: existing += 1
            case .alreadyRegistered(let hashes): already.formUnion(hashes)
            }
        }
        var data: [String: JSONValue] = [
            "created_count": .int(Int64(created)),
            "existing_count": .int(Int64(existing)),
            "already_registered_session_hashes": .array(already.sorted().map(JSONValue.string)),
            "existing_binding_prepared": .bool(bound != nil),
        ]
        if single, let result = results.first {
            data["id"] = .int(result.id)
            data["job_uid"] = .string(result.jobUID)
            data["created"] = .bool(result.state == .created)
        } else {
            data["job_ids"] = .array(results.map { .int($0.id) })
            data["errors"] = []
        }
        return JSONResponse.envelope(.object(data), status: .created)
    }
}
