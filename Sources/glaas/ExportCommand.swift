import ArgumentParser
import Foundation
import LineageExport
import LineageModel
import LineageStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the registry (or one lineage) as a glaas-graph JSON file (docs/export-format.md), W3C PROV-JSON or OpenLineage events.")

    /// The file formats `glaas export` writes.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// docs/export-format.md: everything, and what `glaas import` reads.
        case glaasGraph = "glaas-graph"
        /// W3C PROV-JSON, one bundle per lineage (docs/prov-mapping.md).
        case prov
        /// OpenLineage RunEvents as JSON lines (docs/openlineage.md).
        case openlineage
    }

    @OptionGroup var store: DatabaseOptions

    @Option(help: "glaas-graph (default; what import reads), prov (W3C PROV-JSON) or openlineage (RunEvents, JSON lines).")
    var format: Format = .glaasGraph

    @Option(help: "Export only the lineage with this hash (64 hex characters).")
    var lineage: String?

    @Argument(help: "The file to write; - for standard output.")
    var file: String

    func validate() throws {
        if let lineage, !HexString.isHash256(lineage) { throw ValidationError("--lineage needs a lineage hash: 64 lowercase hex characters") }
    }

    func run() async throws {
        let (database, _) = try await StoreLocation.open(store.database)
        if file == "-" {
            try await write(database, to: FileHandle.standardOutput)
            return
        }
        // Written beside the target and renamed when complete: a failed export leaves no half file.
        let partial = file + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw CommandFailure("cannot create \(partial)")
        }
        do {
            let count = try await write(database, to: handle)
            try handle.close()
            _ = try? FileManager.default.removeItem(atPath: file)
            try FileManager.default.moveItem(atPath: partial, toPath: file)
            FileHandle.standardError.write(Data("glaas: exported \(count) lineage\(count == 1 ? "" : "s") to \(file)\n".utf8))
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    @discardableResult
    private func write(_ database: any LineageArchive, to handle: FileHandle) async throws -> Int {
        do {
            switch format {
            case .glaasGraph: return try await GraphExporter.export(from: database, lineageHash: lineage, to: handle)
            case .prov: return try await ProvExporter.export(from: database, lineageHash: lineage, to: handle)
            case .openlineage: return try await OpenLineageExporter.export(from: database, lineageHash: lineage, to: handle)
            }
        } catch let error as GraphFormatError {
            throw CommandFailure(error.description)
        } catch let error as LineageStoreError {
            throw CommandFailure(error.description)
        }
    }
}
