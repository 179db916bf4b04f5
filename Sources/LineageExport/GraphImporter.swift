import Foundation
import LineageModel
import LineageStore

/// `glaas import`: reads a graph file into a store lineage by lineage. Each lineage's hash is
/// recomputed with `LineageHasher` from the imported content; a lineage whose content does not
/// hash to its recorded hash, or that cannot be read, is refused and nothing of it is written.
public enum GraphImporter {
    /// What an import did.
    public struct Summary: Sendable, Hashable {
        /// Hashes of the lineages written.
        public var created: [String] = []
        /// Hashes of the lineages the store already had (nothing written).
        public var existing: [String] = []
        /// One line per refused lineage: which one and why.
        public var refused: [String] = []

        public init() {}

        /// How many lineages the file held.
        public var total: Int { created.count + existing.count + refused.count }
    }

    /// One thing worth telling the operator while importing.
    public enum Event: Sendable {
        /// A lineage already stored (its hash).
        case existing(String)
        /// A lineage refused: one line saying which and why.
        case refused(String)
        /// `count` lineages read so far.
        case progress(Int)
    }

    /// Imports the file at `path` (`-`: standard input). Throws (before writing anything) when
    /// the file is not a graph file of a version this glaas reads.
    public static func importFile(
        _ path: String, into store: any LineagePublishing, progressEvery: Int = 1000, report: (Event) -> Void = { _ in }
    ) async throws -> Summary {
        var reader = try GraphReader(path: path)
        var summary = Summary()
        try await reader.forEachEntry { entry in
            let position = entry.position
            switch entry.record {
            case .failure(let error):
                summary.refused.append("lineage #\(position) refused: \(error)")
                report(.refused(summary.refused.last!))
            case .success(let record):
                let computed = LineageHasher.hash(of: record.lineage)
                guard computed == record.hash else {
                    summary.refused.append("lineage \(record.hash) refused: its content hashes to \(computed) (changed or damaged)")
                    report(.refused(summary.refused.last!))
                    break
                }
                do {
                    switch try await store.importLineage(record) {
                    case .created: summary.created.append(record.hash)
                    case .existing:
                        summary.existing.append(record.hash)
                        report(.existing(record.hash))
                    }
                } catch let error as LineageStoreError {
                    summary.refused.append("lineage \(record.hash) refused: \(error)")
                    report(.refused(summary.refused.last!))
                }
            }
            if progressEvery > 0, position % progressEvery == 0 { report(.progress(position)) }
        }
        return summary
    }
}
