import Foundation
import LineageModel
import LineageStore

/// Reads a graph file lineage by lineage. The layout `GraphFormatWriter` writes (a header line, one
/// lineage per line, `]}`) is streamed with one lineage in memory; any other valid JSON
/// layout of the same document (pretty-printed, one line) is parsed whole.
public struct GraphReader {
    /// One lineage of the file: its position (1-based) and the record, or why it cannot be read.
    public typealias Entry = (position: Int, record: Result<LineageRecord, GraphFormatError>)

    var lines: LineReader

    /// Opens the file at `path` (`-`: standard input).
    public init(path: String) throws {
        if path == "-" {
            lines = LineReader(handle: FileHandle.standardInput)
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw GraphFormatError("cannot open \(path)") }
            lines = LineReader(handle: handle)
        }
    }

    /// Checks the header (format and version), then hands every lineage to `body`, in file order.
    /// Throws when the file as a whole is not a readable graph file of this version.
    public mutating func forEachEntry(_ body: (Entry) async throws -> Void) async throws {
        guard let first = try lines.next() else { throw GraphFormatError("the file is empty") }
        if let header = try? JSONParser.parse(first + Array(GraphEncoding.footer.utf8)), header["lineages"]?.arrayValue?.isEmpty == true {
            try GraphDecoding.checkHeader(header)
            try await streamLines(body)
        } else {
            try await parseWhole(first: first, body)
        }
    }

    private mutating func streamLines(_ body: (Entry) async throws -> Void) async throws {
        var position = 0
        while let line = try lines.next() {
            let trimmed = Self.trimmed(line)
            if trimmed.isEmpty { continue }
            if trimmed == Array(GraphEncoding.footer.utf8) {
                while let rest = try lines.next() {
                    if !Self.trimmed(rest).isEmpty { throw GraphFormatError("text after the end of the graph") }
                }
                return
            }
            position += 1
            var object = trimmed
            if object.last == UInt8(ascii: ",") { object.removeLast() }
            try await body((position, Self.decode { try JSONParser.parse(object) }))
        }
        throw GraphFormatError("the file ends before its closing \"\(GraphEncoding.footer)\" (truncated?)")
    }

    private mutating func parseWhole(first: [UInt8], _ body: (Entry) async throws -> Void) async throws {
        var bytes = first
        bytes.append(UInt8(ascii: "\n"))
        while let line = try lines.next() {
            bytes.append(contentsOf: line)
            bytes.append(UInt8(ascii: "\n"))
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw GraphFormatError("not a JSON document: \(error)")
        }
        try GraphDecoding.checkHeader(document)
        guard let lineages = document["lineages"]?.arrayValue else { throw GraphFormatError("the file has no \"lineages\" array") }
        for (index, value) in lineages.enumerated() {
            try await body((index + 1, Self.decode { value }))
        }
    }

    private static func decode(_ parse: () throws -> JSONValue) -> Result<LineageRecord, GraphFormatError> {
        do {
            return .success(try GraphDecoding.record(try parse()))
        } catch let error as GraphFormatError {
            return .failure(error)
        } catch {
            return .failure(GraphFormatError("\(error)"))
        }
    }

    static func trimmed(_ line: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let start = line.firstIndex(where: { !isSpace($0) }), let end = line.lastIndex(where: { !isSpace($0) }) else { return [] }
        return Array(line[start...end])
    }
}

/// Lines of a file handle, read in 1 MiB chunks.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline resumes (bytes before it hold none).
    private var scanned = 0
    private var atEnd = false

    init(handle: FileHandle) { self.handle = handle }

    /// The next line without its newline; nil at the end.
    mutating func next() throws -> [UInt8]? {
        while true {
            if let newline = buffer[max(start, scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                return line
            }
            scanned = buffer.count
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            scanned -= start
            start = 0
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                atEnd = true
            }
        }
    }
}
