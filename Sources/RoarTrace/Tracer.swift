import CRoarTrace
import Foundation
import Synchronization

/// Runs commands under ptrace + seccomp-BPF and reports the files and
/// programs their whole process tree used.
///
/// Linux only. Each trace runs on a thread of its own: ptrace binds
/// tracees to the thread that attached them, and that thread must wait
/// only for its own tracees.
public enum Tracer {
    /// Checks that tracing works here (ptrace allowed, seccomp filters with
    /// SECCOMP_RET_TRACE, syscall decoding, tracee memory reads) with a
    /// short-lived probe process. Throws `TraceError.tracingUnavailable`.
    public static func preflight() throws {
        var stage: Int32 = 0
        var code: Int32 = 0
        if croar_probe(&stage, &code) != 0 {
            throw Launcher.error(stage: stage, errno: code)
        }
    }

    /// Runs `request` to completion (until every process of its tree has
    /// exited) and returns what it did. Blocks the calling thread; while it
    /// runs, SIGINT and SIGQUIT are ignored by this process, so a Ctrl-C
    /// reaches the command but not the tracer. Throws before the command
    /// starts if it cannot be found or traced.
    public static func run(_ request: TraceRequest, observer: (any TraceObserver)? = nil) throws -> TraceReport {
        let outcome = Outcome()
        let thread = Thread {
            outcome.finish(Result { try TraceSession(request: request, observer: observer).run() })
        }
        thread.name = "roar-trace"
        thread.start()
        return try outcome.wait().get()
    }

    /// `run(_:observer:)` without blocking a Swift concurrency thread.
    public static func run(_ request: TraceRequest, observer: (any TraceObserver)? = nil) async throws -> TraceReport {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try TraceSession(request: request, observer: observer).run() })
            }
            thread.name = "roar-trace"
            thread.start()
        }
    }
}

/// Hands the result of the tracer thread to the waiting caller.
private final class Outcome: Sendable {
    private let result = Mutex<Result<TraceReport, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(_ value: Result<TraceReport, any Error>) {
        result.withLock { $0 = value }
        done.signal()
    }

    func wait() -> Result<TraceReport, any Error> {
        done.wait()
        return result.withLock { $0! }
    }
}
