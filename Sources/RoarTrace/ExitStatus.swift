/// How a process ended.
public enum ExitStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Normal exit with this code.
    case exited(Int32)
    /// Killed by this signal number.
    case signaled(Int32)

    /// The status a POSIX shell would report (`128 + signal` when killed).
    public var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited \(code)"
        case .signaled(let signal): "signaled \(signal)"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case exited, signaled
    }

    /// Encoded as `{"exited": 3}` or `{"signaled": 2}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exited(let code): try container.encode(code, forKey: .exited)
        case .signaled(let signal): try container.encode(signal, forKey: .signaled)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let code = try container.decodeIfPresent(Int32.self, forKey: .exited) {
            self = .exited(code)
        } else {
            self = .signaled(try container.decode(Int32.self, forKey: .signaled))
        }
    }
}
