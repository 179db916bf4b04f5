import LineageStore
import Testing

/// The cases of `LineageStoreError` without their messages: each is an HTTP status of the
/// API (404, 409, 409 with the stale labels, 400, 503), so tests check the case exactly.
public enum StoreErrorCase: String, Sendable {
    case notFound, conflict, labelConflict, invalid, unavailable
}

extension LineageStoreError {
    /// The error's case.
    public var errorCase: StoreErrorCase {
        switch self {
        case .notFound: .notFound
        case .conflict: .conflict
        case .labelConflict: .labelConflict
        case .invalid: .invalid
        case .unavailable: .unavailable
        }
    }
}

/// Expects `body` to throw `LineageStoreError` of case `expected` whose message contains
/// `message` (when given); records an issue at the caller otherwise.
public func expectStoreError<T>(
    _ expected: StoreErrorCase, containing message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected LineageStoreError.\(expected.rawValue), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as LineageStoreError {
        #expect(error.errorCase == expected, "expected LineageStoreError.\(expected.rawValue), got \(error)", sourceLocation: sourceLocation)
        if let message {
            #expect(error.description.contains(message), "\"\(error.description)\" does not say \"\(message)\"", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected LineageStoreError.\(expected.rawValue), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
}
