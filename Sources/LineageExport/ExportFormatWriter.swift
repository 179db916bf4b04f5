import LineageModel
import LineageStore

/// One export format written incrementally: its opening bytes, each lineage's, its closing
/// bytes. `glaas export` writes them to a file and the registry streams them over HTTP, so both
/// give the same bytes and hold one lineage at a time.
public protocol ExportFormatWriter {
    mutating func begin() -> [UInt8]
    mutating func add(_ record: LineageRecord) -> [UInt8]
    mutating func end() -> [UInt8]
}

/// The glaas-graph file: the header on the first line, one lineage per line (canonical JSON,
/// comma-separated), then `]}`.
public struct GraphFormatWriter: ExportFormatWriter {
    public private(set) var count = 0

    public init() {}

    public mutating func begin() -> [UInt8] { Array((GraphEncoding.header + "\n").utf8) }

    public mutating func add(_ record: LineageRecord) -> [UInt8] {
        var bytes: [UInt8] = count == 0 ? [] : Array(",\n".utf8)
        CanonicalJSON.write(GraphEncoding.json(record), into: &bytes)
        count += 1
        return bytes
    }

    public mutating func end() -> [UInt8] { Array(((count == 0 ? "" : "\n") + GraphEncoding.footer + "\n").utf8) }
}

/// PROV-JSON: one bundle per lineage as it comes; the small document-level records (an entity
/// per lineage, agents, attributions) held until the end.
public struct ProvFormatWriter: ExportFormatWriter {
    var document: [String: [String: JSONValue]] = [:]
    public private(set) var count = 0

    public init() {}

    public mutating func begin() -> [UInt8] {
        var head: [UInt8] = Array(#"{"prefix":"#.utf8)
        CanonicalJSON.write(.object(ProvEncoding.prefixes), into: &head)
        head.append(contentsOf: #","bundle":{"#.utf8)
        return head
    }

    public mutating func add(_ record: LineageRecord) -> [UInt8] {
        let encoding = ProvEncoding(record)
        var bytes: [UInt8] = Array((count == 0 ? "\n" : ",\n").utf8)
        CanonicalJSON.write(.string(encoding.bundleID), into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CanonicalJSON.write(ProvEncoding.container(encoding.bundle), into: &bytes)
        for (kind, records) in encoding.document {
            document[kind, default: [:]].merge(ProvExporter.renumbered(records, kind: kind, after: document[kind]?.count ?? 0)) { first, _ in first }
        }
        count += 1
        return bytes
    }

    public mutating func end() -> [UInt8] {
        var tail: [UInt8] = Array("\n}".utf8)
        for (kind, records) in document.sorted(by: { $0.key < $1.key }) {
            tail.append(UInt8(ascii: ","))
            CanonicalJSON.write(.string(kind), into: &tail)
            tail.append(UInt8(ascii: ":"))
            CanonicalJSON.write(.object(records), into: &tail)
        }
        tail.append(contentsOf: "}\n".utf8)
        return tail
    }
}

/// OpenLineage RunEvents, one canonical JSON event per line.
public struct OpenLineageFormatWriter: ExportFormatWriter {
    public init() {}

    public mutating func begin() -> [UInt8] { [] }

    public mutating func add(_ record: LineageRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        for event in OpenLineageEncoding(record).events() {
            CanonicalJSON.write(event, into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    public mutating func end() -> [UInt8] { [] }
}

extension ExportFormatWriter {
    /// Writes every lineage of `store` (or only `lineageHash`, an error when missing) to `sink`;
    /// returns how many.
    public mutating func export(from store: any LineageArchive, lineageHash: String?, to sink: any ExportSink) async throws -> Int {
        try sink.append(begin())
        var count = 0
        try await LineageRecordWalk.forEach(in: store, lineageHash: lineageHash) { record in
            try sink.append(add(record))
            count += 1
        }
        try sink.append(end())
        return count
    }
}
