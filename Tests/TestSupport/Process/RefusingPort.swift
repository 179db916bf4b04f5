import Glibc
import Synchronization

/// A port on 127.0.0.1 that refuses connections for as long as this object is held: a socket
/// bound there and never listening. What an "unreachable server" test points a client at.
public final class RefusingPort: Sendable {
    /// The port.
    public let port: Int
    private let descriptor: Mutex<Int32?>

    /// Binds the socket.
    public init() throws {
        let socket = try LoopbackSocket()
        port = socket.port
        descriptor = Mutex(socket.descriptor)
    }

    deinit { close() }

    /// Releases the port.
    public func close() {
        descriptor.withLock { held in
            if let fd = held { _ = Glibc.close(fd) }
            held = nil
        }
    }
}
