import Foundation
import Synchronization

@testable import RoarTrace

/// An observer that remembers every callback, snapshots each file it is
/// warned about, and arms the watchdog with the command's pid.
final class Recorder: TraceObserver {
    struct Change: Sendable {
        var path: String
        var identity: FileIdentity?
        var pid: Int32
        /// The file's content at the moment of the callback.
        var snapshot: String?
    }

    private let state = Mutex<(root: Int32?, changes: [Change])>((nil, []))
    private let onStart: (@Sendable (Int32) -> Void)?

    init(onStart: (@Sendable (Int32) -> Void)? = nil) {
        self.onStart = onStart
    }

    var rootPID: Int32? { state.withLock { $0.root } }
    var changes: [Change] { state.withLock { $0.changes } }

    func change(of path: String) -> Change? {
        changes.first { $0.path == path }
    }

    func fileWillChange(_ path: String, identity: FileIdentity?, pid: Int32) {
        let snapshot = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        state.withLock { $0.changes.append(Change(path: path, identity: identity, pid: pid, snapshot: snapshot)) }
    }

    func commandStarted(pid: Int32) {
        state.withLock { $0.root = pid }
        onStart?(pid)
    }
}
