import ArgumentParser
import Foundation
import GLaaSClient
import RoarKit

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Download a registered lineage (or with --all every lineage you can see) as a glaas-graph, PROV or OpenLineage file.",
        discussion: """
            Reads the registry at glaas.url (GLAAS_URL outside a project) with your login, else your SSH key, else \
            anonymously: only what you may see is exported. A glaas-graph file imports with `glaas import`. -o writes \
            the file atomically (nothing is left behind on failure); without it the file goes to stdout.
            """)

    static let formats = ["glaas-graph", "prov", "openlineage"]

    @Argument(help: "The lineage hash (64 hex characters), as `roar register` printed it.")
    var lineage: String?

    @Flag(help: "Export every lineage you can see, streamed as one file.")
    var all = false

    @Option(help: "glaas-graph (default), prov or openlineage.")
    var format = "glaas-graph"

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write to this file instead of stdout.")
    var file: String?

    /// Bad arguments, as one line.
    func check() throws {
        guard Self.formats.contains(format) else { throw RoarError.usage("--format must be one of \(Self.formats.joined(separator: ", "))") }
        if all == (lineage != nil) { throw RoarError.usage("name one lineage hash, or --all") }
        if let lineage, lineage.count != 64 || !lineage.allSatisfy(\.isHexDigit) {
            throw RoarError.usage("\(lineage.prefix(80)) is not a lineage hash (64 hex characters)")
        }
    }

    func run() async throws {
        do {
            try check()
            let (_, configuration) = try RegistryContext.open()
            guard let url = configuration.glaasURL else {
                throw RoarError.usage("no registry configured: run `roar config set glaas.url http://HOST:PORT` first (or set GLAAS_URL)")
            }
            let reader = RegistryReader(connection: try RegistryConnection(configuration: configuration), note: { warn($0) })
            let path = (lineage.map { "/lineages/\($0.lowercased())/export" } ?? "/export") + "?format=\(format)"
            let sink = try ExportSink(path: file, progress: all && file != nil && isatty(STDERR_FILENO) == 1)
            let seconds = max(reader.client.endpoint.timeout, all ? 86_400 : 3_600)
            do {
                try await reader.read { credential in
                    try await reader.client.download(
                        path, credential: credential, seconds: seconds, started: { try await sink.start($0) },
                        receive: { try await sink.write($0) })
                }
                let written = try await sink.finish()
                if let file { warn("wrote \(Output.size(written)) to \(file)") }
            } catch {
                await sink.discard()
                if error is ExportSink.NotFound || (error as? RegistryClientError)?.status == 404 {
                    throw RoarError.failed("the registry at \(url) has no lineage \(lineage ?? "") that you can see")
                }
                throw error
            }
        } catch {
            throw fail(error)
        }
    }
}
