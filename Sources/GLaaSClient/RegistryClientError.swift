import Foundation

/// Why a registry call failed, in terms a user can act on: nothing answered, the answer took
/// too long, or the registry said no (with its own message).
public enum RegistryClientError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Nothing accepted the connection (wrong URL, server down, DNS).
    case unreachable(url: String, reason: String)
    /// The registry did not answer within the timeout.
    case timedOut(url: String, seconds: Double)
    /// The registry answered with a non-2xx status.
    case http(status: Int, message: String, path: String)
    /// The registry answered 2xx with something that is not the expected JSON.
    case invalidResponse(path: String, reason: String)
    /// The client is misconfigured (no glaas.url, bad key...).
    case configuration(String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason):
            return "registry \(url) is unreachable (\(reason))"
        case .timedOut(let url, let seconds):
            return "registry \(url) did not answer within \(Self.seconds(seconds)) (set glaas.timeout or ROAR_GLAAS_TIMEOUT to wait longer)"
        case .http(let status, let message, let path):
            return "registry answered HTTP \(status) to \(path): \(message)"
        case .invalidResponse(let path, let reason):
            return "registry sent an invalid answer to \(path): \(reason)"
        case .configuration(let message):
            return message
        }
    }

    /// The HTTP status when the registry answered with one.
    public var status: Int? {
        if case .http(let status, _, _) = self { return status }
        return nil
    }

    /// Whether nothing answered in time (unreachable or timed out): the registry said nothing.
    public var isTransport: Bool {
        switch self {
        case .unreachable, .timedOut: true
        default: false
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
