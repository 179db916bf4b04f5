import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

/// The native query API under `/api/graph/v1`: search artifacts and jobs, walk the lineage
/// graph up or down across lineages with depth and node caps, list the terminal descendants of
/// an artifact, read and compare lineages. Reads through the viewer's eyes, like the v1 reads;
/// described by the OpenAPI document at `/openapi.json`.
struct GraphAPI: Sendable {
    typealias Context = GLaaSRequestContext
    /// The store roles the query API reads through.
    typealias Store = LineageReading & GraphQuerying & LineageArchive & TeamDirectory

    static let prefix = "api/graph/v1"
    /// Page sizes of the listings.
    static let pageLimits = 1...500
    static let defaultPageLimit = 50
    /// Walk bounds: jobs away from the start, and nodes in the answer.
    static let depthRange = 0...100
    static let defaultDepth = 5
    static let nodeLimits = 1...10_000
    static let defaultNodeLimit = 500

    let store: any GraphAPI.Store

    func addRoutes(to router: Router<Context>) {
        router.get("openapi.json") { _, _ in JSONResponse.make(OpenAPIDocument.json) }
        let api = router.group(RouterPath(Self.prefix))
        api.get("openapi.json") { _, _ in JSONResponse.make(OpenAPIDocument.json) }
        addSearchRoutes(to: api)
        addWalkRoutes(to: api)
        addLineageRoutes(to: api)
    }

    /// A 64-hex lineage hash from the path, lowercased.
    static func lineageHash(_ text: String) throws -> String {
        let hash = text.lowercased()
        guard HexString.isHash256(hash) else { throw GLaaSError.badRequest("\"\(text.prefix(80))\" is not a 64-character hex lineage hash") }
        return hash
    }

    /// A job uid from the path.
    static func jobUID(_ text: String) throws -> String {
        guard Job.isValidUID(text) else { throw GLaaSError.badRequest("\"\(text.prefix(80))\" is not a job uid") }
        return text
    }
}
