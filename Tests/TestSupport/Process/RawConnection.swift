import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection to a test server, for what no HTTP client sends: half a request head,
/// a body that stops part way. Every read waits a bounded time.
public final class RawConnection: Sendable {
    /// What has arrived, and whether the server closed the connection.
    final class Received: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.bytes += Array(buffer: buffer) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closed = true }
            context.fireChannelInactive()
        }
    }

    let channel: any Channel
    let received: Received

    init(channel: any Channel, received: Received) {
        self.channel = channel
        self.received = received
    }

    /// Connects to 127.0.0.1:`port`.
    public static func open(port: Int) async throws -> RawConnection {
        let received = Received()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in channel.pipeline.addHandler(received) }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    /// Sends `text` as it is (write `\r\n` yourself).
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Everything received so far, as text.
    public var text: String { String(decoding: received.state.withLock { $0.bytes }, as: UTF8.self) }

    /// Whether the server has closed the connection.
    public var isClosed: Bool { received.state.withLock { $0.closed } }

    /// Waits at most `limit` for `condition` to hold of this connection; returns whether it did.
    public func wait(atMost limit: Duration, until condition: (RawConnection) async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while await !condition(self) {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Waits at most `limit` for a whole response head (through the blank line) and returns the
    /// received text, or nil.
    public func response(waitingAtMost limit: Duration) async throws -> String? {
        try await wait(atMost: limit) { $0.text.contains("\r\n\r\n") || $0.isClosed } && text.contains("\r\n\r\n") ? text : nil
    }

    public func close() async {
        try? await channel.close()
    }
}
