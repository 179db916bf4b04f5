import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension GraphAPI {
    func addLineageRoutes(to api: RouterGroup<Context>) {
        api.get("lineages/:hash") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let info = try await visibleLineage(try context.parameters.require("hash"), context)
            return JSONResponse.make(GraphJSON.lineage(info, jobs: try await store.jobs(inLineage: info.hash)))
        }
        api.get("lineages/:hash/export") { request, context in
            let parameters = try QueryParameters(request, allowed: ["format"])
            let format = try LineageDownload.format(try parameters.text("format", maximumLength: 40))
            let hash = try Self.lineageHash(try context.parameters.require("hash"))
            return try await LineageDownload(store: store).response(hash: hash, format: format, viewer: context.principal.viewer)
        }
        api.get("export") { request, context in
            let parameters = try QueryParameters(request, allowed: ["format"])
            let format = try LineageDownload.format(try parameters.text("format", maximumLength: 40))
            return try await LineageDownload(store: store).stream(format: format, viewer: context.principal.viewer, logger: context.logger)
        }
        api.get("lineages/:hash/diff/:other") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let before = try await visibleLineage(try context.parameters.require("hash"), context)
            let after = try await visibleLineage(try context.parameters.require("other"), context)
            guard let from = try await store.lineageRecord(hash: before.hash), let to = try await store.lineageRecord(hash: after.hash) else {
                throw GLaaSError.notFound("Lineage not found")
            }
            return JSONResponse.make(GraphJSON.diff(LineageDiff(from: from, to: to)))
        }
    }

    /// The lineage a full hash names, when the viewer may see it.
    func visibleLineage(_ text: String, _ context: Context) async throws -> LineageInfo {
        let hash = try Self.lineageHash(text)
        guard let info = try await store.lineage(hash: hash, visibleTo: context.principal.viewer) else {
            throw GLaaSError.notFound("Lineage \(hash) not found")
        }
        return info
    }
}
