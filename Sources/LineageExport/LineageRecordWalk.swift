import Foundation
import LineageStore

/// The lineages an export covers, one record at a time in hash order, shared by the export
/// formats.
public enum LineageRecordWalk {
    /// Calls `body` with every stored lineage (or only `lineageHash`, an error when missing).
    public static func forEach(
        in store: any LineageArchive, lineageHash: String?, _ body: (LineageRecord) async throws -> Void
    ) async throws {
        if let lineageHash {
            guard let record = try await store.lineageRecord(hash: lineageHash) else {
                throw GraphFormatError("no lineage \(lineageHash) in the store")
            }
            try await body(record)
            return
        }
        var after: String?
        while true {
            let hashes = try await store.lineageHashes(after: after, limit: GraphExporter.pageSize)
            for hash in hashes {
                guard let record = try await store.lineageRecord(hash: hash) else { continue }
                try await body(record)
            }
            guard hashes.count == GraphExporter.pageSize else { break }
            after = hashes.last
        }
    }
}
