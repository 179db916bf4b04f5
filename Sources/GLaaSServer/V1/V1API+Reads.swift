import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension V1API {
    func addReadRoutes(to api: RouterGroup<Context>) {
        api.get("artifacts/:prefix") { _, context in
            // As the reference server does: signed-in lookups here, anonymous ones on /public.
            guard context.principal.user != nil else {
                throw GLaaSError.unauthorized("Authentication required; anonymous readers use /api/v1/public/artifacts/{prefix}")
            }
            return try await artifact(context)
        }
        api.get("public/artifacts/:prefix") { _, context in try await artifact(context) }
        api.get("artifacts/:prefix/lineage") { request, context in try await artifactLineage(request, context) }
        api.get("artifacts/:prefix/dag") { _, context in try await artifactDAG(context) }
        api.get("artifacts/:prefix/components") { _, context in
            let info = try await store.requireArtifact(try context.parameters.require("prefix"), viewer: context.principal.viewer)
            let components = try await store.components(ofComposite: info.artifact.hash, visibleTo: context.principal.viewer)
            return JSONResponse.envelope([
                "hash": .string(info.artifact.hash),
                "total": .int(Int64(info.componentCount ?? components.count)),
                "stored": .int(Int64(components.count)),
                "components": .array(
                    components.map {
                        [
                            "relativePath": .string($0.relativePath), "leafKind": V1Responses.optional($0.leafKind),
                            "componentAlgorithm": .string($0.algorithm), "componentDigest": .string($0.digest),
                            "componentSize": $0.size.map(JSONValue.int) ?? .null, "componentType": V1Responses.optional($0.type),
                        ]
                    }),
            ])
        }
        api.get("public/sessions/:hash/reproduction") { _, context in try await reproduction(context) }
        api.get("sessions/:hash") { _, context in try await reproduction(context) }
        api.get("sessions") { request, context in
            let limitText = request.uri.queryParameters.get("limit") ?? "20"
            guard let limit = Int(limitText), (1...1000).contains(limit) else {
                throw GLaaSError.badRequest("limit must be an integer from 1 to 1000")
            }
            let (lineages, total) = try await store.recentLineages(visibleTo: context.principal.viewer, limit: limit)
            return JSONResponse.envelope([
                "sessions": .array(lineages.map { V1Responses.lineageSummary($0, webOrigin: webOrigin) }),
                "total": .int(Int64(total)),
            ])
        }
    }

    func artifact(_ context: Context) async throws -> Response {
        let info = try await store.requireArtifact(try context.parameters.require("prefix"), viewer: context.principal.viewer)
        return JSONResponse.envelope(artifactJSON(info))
    }

    func artifactJSON(_ info: ArtifactInfo) -> JSONValue {
        V1Responses.artifact(info)
    }

    /// What produced an artifact and what consumed it. `depth` above 1 adds the producing
    /// lineage's whole upstream to `jobs`.
    func artifactLineage(_ request: Request, _ context: Context) async throws -> Response {
        let viewer = context.principal.viewer
        let info = try await store.requireArtifact(try context.parameters.require("prefix"), viewer: viewer)
        let depthText = request.uri.queryParameters.get("depth") ?? "1"
        guard let depth = Int(depthText), (1...100).contains(depth) else { throw GLaaSError.badRequest("depth must be an integer from 1 to 100") }
        let hash = info.artifact.hash
        let producers = try await store.jobs(touching: hash, direction: .output, visibleTo: viewer, limit: 50)
        let consumers = try await store.jobs(touching: hash, direction: .input, visibleTo: viewer, limit: 500)
        var jobs = producers
        if depth > 1, let lineage = producers.first?.lineageHash {
            jobs = try await store.upstreamJobs(of: hash, inLineage: lineage)
        }
        return JSONResponse.envelope([
            "artifact": artifactJSON(info),
            "producedBy": producers.first.map(V1Responses.job) ?? .null,
            "jobs": .array(jobs.map(V1Responses.job)),
            "consumedBy": .array(consumers.map(V1Responses.job)),
            "depth": .int(Int64(depth)),
        ])
    }

    /// The reproduction plan of one artifact: the jobs of the lineage that produced it that it
    /// depends on, in execution order, and the inputs that came from outside them.
    func artifactDAG(_ context: Context) async throws -> Response {
        let viewer = context.principal.viewer
        let info = try await store.requireArtifact(try context.parameters.require("prefix"), viewer: viewer)
        let hash = info.artifact.hash
        let artifact = artifactJSON(info)
        guard let producer = try await store.jobs(touching: hash, direction: .output, visibleTo: viewer, limit: 1).first,
            let lineage = try await store.lineage(hash: producer.lineageHash, visibleTo: viewer)
        else {
            return JSONResponse.envelope(["artifact": artifact, "is_external": true, "jobs": [], "external_deps": [], "dag": .null])
        }
        let jobs = try await store.upstreamJobs(of: hash, inLineage: lineage.hash)
        let produced = Set(jobs.flatMap { $0.job.outputs.map(\.hash) })
        var external: [ArtifactRef] = []
        for ref in jobs.flatMap(\.job.inputs) where !produced.contains(ref.hash) && !external.contains(where: { $0.hash == ref.hash }) {
            external.append(ref)
        }
        return JSONResponse.envelope([
            "artifact": artifact,
            "dag": ["hash": .string(lineage.hash), "sessionHash": .string(lineage.hash), "jobCount": .int(Int64(jobs.count))],
            "sessionHash": .string(lineage.hash),
            "gitRepo": V1Responses.optional(lineage.git.repo),
            "gitCommit": V1Responses.optional(lineage.git.commit),
            "gitBranch": V1Responses.optional(lineage.git.branch),
            "jobs": .array(jobs.map(V1Responses.job)),
            "external_deps": V1Responses.refs(external),
            "is_external": false,
        ])
    }

    /// A whole lineage, every job in order: `roar reproduce HASH --lineage`.
    func reproduction(_ context: Context) async throws -> Response {
        let text = try context.parameters.require("hash")
        let viewer = context.principal.viewer
        let lineage: LineageInfo
        if HexString.isHash256(text.lowercased()) {
            guard let found = try await store.lineage(hash: text.lowercased(), visibleTo: viewer) else {
                throw GLaaSError.notFound("Lineage not found")
            }
            lineage = found
        } else {
            let matches = try await store.lineages(matching: try DigestPrefix(text), visibleTo: viewer, limit: 2)
            guard let first = matches.first else { throw GLaaSError.notFound("Lineage not found") }
            guard matches.count == 1 else { throw GLaaSError.conflict("Lineage prefix \(text.prefix(80)) is ambiguous; use more characters") }
            lineage = first
        }
        let jobs = try await store.jobs(inLineage: lineage.hash)
        return JSONResponse.envelope([
            "sessionHash": .string(lineage.hash),
            "hash": .string(lineage.hash),
            "gitRepo": V1Responses.optional(lineage.git.repo),
            "gitCommit": V1Responses.optional(lineage.git.commit),
            "gitBranch": V1Responses.optional(lineage.git.branch),
            "visibility": .string(lineage.visibility.rawValue),
            "createdAt": V1Responses.timestamp(lineage.createdAt),
            "url": .string(V1Responses.webURL(lineage.hash, origin: webOrigin)),
            "jobs": .array(jobs.map(V1Responses.job)),
        ])
    }
}
