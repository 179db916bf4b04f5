import Glibc
import Synchronization

/// A socket on 127.0.0.1 that listens and never answers: connections complete (the kernel
/// accepts them into the backlog) and then nothing comes back, like a server that hangs.
public final class SilentListener: Sendable {
    /// The port it listens on.
    public let port: Int
    private let descriptor: Mutex<Int32?>

    /// Binds and listens.
    public init() throws {
        let socket = try LoopbackSocket()
        guard listen(socket.descriptor, 16) == 0 else {
            _ = Glibc.close(socket.descriptor)
            throw TestFailure("listen: errno \(errno)")
        }
        port = socket.port
        descriptor = Mutex(socket.descriptor)
    }

    deinit { close() }

    /// Stops listening.
    public func close() {
        descriptor.withLock { held in
            if let fd = held { _ = Glibc.close(fd) }
            held = nil
        }
    }
}
