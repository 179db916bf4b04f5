import ArgumentParser
import Foundation
import GLaaSServer
import Hummingbird
import Logging
import NIOCore
import PostgresLineageStore
import Synchronization

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the registry's HTTP server (the GLaaS v1 protocol that roar speaks).")

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: one the system chooses; the line `glaas: listening on …` says which).")
    var port = 8000

    @OptionGroup var store: DatabaseOptions

    @Option(name: .customLong("public-url"), help: "The origin clients should use in web links (default: http://HOST:PORT).")
    var publicURL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("signature-window"), help: "Seconds an SSH signature's timestamp may differ from the server clock.")
    var signatureWindow = 300

    @Option(name: .customLong("max-in-flight"), help: "Requests handled at once; beyond it, 503 with Retry-After.")
    var maximumInFlight = 256

    @Option(name: .customLong("body-memory"), help: "MiB of request bodies held at once across connections (at least 64).")
    var bodyMemory = 128

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may stay without sending a complete request head.")
    var idleTimeout = 30

    @Flag(name: .customLong("no-anonymous"), help: "Refuse unsigned requests: publishing and reading need a registered SSH key.")
    var noAnonymous = false

    @Option(name: .customLong("login-poll-interval"), help: "Seconds a device login's client waits between polls.")
    var loginPollInterval = 5

    @Option(name: .customLong("login-code-lifetime"), help: "Seconds a device login code waits for approval.")
    var loginCodeLifetime = 600

    @Option(name: .customLong("access-token-lifetime"), help: "Seconds a device login's access token works before it is refreshed.")
    var accessTokenLifetime = 3600

    @Option(
        name: .customLong("statement-timeout"),
        help: "Seconds one database statement may run before it is stopped and its request answered 503 (0: no limit).")
    var statementTimeout = 10.0

    @Option(
        name: .customLong("idle-transaction-timeout"),
        help: "PostgreSQL: seconds a connection may sit idle inside a transaction before the server closes it (0: no limit).")
    var idleTransactionTimeout = 30.0

    @Flag(
        name: .customLong("allow-owner-role"),
        help: "PostgreSQL: serve as a role that owns the schema (and could drop its append-only triggers), migrating it first.")
    var allowOwnerRole = false

    func validate() throws {
        for (name, value) in [("--statement-timeout", statementTimeout), ("--idle-transaction-timeout", idleTransactionTimeout)] {
            guard value.isFinite, (0...86_400).contains(value) else { throw ValidationError("\(name) must be 0-86400 seconds") }
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard signatureWindow > 0 else { throw ValidationError("--signature-window must be positive") }
        guard (1...100_000).contains(maximumInFlight) else { throw ValidationError("--max-in-flight must be 1-100000") }
        guard (64...65_536).contains(bodyMemory) else { throw ValidationError("--body-memory must be 64-65536 (MiB)") }
        guard (1...86_400).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1-86400 seconds") }
        guard (1...60).contains(loginPollInterval) else { throw ValidationError("--login-poll-interval must be 1-60 seconds") }
        guard (10...86_400).contains(loginCodeLifetime) else { throw ValidationError("--login-code-lifetime must be 10-86400 seconds") }
        guard (10...2_592_000).contains(accessTokenLifetime) else { throw ValidationError("--access-token-lifetime must be 10-2592000 seconds") }
    }

    func run() async throws {
        var logger = Logger(label: "glaas")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let (database, location) = try await StoreLocation.open(
            store.database, logger: logger, statementTimeout: Self.duration(statementTimeout),
            idleInTransactionTimeout: Self.duration(idleTransactionTimeout), access: .serve(allowOwner: allowOwnerRole))
        var configured = GLaaSConfiguration(
            host: host, port: port, publicURL: publicURL, signatureWindow: TimeInterval(signatureWindow),
            maximumRequestsInFlight: maximumInFlight, bodyBudget: bodyMemory << 20, idleTimeout: idleTimeout, requireSignature: noAnonymous)
        configured.deviceLogin = DeviceLoginPolicy(
            codeLifetime: TimeInterval(loginCodeLifetime), pollInterval: loginPollInterval, accessTokenLifetime: TimeInterval(accessTokenLifetime))
        let requested = configured
        print("glaas: data in \(location.description)")
        fflush(nil)
        // The routes print URLs with the port (registration receipts), so they are made once the
        // listener is up and the port is known: with --port 0 the system chooses it.
        let routes = BoundRouter()
        let app = Application(
            responder: routes,
            server: GLaaSApplication.httpServer(requested),
            configuration: .init(address: .hostname(requested.host, port: requested.port), serverName: requested.serverName),
            onServerRunning: { channel in
                var configuration = requested
                configuration.port = channel.localAddress?.port ?? requested.port
                routes.bind(GLaaSApplication.router(store: database, configuration: configuration).buildResponder())
                let listening = GLaaSConfiguration(host: configuration.host, port: configuration.port).webOrigin
                print("glaas: listening on \(listening) (API at \(listening)/api/v1)")
                if configuration.webOrigin != listening { print("glaas: links use \(configuration.webOrigin)") }
                fflush(nil)
            },
            logger: logger)
        try await app.runService()
    }

    /// Seconds from an option as a limit; 0 is none.
    static func duration(_ seconds: Double) -> Duration? {
        seconds > 0 ? .milliseconds(max(1, Int64((seconds * 1000).rounded()))) : nil
    }
}

/// The application's responder, bound to the router once the server listens; until then (a
/// request cannot arrive before anyone knows the port) it answers 503.
final class BoundRouter: HTTPResponder {
    typealias Context = GLaaSRequestContext
    private let responder = Mutex<RouterResponder<GLaaSRequestContext>?>(nil)

    func bind(_ router: RouterResponder<GLaaSRequestContext>) {
        responder.withLock { $0 = router }
    }

    func respond(to request: Request, context: GLaaSRequestContext) async throws -> Response {
        guard let router = responder.withLock({ $0 }) else { throw HTTPError(.serviceUnavailable) }
        return try await router.respond(to: request, context: context)
    }
}
