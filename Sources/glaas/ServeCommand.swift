import ArgumentParser
import Foundation
import GLaaSServer
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the registry's HTTP server (the GLaaS v1 protocol that roar speaks).")

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8000

    @OptionGroup var store: DatabaseOptions

    @Option(name: .customLong("public-url"), help: "The origin clients should use in web links (default: http://HOST:PORT).")
    var publicURL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("signature-window"), help: "Seconds an SSH signature's timestamp may differ from the server clock.")
    var signatureWindow = 300

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1-65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard signatureWindow > 0 else { throw ValidationError("--signature-window must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "glaas")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let (database, location) = try await StoreLocation.open(store.database, logger: logger)
        let configuration = GLaaSConfiguration(host: host, port: port, publicURL: publicURL, signatureWindow: TimeInterval(signatureWindow))
        print("glaas: data in \(location.description)")
        print("glaas: listening on \(configuration.webOrigin) (API at \(configuration.webOrigin)/api/v1)")
        let app = GLaaSApplication.make(store: database, configuration: configuration, logger: logger)
        try await app.runService()
    }
}
