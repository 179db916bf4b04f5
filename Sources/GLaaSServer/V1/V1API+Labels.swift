import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension V1API {
    func addLabelRoutes(to api: RouterGroup<Context>) {
        api.get("labels/current") { request, context in
            let (target, canEdit) = try await queryTarget(request, context)
            guard let current = try await store.currentLabel(target) else { throw GLaaSError.notFound("No labels found for target") }
            var data = LabelTargetJSON.json(target).objectValue!
            data["version"] = .int(Int64(current.version))
            data["metadata"] = current.document.json
            data["canEdit"] = .bool(canEdit)
            data["updatedAt"] = V1Responses.timestamp(current.createdAt)
            return JSONResponse.envelope(.object(data))
        }
        api.get("labels/history") { request, context in
            let (target, _) = try await queryTarget(request, context)
            var data = LabelTargetJSON.json(target).objectValue!
            data["labels"] = .array(
                try await store.labelHistory(target).map {
                    [
                        "version": .int(Int64($0.version)), "metadata": $0.document.json, "createdAt": V1Responses.timestamp($0.createdAt),
                        "actor": .string($0.actor),
                    ]
                })
            return JSONResponse.envelope(.object(data))
        }
        api.post("labels/reconcile") { request, context in
            try Self.requireSigned(context.principal)
            return try await reconcile(try await Self.body(request, context), context)
        }
        api.post("labels/sync") { request, context in
            try Self.requireSigned(context.principal)
            let body = try await Self.body(request, context)
            var changes: [LabelChange] = []
            for entry in try body.objects("labels", limit: V1Requests.maximumBatch) {
                let target = try await editableTarget(
                    try await labelTarget(entry, defaultLineage: nil, viewer: context.principal.viewer), context.principal)
                changes.append(LabelChange(target: target, kind: .sync(try Self.labelDocument(entry))))
            }
            return JSONResponse.envelope(
                Self.countSummary(try await store.applyLabelChanges(changes, actor: actor(context.principal), dryRun: false)))
        }
    }

    func actor(_ principal: Principal) -> String { principal.user?.creatorIdentity ?? "anonymous" }

    /// Interactive label edits: user keys only, against the version the client last read.
    func reconcile(_ body: JSONFields, _ context: Context) async throws -> Response {
        if let mode = try body.optionalString("mode"), mode != "sync_user_labels" {
            throw GLaaSError.badRequest("Unknown reconcile mode \"\(mode.prefix(40))\" (expected \"sync_user_labels\")")
        }
        let dryRun = try body.optionalBool("dry_run") ?? false
        let prune = try body.optionalBool("prune") ?? false
        let defaultLineage = try body.optionalString("session_hash").map(Self.lineageHash)
        // A scope naming a project must be one the signer may write into; the labels' own
        // lineages decide the rest (`canEdit`).
        if let scope = try body.optionalObject("scope"), let user = context.principal.user {
            _ = try await requestedProject(scope, user: user.id)
        }
        var changes: [LabelChange] = []
        for entry in try body.objects("labels", limit: V1Requests.maximumBatch) {
            let target = try await editableTarget(
                try await labelTarget(entry, defaultLineage: defaultLineage, viewer: context.principal.viewer), context.principal)
            let patch = try Self.labelDocument(entry)
            let deleted = try entry.optionalStrings("deleted_keys") ?? []
            if let reserved = (Array(patch.root.keys) + deleted).first(where: LabelDocument.isReserved) {
                throw GLaaSError.badRequest("\"\(reserved.prefix(80))\" is managed by roar (roar.*, tag.*, attach.*) and cannot be edited here")
            }
            let base = try entry.optionalInt("base_version")
            if let base, base < 0 { throw GLaaSError.badRequest("\(entry.name("base_version")) must not be negative") }
            changes.append(LabelChange(target: target, kind: .reconcile(patch: patch, deletedKeys: deleted, baseVersion: base, prune: prune)))
        }
        let results = try await store.applyLabelChanges(changes, actor: actor(context.principal), dryRun: dryRun)
        var summary = Self.countSummary(results).objectValue!
        summary["processed"] = .int(Int64(results.count))
        summary["conflicts"] = []
        summary["dryRun"] = .bool(dryRun)
        summary["deletedKeys"] = .int(Int64(results.reduce(0) { $0 + $1.deletedKeys.count }))
        summary["results"] = .array(
            results.map { result in
                var item = LabelTargetJSON.json(result.target).objectValue!
                item["action"] = .string(result.action.rawValue)
                item["version"] = .int(Int64(result.version))
                item["deletedKeys"] = .array(result.deletedKeys.map(JSONValue.string))
                return .object(item)
            })
        return JSONResponse.envelope(.object(summary))
    }

    static func labelDocument(_ entry: JSONFields) throws -> LabelDocument {
        switch entry.raw("metadata") {
        case nil, .null?: return LabelDocument()
        case .object(let members)?:
            // PostgreSQL reads label documents as jsonb to search them, and jsonb has no NUL.
            guard !RecordText.containsNUL(.object(members)) else { throw GLaaSError.badRequest("\(entry.name("metadata")) contains a NUL character") }
            return LabelDocument(members)
        default: throw GLaaSError.badRequest("\(entry.name("metadata")) must be an object")
        }
    }

    /// The target a label entry (or a query string) names, which must exist and be visible.
    func labelTarget(_ entry: JSONFields, defaultLineage: String?, viewer: Viewer) async throws -> LabelTarget {
        let kindText = try entry.string("entity_type")
        guard let kind = LabelTarget.Kind(rawValue: kindText) else {
            throw GLaaSError.badRequest("\(entry.name("entity_type")) must be \"dag\", \"job\" or \"artifact\"")
        }
        let lineage = try entry.optionalString("session_hash").map(Self.lineageHash) ?? defaultLineage
        switch kind {
        case .dag, .job:
            guard let lineage else { throw GLaaSError.badRequest("\(entry.name("session_hash")) is required for \(kind.rawValue) labels") }
            guard try await store.lineage(hash: lineage, visibleTo: viewer) != nil else { throw GLaaSError.notFound("Lineage \(lineage) not found") }
            guard kind == .job else { return LabelTarget(kind: .dag, lineageHash: lineage) }
            let uid = try entry.string("job_uid")
            guard let stored = try await store.resolveJobUID(uid, inLineage: lineage) else {
                throw GLaaSError.notFound("Job \(uid.prefix(80)) is not in lineage \(lineage)")
            }
            return LabelTarget(kind: .job, lineageHash: lineage, jobUID: stored)
        case .artifact:
            let info = try await store.requireArtifact(try entry.string("artifact_hash"), viewer: viewer)
            // An artifact's label lives in a lineage's scope: one the reader can see that names it.
            guard let lineage else { return LabelTarget(kind: .artifact, lineageHash: nil, artifactHash: info.artifact.hash) }
            guard try await store.lineage(hash: lineage, visibleTo: viewer) != nil,
                try await store.containsArtifact(info.artifact.hash, inLineage: lineage)
            else { throw GLaaSError.notFound("Artifact \(info.artifact.hash) is not in lineage \(lineage)") }
            return LabelTarget(kind: .artifact, lineageHash: lineage, artifactHash: info.artifact.hash)
        }
    }

    /// The lineages (visible to the principal) whose scope may hold the artifact's label, those
    /// the principal may edit first.
    func labelScopes(ofArtifact hash: String, _ principal: Principal) async throws -> (editable: [String], visible: [String]) {
        let visible = try await store.lineageHashes(containing: hash, visibleTo: principal.viewer, limit: 50)
        var editable: [String] = []
        for lineage in visible where try await canEdit(LabelTarget(kind: .artifact, lineageHash: lineage, artifactHash: hash), principal) {
            editable.append(lineage)
        }
        return (editable, visible)
    }

    /// A target to write: an artifact target without a lineage goes into the first visible
    /// lineage naming it that the writer may edit; the writer must be allowed to edit it.
    func editableTarget(_ target: LabelTarget, _ principal: Principal) async throws -> LabelTarget {
        var target = target
        if target.kind == .artifact, target.lineageHash == nil, let hash = target.artifactHash {
            target.lineageHash = try await labelScopes(ofArtifact: hash, principal).editable.first
        }
        try await requireEditable(target, principal)
        return target
    }

    func queryTarget(_ request: Request, _ context: Context) async throws -> (LabelTarget, canEdit: Bool) {
        var members: [String: JSONValue] = [:]
        for key in ["entity_type", "session_hash", "job_uid", "artifact_hash"] {
            if let value = request.uri.queryParameters.get(key), !value.isEmpty { members[key] = .string(value) }
        }
        var target = try await labelTarget(try JSONFields(.object(members), path: ""), defaultLineage: nil, viewer: context.principal.viewer)
        if target.kind == .artifact, target.lineageHash == nil, let hash = target.artifactHash {
            // No lineage named: the label of the highest-ranked visible lineage that has one,
            // else the scope the reader would write into.
            let info = try await store.requireArtifact(hash, viewer: context.principal.viewer)
            let scopes = try await labelScopes(ofArtifact: hash, context.principal)
            target.lineageHash = info.labels.first?.target.lineageHash ?? scopes.editable.first ?? scopes.visible.first
        }
        return (target, try await canEdit(target, context.principal))
    }

    /// Owners edit the labels in their lineages' scope (dag, jobs, and the artifacts they name).
    /// Lineages published anonymously belong to everyone, so any signed-in user may label them;
    /// every version is kept with who made it.
    func canEdit(_ target: LabelTarget, _ principal: Principal) async throws -> Bool {
        guard principal.user != nil, let hash = target.lineageHash else { return false }
        if try await store.isOwner(principal.viewer, ofLineage: hash) { return true }
        return try await store.lineage(hash: hash, visibleTo: principal.viewer)?.creatorIdentity == "anonymous"
    }

    /// Every label edit outside a registration names its author: an SSH signature, never an
    /// anonymous request or a registration token (a session labels its own lineage at
    /// `labels/batch`). Anonymously published lineages may be labelled by any signed-in user.
    static func requireSigned(_ principal: Principal) throws {
        guard principal.user != nil else {
            throw GLaaSError.unauthorized("Label edits need a registered SSH key's signature (roar-cli: a key in ~/.ssh or ROAR_SSH_KEY)")
        }
    }

    func requireEditable(_ target: LabelTarget, _ principal: Principal) async throws {
        guard try await canEdit(target, principal) else {
            throw principal.user == nil
                ? GLaaSError.unauthorized("Editing labels of this lineage needs its owner's SSH signature")
                : GLaaSError.forbidden("Only the owner of this lineage can edit its labels")
        }
    }
}
