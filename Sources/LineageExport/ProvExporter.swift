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
        var document: [String: [String: JSONValue]] = [:]
        var count = 0
        var head: [UInt8] = Array(#"{"prefix":"#.utf8)
        CanonicalJSON.write(.object(ProvEncoding.prefixes), into: &head)
        head.append(contentsOf: #","bundle":{"#.utf8)
        try sink.append(head)
        try await LineageRecordWalk.forEach(in: store, lineageHash: lineageHash) { record in
            let encoding = ProvEncoding(record)
            var bytes: [UInt8] = Array((count == 0 ? "\n" : ",\n").utf8)
            CanonicalJSON.write(.string(encoding.bundleID), into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            CanonicalJSON.write(ProvEncoding.container(encoding.bundle), into: &bytes)
            try sink.append(bytes)
            for (kind, records) in encoding.document {
                document[kind, default: [:]].merge(renumbered(records, kind: kind, after: document[kind]?.count ?? 0)) { first, _ in first }
            }
            count += 1
        }
        var tail: [UInt8] = Array("\n}".utf8)
        for (kind, records) in document.sorted(by: { $0.key < $1.key }) {
            tail.append(UInt8(ascii: ","))
            CanonicalJSON.write(.string(kind), into: &tail)
            tail.append(UInt8(ascii: ":"))
            CanonicalJSON.write(.object(records), into: &tail)
        }
        tail.append(contentsOf: "}\n".utf8)
        try sink.append(tail)
        return count
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
