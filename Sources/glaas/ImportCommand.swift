import ArgumentParser
import Foundation
import LineageExport
import LineageStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a glaas-graph file into the store, checking every lineage's hash against its content.",
        discussion: """
            Lineages already stored are reported as existing and left alone. A lineage whose content does not hash to its \
            recorded hash is refused (nothing of it is written) and the exit status is 1.
            """)

    @OptionGroup var store: DatabaseOptions

    @Option(name: .customLong("progress-every"), help: "Print a progress line on standard error every N lineages (0: never).")
    var progressEvery = 1000

    @Argument(help: "The file to read; - for standard input.")
    var file: String

    func run() async throws {
        let (database, _) = try await StoreLocation.open(store.database)
        let summary: GraphImporter.Summary
        do {
            summary = try await GraphImporter.importFile(file, into: database, progressEvery: progressEvery) { event in
                switch event {
                case .existing(let hash): print("existing \(hash)")
                case .refused(let message): FileHandle.standardError.write(Data("glaas: \(message)\n".utf8))
                case .progress(let count): FileHandle.standardError.write(Data("glaas: \(count) lineages read\n".utf8))
                }
            }
        } catch let error as GraphFormatError {
            throw CommandFailure("\(file): \(error)")
        } catch let error as LineageStoreError {
            throw CommandFailure(error.description)
        }
        print(
            "imported \(summary.total) lineages: \(summary.created.count) created, \(summary.existing.count) existing, \(summary.refused.count) refused"
        )
        if !summary.refused.isEmpty { throw ExitCode.failure }
    }
}
