import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension GraphAPI {
    func addSearchRoutes(to api: RouterGroup<Context>) {
        api.get("artifacts") { request, context in try await searchArtifacts(request, context) }
        api.get("artifacts/:digest") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let viewer = context.principal.viewer
            let info = try await store.requireArtifact(try context.parameters.require("digest"), viewer: viewer)
            let hash = info.artifact.hash
            return JSONResponse.make(
                GraphJSON.artifact(
                    info,
                    lineages: try await store.lineageHashes(containing: hash, visibleTo: viewer, limit: 100),
                    producers: try await store.jobs(touching: hash, direction: .output, visibleTo: viewer, limit: 100),
                    consumers: try await store.jobs(touching: hash, direction: .input, visibleTo: viewer, limit: 100)))
        }
        api.get("jobs") { request, context in try await searchJobs(request, context) }
        api.get("jobs/:lineage/:uid") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let lineage = try Self.lineageHash(try context.parameters.require("lineage"))
            let uid = try Self.jobUID(try context.parameters.require("uid"))
            guard let job = try await store.job(lineageHash: lineage, jobUID: uid, visibleTo: context.principal.viewer) else {
                throw GLaaSError.notFound("Job \(uid) not found in lineage \(lineage)")
            }
            return JSONResponse.make(GraphJSON.job(job))
        }
    }

    func searchArtifacts(_ request: Request, _ context: Context) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["digest_prefix", "path", "label", "tag", "since", "until", "limit", "cursor"])
        var search = ArtifactSearch(limit: try query.integer("limit", in: Self.pageLimits, default: Self.defaultPageLimit))
        search.digestPrefix = try query.text("digest_prefix").map { try DigestPrefix($0) }
        search.pathContains = try query.text("path")
        let label = try query.text("label", maximumLength: 512)
        let tag = try query.text("tag", maximumLength: 256)
        guard label == nil || tag == nil else { throw GLaaSError.badRequest("give label or tag, not both") }
        if let label {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            search.label = try LabelFilter(dottedKey: parts[0], value: parts.count > 1 ? parts[1] : nil)
        }
        if let tag { search.label = try LabelFilter.tag(tag) }
        (search.since, search.until) = try query.timeRange()
        search.afterID = try query.cursor(kind: .artifacts)
        let page = try await store.searchArtifacts(search, visibleTo: context.principal.viewer)
        return JSONResponse.make(GraphJSON.page(page.items.map(GraphJSON.artifactSummary), next: Cursor.encode(page.nextAfterID, kind: .artifacts)))
    }

    func searchJobs(_ request: Request, _ context: Context) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["command", "since", "until", "repo", "commit", "limit", "cursor"])
        var search = JobSearch(limit: try query.integer("limit", in: Self.pageLimits, default: Self.defaultPageLimit))
        search.commandContains = try query.text("command")
        search.repo = try query.text("repo", maximumLength: 2048)
        if let commit = try query.text("commit", maximumLength: 64) {
            guard commit.count >= 4, commit.allSatisfy(\.isHexDigit) else {
                throw GLaaSError.badRequest("commit must be 4 to 64 hex characters (a commit or its prefix)")
            }
            search.commitPrefix = commit.lowercased()
        }
        (search.since, search.until) = try query.timeRange()
        search.afterID = try query.cursor(kind: .jobs)
        let page = try await store.searchJobs(search, visibleTo: context.principal.viewer)
        return JSONResponse.make(GraphJSON.page(page.items.map(GraphJSON.job), next: Cursor.encode(page.nextAfterID, kind: .jobs)))
    }
}
