import Synchronization

/// The server-wide counters behind the request limits: requests in flight and request-body
/// bytes that may be buffered at once. Shared by every connection, so atomics, never a lock.
public final class RequestGate: Sendable {
    public let maximumInFlight: Int
    public let bodyBudget: Int
    private let inFlight = Atomic<Int>(0)
    private let reservedBodyBytes = Atomic<Int>(0)

    public init(maximumInFlight: Int, bodyBudget: Int) {
        self.maximumInFlight = maximumInFlight
        self.bodyBudget = bodyBudget
    }

    /// Counts a request in; false (and nothing counted) when `maximumInFlight` are already in.
    public func enter() -> Bool {
        if inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue <= maximumInFlight { return true }
        inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
        return false
    }

    public func leave() {
        inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    /// Reserves `bytes` of the body budget; false (and nothing reserved) when they do not fit.
    public func reserveBody(_ bytes: Int) -> Bool {
        if reservedBodyBytes.wrappingAdd(bytes, ordering: .acquiringAndReleasing).newValue <= bodyBudget { return true }
        reservedBodyBytes.wrappingSubtract(bytes, ordering: .acquiringAndReleasing)
        return false
    }

    public func releaseBody(_ bytes: Int) {
        reservedBodyBytes.wrappingSubtract(bytes, ordering: .acquiringAndReleasing)
    }

    /// Requests being handled now (for `/metrics` and tests).
    public var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }
}
