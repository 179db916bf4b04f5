import Foundation
import LineageModel
import LineageStore

/// `glaas export`: every lineage of a store (or one), in hash order, as a graph file.
public enum GraphExporter {
    /// Lineage hashes read from the store per query.
    public static let pageSize = 500

    /// Writes the graph to `sink`; returns how many lineages it holds. `lineageHash` limits
    /// the file to that lineage (an error when the store does not have it).
    @discardableResult
    public static func export(from store: any LineageArchive, lineageHash: String? = nil, to sink: any ExportSink) async throws -> Int {
        let writer = try GraphWriter(sink: sink)
        if let lineageHash {
            guard let record = try await store.lineageRecord(hash: lineageHash) else {
                throw GraphFormatError("no lineage \(lineageHash) in the store")
            }
            try writer.write(record)
        } else {
            var after: String?
            while true {
                let hashes = try await store.lineageHashes(after: after, limit: pageSize)
                for hash in hashes {
                    guard let record = try await store.lineageRecord(hash: hash) else { continue }
                    try writer.write(record)
                }
                guard hashes.count == pageSize else { break }
                after = hashes.last
            }
        }
        try writer.finish()
        return writer.count
    }
}
