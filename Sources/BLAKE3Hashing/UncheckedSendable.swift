/// A value handed to worker threads whose safe use the caller guarantees: raw pointers
/// into memory that outlives the workers, each worker touching disjoint bytes.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
