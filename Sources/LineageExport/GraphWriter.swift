import Foundation
import LineageModel
import LineageStore

/// Writes a graph file one lineage at a time: the header on the first line, then one lineage
/// object per line (canonical JSON), then `]}`. Only the lineage being written is in memory.
public final class GraphWriter {
    let sink: any ExportSink
    private var pending: [UInt8]?
    /// How many lineages were written so far.
    public private(set) var count = 0

    /// Starts a file on `sink` by writing its header line.
    public init(sink: any ExportSink) throws {
        self.sink = sink
        try sink.append(Array((GraphEncoding.header + "\n").utf8))
    }

    /// Appends one lineage. Each line but the last ends with a comma, so a line is written once
    /// the next lineage (or the end) is known.
    public func write(_ record: LineageRecord) throws {
        try flush(last: false)
        var bytes: [UInt8] = []
        CanonicalJSON.write(GraphEncoding.json(record), into: &bytes)
        pending = bytes
        count += 1
    }

    /// Writes the last lineage and the closing line.
    public func finish() throws {
        try flush(last: true)
        try sink.append(Array((GraphEncoding.footer + "\n").utf8))
    }

    private func flush(last: Bool) throws {
        guard var bytes = pending else { return }
        bytes.append(contentsOf: (last ? "\n" : ",\n").utf8)
        try sink.append(bytes)
        pending = nil
    }
}
