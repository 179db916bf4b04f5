/// The one error type of the test support code and the tests: what went wrong, in words a
/// failing test can print (a process's log, the command that failed, the deadline missed).
public struct TestFailure: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String

    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }
}
