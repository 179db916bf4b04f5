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
        var writer = GraphFormatWriter()
        return try await writer.export(from: store, lineageHash: lineageHash, to: sink)
    }
}
