import Foundation
import GLaaSClient
import RoarKit

/// Where `roar export` writes the bytes as they arrive: stdout, or a temporary file next to
/// the destination renamed over it once complete (removed on failure), with a byte count on
/// stderr while it grows when asked.
actor ExportSink {
    /// The registry answered 404.
    struct NotFound: Error {}

    let destination: String?
    let progress: Bool
    var temporary: String?
    var handle: FileHandle?
    var written: Int64 = 0
    var expected: Int64?
    var lastShown: Int64 = 0

    init(path: String?, progress: Bool) throws {
        self.destination = path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.progress = progress
    }

    /// Opens the temporary file once the registry said it has the file; throws `NotFound` on a 404.
    func start(_ start: RegistryClient.DownloadStart) throws {
        guard case .found(let length) = start else { throw NotFound() }
        expected = length
        guard let destination else {
            handle = FileHandle.standardOutput
            return
        }
        let directory = (destination as NSString).deletingLastPathComponent
        let path = directory + "/." + (destination as NSString).lastPathComponent + ".\(ProcessInfo.processInfo.processIdentifier).part"
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw RoarError.failed("cannot write \(destination): cannot create a file in \(directory)")
        }
        temporary = path
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func write(_ bytes: [UInt8]) throws {
        guard let handle else { return }
        try handle.write(contentsOf: bytes)
        written += Int64(bytes.count)
        if progress && written - lastShown >= 1 << 20 {
            lastShown = written
            let total = expected.map { " of \(Output.size($0))" } ?? ""
            FileHandle.standardError.write(Data("\rroar: \(Output.size(written))\(total) received".utf8))
        }
    }

    /// Completes the file: flushed, then renamed over the destination. Returns the byte count.
    func finish() throws -> Int64 {
        if progress && lastShown > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        guard let destination, let temporary, let handle else { return written }
        try handle.synchronize()
        try handle.close()
        self.handle = nil
        guard rename(temporary, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw RoarError.failed("cannot write \(destination): \(reason)")
        }
        self.temporary = nil
        return written
    }

    /// Removes what a failed download left.
    func discard() {
        if progress && lastShown > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        if temporary != nil { try? handle?.close() }
        handle = nil
        if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
        temporary = nil
    }
}
