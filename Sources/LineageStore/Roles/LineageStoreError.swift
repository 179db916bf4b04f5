/// Failures a caller can act on; anything else is a bug or an unavailable database. Each case
/// is part of the HTTP contract (`StoreErrorStatus` maps it to a status).
public enum LineageStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case labelConflict([LabelTarget])
    case invalid(String)
    /// The database cannot be reached or failed for now; the caller may retry.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let message), .conflict(let message), .invalid(let message), .unavailable(let message): message
        case .labelConflict(let targets): "label documents changed since they were read: \(targets.map(\.key).joined(separator: ", "))"
        }
    }
}
