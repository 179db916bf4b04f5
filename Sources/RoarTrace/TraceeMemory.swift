import CRoarTrace
import Glibc

/// Reads strings, argv arrays and words out of a stopped tracee, through
/// one reusable buffer (the tracer is single-threaded).
final class TraceeMemory {
    /// Longest path the kernel accepts, with its NUL.
    static let pathLimit = 4097
    /// Longest single argv string the kernel accepts (MAX_ARG_STRLEN), with its NUL.
    static let argumentLimit = 32 * 4096 + 1
    /// Arguments read per execve at most.
    static let argumentCountLimit = 1 << 16

    private let buffer: UnsafeMutablePointer<CChar>
    private let pageSize: Int

    init() {
        buffer = .allocate(capacity: Self.argumentLimit)
        let size = sysconf(Int32(_SC_PAGESIZE))
        pageSize = size > 0 ? size : 4096
    }

    deinit {
        buffer.deallocate()
    }

    /// Passes the bytes of the NUL-terminated string at `address` to `body`;
    /// `nil` if it cannot be read or is longer than `limit - 1`.
    func withString<Result>(
        _ tid: Int32, at address: UInt64, limit: Int = TraceeMemory.pathLimit,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard address != 0 else { return nil }
        let count = croar_read_string(tid, address, buffer, min(limit, Self.argumentLimit))
        guard count >= 0 else { return nil }
        return UnsafeRawPointer(buffer).withMemoryRebound(to: UInt8.self, capacity: count) {
            body(UnsafeBufferPointer(start: $0, count: count))
        }
    }

    /// The string at `address`.
    func string(_ tid: Int32, at address: UInt64, limit: Int = TraceeMemory.pathLimit) -> String? {
        withString(tid, at: address, limit: limit) { String(decoding: $0, as: UTF8.self) }
    }

    /// A 64-bit word (e.g. `open_how.flags`).
    func word64(_ tid: Int32, at address: UInt64) -> UInt64? {
        var value: UInt64 = 0
        let count = withUnsafeMutableBytes(of: &value) { croar_read_memory(tid, address, $0.baseAddress, 8) }
        return count == 8 ? value : nil
    }

    /// A NULL-terminated array of string pointers (argv), of an ABI with
    /// `wordSize`-byte pointers. `nil` if the array itself is unreadable.
    func stringArray(_ tid: Int32, at address: UInt64, wordSize: Int) -> [String]? {
        guard address != 0 else { return [] }
        var result: [String] = []
        var cursor = address
        var chunk = [UInt8](repeating: 0, count: 512)
        while result.count < Self.argumentCountLimit {
            let toPageEnd = pageSize - Int(cursor % UInt64(pageSize))
            let wanted = min(chunk.count, toPageEnd)
            let count = chunk.withUnsafeMutableBytes { croar_read_memory(tid, cursor, $0.baseAddress, wanted) }
            let words = count > 0 ? count / wordSize : 0
            guard words > 0 else { return result.isEmpty ? nil : result }
            for index in 0..<words {
                let pointer: UInt64 = chunk.withUnsafeBytes { bytes in
                    wordSize == 8
                        ? bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                        : UInt64(bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                }
                if pointer == 0 { return result }
                result.append(string(tid, at: pointer, limit: Self.argumentLimit) ?? "")
            }
            cursor += UInt64(words * wordSize)
        }
        return result
    }
}
