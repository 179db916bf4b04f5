import Foundation

/// Tells a person at a terminal about uploads and downloads big enough to take a while: one
/// line when one starts, its end, size and rate when it is done (on stderr).
struct TransferProgress: Sendable {
    /// Below this many bytes a transfer is over before anyone would wonder.
    static let threshold: Int64 = 32 << 20

    let enabled: Bool

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Runs `work`, announcing `what` (e.g. "uploading model.bin") when `bytes` is large.
    func around<T>(_ what: String, bytes: Int64, _ work: () async throws -> T) async rethrows -> T {
        guard enabled, bytes >= Self.threshold else { return try await work() }
        let started = Date()
        FileHandle.standardError.write(Data("roar: \(what) (\(Output.size(bytes)))…".utf8))
        do {
            let result = try await work()
            let seconds = Date().timeIntervalSince(started)
            let rate = seconds > 0 ? " at \(Output.size(Int64(Double(bytes) / seconds)))/s" : ""
            FileHandle.standardError.write(Data(" done in \(Output.duration(seconds))\(rate)\n".utf8))
            return result
        } catch {
            FileHandle.standardError.write(Data(" failed\n".utf8))
            throw error
        }
    }
}
