import Synchronization

/// A value written by concurrent probes and read once they are done.
final class ProbeBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ initial: Value) {
        storage = Mutex(initial)
    }

    func update(_ change: (inout Value) -> Void) {
        storage.withLock { change(&$0) }
    }

    var value: Value { storage.withLock { $0 } }
}
