import RoarKit
import Testing

/// The cases of `RoarError`: a usage error (the user's input is wrong, exit 2) or a failure.
public enum RoarErrorCase: String, Sendable {
    case usage, failed
}

extension RoarError {
    /// The error's case.
    public var errorCase: RoarErrorCase {
        switch self {
        case .usage: .usage
        case .failed: .failed
        }
    }
}

/// Expects `body` to throw `RoarError` of case `expected` whose message contains `message`;
/// records an issue at the caller otherwise.
public func expectRoarError<T>(
    _ expected: RoarErrorCase, containing message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected RoarError.\(expected.rawValue), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as RoarError {
        #expect(error.errorCase == expected, "expected RoarError.\(expected.rawValue), got \(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(message), "\"\(error.description)\" does not say \"\(message)\"", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected RoarError.\(expected.rawValue), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
}
