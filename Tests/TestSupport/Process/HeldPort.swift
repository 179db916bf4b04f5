import Glibc
import Synchronization

/// A port on 127.0.0.1 held for as long as this object lives, for tests of a client facing a
/// server that is not there: `refusing()` binds and never listens (connections are refused, an
/// "unreachable server"); `silent()` listens and never answers (connections complete into the
/// backlog and nothing comes back, a server that hangs).
public final class HeldPort: Sendable {
    /// The port.
    public let port: Int
    private let descriptor: Mutex<Int32?>

    /// A port that refuses connections.
    public static func refusing() throws -> HeldPort { try HeldPort(listening: false) }

    /// A port that accepts connections and never answers.
    public static func silent() throws -> HeldPort { try HeldPort(listening: true) }

    private init(listening: Bool) throws {
        let socket = try LoopbackSocket()
        if listening, listen(socket.descriptor, 16) != 0 {
            _ = Glibc.close(socket.descriptor)
            throw TestFailure("listen: errno \(errno)")
        }
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
