import Foundation
import LineageExport
import LineageModel
import LineageStore

/// One line of a `glaas import` graph file, read as the importer streams it (trimmed, a
/// trailing comma dropped, parsed, decoded into a lineage record, hashed), then checked as a
/// store checks it before writing: refused or accepted, never a trap. A record that decodes
/// exports to a line that decodes again to the same lineage (same hash).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var line = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    while let last = line.last, [0x20, 0x09, 0x0D, 0x0A].contains(last) { line.removeLast() }
    if line.last == UInt8(ascii: ",") { line.removeLast() }
    guard let value = try? JSONParser.parse(line), let record = try? GraphDecoding.record(value) else { return 0 }
    let hash = LineageHasher.hash(of: record.lineage)
    _ = try? RecordRanges.check(record)
    for job in record.lineage.jobs { _ = try? RecordRanges.check(job) }
    for artifact in record.artifacts { _ = try? RecordRanges.check(artifact) }
    for composite in record.composites { _ = try? RecordRanges.check(composite) }
    for edge in record.viewEdges.values.joined() { _ = try? RecordRanges.check(edge) }

    let exported = CanonicalJSON.bytes(GraphEncoding.json(record))
    let reread: LineageRecord
    do {
        reread = try GraphDecoding.record(try JSONParser.parse(exported))
    } catch {
        fatalError("an imported lineage exports to a line that does not import: \(error)")
    }
    guard LineageHasher.hash(of: reread.lineage) == hash, reread.hash == record.hash else {
        fatalError("an imported lineage exports to a line whose lineage hashes differently")
    }
    return 0
}
