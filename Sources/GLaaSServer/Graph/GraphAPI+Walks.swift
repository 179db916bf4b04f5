import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension GraphAPI {
    func addWalkRoutes(to api: RouterGroup<Context>) {
        for direction in WalkDirection.allCases {
            api.get("artifacts/:digest/\(direction.rawValue)") { request, context in
                let info = try await store.requireArtifact(try context.parameters.require("digest"), viewer: context.principal.viewer)
                return try await walk(from: .artifact(hash: info.artifact.hash), direction, request, context)
            }
            api.get("jobs/:lineage/:uid/\(direction.rawValue)") { request, context in
                let lineage = try Self.lineageHash(try context.parameters.require("lineage"))
                let uid = try Self.jobUID(try context.parameters.require("uid"))
                return try await walk(from: .job(lineageHash: lineage, jobUID: uid), direction, request, context)
            }
        }
        api.get("artifacts/:digest/terminal-descendants") { request, context in
            let query = try QueryParameters(request, allowed: ["limit", "cursor"])
            let limit = try query.integer("limit", in: Self.pageLimits, default: Self.defaultPageLimit)
            let after = try query.cursor(kind: .terminal)
            let viewer = context.principal.viewer
            let info = try await store.requireArtifact(try context.parameters.require("digest"), viewer: viewer)
            guard let page = try await store.terminalDescendants(of: info.artifact.hash, visibleTo: viewer, afterID: after, limit: limit) else {
                throw GLaaSError.notFound("Artifact \(info.artifact.hash) not found")
            }
            var body = GraphJSON.page(page.items.map(GraphJSON.artifactSummary), next: Cursor.encode(page.nextAfterID, kind: .terminal)).objectValue!
            body["artifact"] = .string(info.artifact.hash)
            return JSONResponse.make(.object(body))
        }
    }

    func walk(from start: GraphNode, _ direction: WalkDirection, _ request: Request, _ context: Context) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["depth", "limit"])
        let walk = GraphWalkRequest(
            start: start, direction: direction,
            depth: try query.integer("depth", in: Self.depthRange, default: Self.defaultDepth),
            nodeLimit: try query.integer("limit", in: Self.nodeLimits, default: Self.defaultNodeLimit))
        guard let result = try await store.walk(walk, visibleTo: context.principal.viewer) else {
            switch start {
            case .artifact(let hash): throw GLaaSError.notFound("Artifact \(hash) not found")
            case .job(let lineage, let uid): throw GLaaSError.notFound("Job \(uid) not found in lineage \(lineage)")
            }
        }
        return JSONResponse.make(GraphJSON.walk(result, request: walk))
    }
}
