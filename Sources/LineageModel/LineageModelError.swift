/// A lineage record that breaks a rule of the model; the message is meant for the client.
public enum LineageModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
