import GLaaSHTTP
import LineageModel
import LineageStore

/// Runs the body readers of glaas's routes on one fuzz input and stops the fuzzer (a crash it
/// saves) when one throws an error that the server would answer with a 500 instead of a 4xx.
public enum RouteReading {
    /// The fuzz input as bytes (libFuzzer may pass a null pointer for an empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Reads `body` as `route` does (`read`, one of GLaaSServer's `RequestBodyReaders`): it may
    /// refuse it, but only as a client error.
    public static func read(_ body: [UInt8], route: String, with read: ([UInt8]) throws -> Void) {
        do {
            try read(body)
        } catch {
            guard isClientError(error) else { fatalError("\(route) would answer 500 for this body: \(String(reflecting: error))") }
        }
    }

    /// Whether the server's error middleware answers `error` with a 4xx (GLaaSServer's
    /// ErrorMiddleware: GLaaSError by its status, store errors by kind, model errors as 400).
    public static func isClientError(_ error: any Error) -> Bool {
        switch error {
        case let error as GLaaSError: return (400..<500).contains(error.status.code)
        case let error as LineageStoreError:
            if case .unavailable = error { return false }
            return true
        case is LineageModelError: return true
        default: return false
        }
    }
}
