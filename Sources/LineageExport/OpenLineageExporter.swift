import Foundation
import LineageModel
import LineageStore

/// `glaas export --format openlineage`: OpenLineage RunEvents as JSON lines (one canonical JSON
/// event per line), lineage by lineage in hash order.
public enum OpenLineageExporter {
    /// Writes the events to `sink`; returns how many lineages they describe.
    @discardableResult
    public static func export(from store: any LineageArchive, lineageHash: String? = nil, to sink: any ExportSink) async throws -> Int {
        var writer = OpenLineageFormatWriter()
        return try await writer.export(from: store, lineageHash: lineageHash, to: sink)
    }
}
