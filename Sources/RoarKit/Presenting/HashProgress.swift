import Foundation

/// Tells a person at a terminal that hashing is under way when there is enough of it to
/// notice (hashing runs at gigabytes per second, so one line before and one after suffice).
public struct HashProgress: Sendable {
    /// Below this many bytes hashing is over before anyone would wonder.
    public static let threshold: Int64 = 256 << 20

    let enabled: Bool

    public init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Runs `work`, announcing it on stderr first when `bytes` is large; prints how long it took.
    public func around<T>(files: Int, bytes: Int64, _ work: () throws -> T) rethrows -> T {
        guard enabled, bytes >= Self.threshold else { return try work() }
        let started = Date()
        FileHandle.standardError.write(Data("roar: hashing \(files) file\(files == 1 ? "" : "s") (\(Output.size(bytes)))…".utf8))
        defer {
            let seconds = Date().timeIntervalSince(started)
            let rate = seconds > 0 ? " at \(Output.size(Int64(Double(bytes) / seconds)))/s" : ""
            FileHandle.standardError.write(Data(" done in \(Output.duration(seconds))\(rate)\n".utf8))
        }
        return try work()
    }
}
