import Glibc

/// A port for a child program that cannot bind port 0 and say which port it got (moto,
/// PostgreSQL): bound on 127.0.0.1 by the system's choice, read, released. Everything that
/// can bind port 0 itself (glaas, the in-process servers) does so instead.
public enum FreePort {
    /// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
    public static func take() throws -> Int {
        let socket = try LoopbackSocket()
        close(socket.descriptor)
        return socket.port
    }
}
