import Foundation
import LineageModel
import LineageStore

/// `glaas export --format openlineage`: OpenLineage RunEvents as JSON lines (one canonical JSON
/// event per line), lineage by lineage in hash order.
public enum OpenLineageExporter {
    /// Writes the events to `sink`; returns how many lineages they describe.
    @discardableResult
    public static func export(from store: any LineageArchive, lineageHash: String? = nil, to sink: any ExportSink) async throws -> Int {
        var count = 0
        try await LineageRecordWalk.forEach(in: store, lineageHash: lineageHash) { record in
            var bytes: [UInt8] = []
            for event in OpenLineageEncoding(record).events() {
                CanonicalJSON.write(event, into: &bytes)
                bytes.append(UInt8(ascii: "\n"))
            }
            try sink.append(bytes)
            count += 1
        }
        return count
    }
}
