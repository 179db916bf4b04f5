import Foundation

/// Where an exporter writes its bytes, as they are produced: a file (`FileHandle`, for
/// `glaas export`) or memory (`ExportBuffer`, for an HTTP answer).
public protocol ExportSink: AnyObject {
    func append(_ bytes: [UInt8]) throws
}

extension FileHandle: ExportSink {
    public func append(_ bytes: [UInt8]) throws {
        try write(contentsOf: Data(bytes))
    }
}

/// Bytes exported into memory.
public final class ExportBuffer: ExportSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func append(_ bytes: [UInt8]) throws {
        self.bytes.append(contentsOf: bytes)
    }
}
