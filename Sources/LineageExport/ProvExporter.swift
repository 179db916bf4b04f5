import Foundation
import LineageModel
import LineageStore

/// `glaas export --format prov`: a W3C PROV-JSON document with one bundle per lineage
/// (docs/prov-mapping.md). Bundles are written as they are read; only the small document-level
/// records (one entity per lineage, its agents and attributions) are held until the end.
public enum ProvExporter {
    /// Writes the document to `sink`; returns how many lineages (bundles) it holds.
    @discardableResult
    public static func export(from store: any LineageArchive, lineageHash: String? = nil, to sink: any ExportSink) async throws -> Int {
        var writer = ProvFormatWriter()
        return try await writer.export(from: store, lineageHash: lineageHash, to: sink)
    }

    /// Blank relation ids (`_:a1`) restart in every lineage; give them document-wide numbers.
    static func renumbered(_ records: [String: JSONValue], kind: String, after offset: Int) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        var next = offset
        for key in records.keys.sorted() {
            if key.hasPrefix("_:") {
                next += 1
                result["_:\(kind.prefix(1))d\(next)"] = records[key]
            } else {
                result[key] = records[key]
            }
        }
        return result
    }
}
