import Logging
import Synchronization

/// Keeps every log entry a logger made, for tests that check what the server logged (the
/// request log, a 500's request id).
public final class RecordedLog: Sendable {
    /// One logged entry, its metadata (the logger's and the entry's) as text.
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let recorded = Mutex<[Entry]>([])

    public init() {}

    /// Everything logged so far, in order.
    public var entries: [Entry] { recorded.withLock { $0 } }

    /// A logger whose entries this log keeps.
    public var logger: Logger { Logger(label: "glaas-test") { _ in RecordingHandler(log: self) } }

    struct RecordingHandler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let entry = Entry(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
            log.recorded.withLock { $0.append(entry) }
        }
    }
}
