import LineageModel
import LineageStore

/// The request-body readers of the v1 registration routes and of `POST /api/v1/lineage`, run
/// without a server or a store, for the fuzz targets in `Fuzz/` (docs/testing.md, "Fuzzing").
/// Each reader reads a body exactly as its route does, then applies the checks a store applies
/// to what it stages (`RecordRanges`) and hashes the lineage it would publish; nothing is
/// staged. A reader throws the error its route would answer, so a fuzz target can require that
/// every failure is a 4xx. SPI, not API: nothing but the fuzz targets imports it.
@_spi(Fuzzing)
public enum RequestBodyReaders {
    /// One route's reader: its route (for the report) and what it does with a body.
    public struct Reader: Sendable {
        /// `METHOD path` of the route whose body this reads.
        public let route: String
        /// Reads `body` as the route does; throws what the route would answer.
        public let read: @Sendable ([UInt8]) throws -> Void
    }

    /// The v1 routes that read a JSON body into records or labels.
    public static let v1: [Reader] = v1Readers

    /// `POST /api/v1/lineage`: one OpenLineage RunEvent.
    public static let openLineageEvent = Reader(route: "POST /api/v1/lineage", read: readOpenLineageEvent)

    /// Hashes `jobs` as finalize does (inputs and outputs as staged with them).
    static func hashLineage(_ jobs: [Job]) {
        _ = LineageHasher.hash(of: Lineage(git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous", jobs: jobs))
    }
}
