import ArgumentParser
import Foundation
import LineageModel
import RoarKit

extension ReproduceCommand {
    /// `--script FILE` and `--export-requirements FILE`: each written whole (temporary file,
    /// then renamed), the script executable; nothing runs.
    func writeFiles(_ recipe: Recipe) throws {
        let name = recipe.lineage.map { "lineage \($0)" } ?? recipe.target.map { "artifact \($0.digest)" } ?? "job \(target)"
        var report: [String: JSONValue] = [:]
        var lines: [String] = []
        if let exportRequirements {
            let pins = ReproductionScript.pins(recipe)
            try Self.write(ReproductionScript.requirements(recipe, name: name), to: exportRequirements, executable: false)
            report["requirements"] = ["path": .string(exportRequirements), "count": .int(Int64(pins.count))]
            lines.append("Wrote \(pins.count) pip requirement(s) to \(exportRequirements)")
        }
        if let script {
            let text = ReproductionScript.text(recipe, name: name)
            if script == "-" {
                print(text, terminator: "")
                return
            }
            try Self.write(text, to: script, executable: true)
            report["script"] = ["path": .string(script), "steps": .int(Int64(recipe.steps.count))]
            lines.append("Wrote a reproduction script of \(recipe.steps.count) step(s) to \(script): review it, then run `bash \(script)`")
        }
        print(output.json ? Output.json(.object(report)) : lines.joined(separator: "\n"))
    }

    /// Writes `text` to `path` atomically (a temporary file in the same directory, renamed).
    static func write(_ text: String, to path: String, executable: Bool) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
            if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        } catch {
            throw RoarError.failed("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// `--lineage --run`: every job replayed, every output compared.
    func replayLineage(_ recipe: Recipe) async throws {
        let outcome: Reproducer.LineageOutcome
        do {
            try confirm(recipe)
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            outcome = try Reproducer(roarExecutable: executable, into: into, venv: venv).runLineage(recipe) { line in
                FileHandle.standardError.write(Data("roar: \(line)\n".utf8))
            }
        } catch {
            throw fail(error)
        }
        print(output.json ? Output.json(ReproducePresenter.lineageJSON(outcome)) : ReproducePresenter.lineageText(outcome))
        if !outcome.matches { throw ExitCode(1) }
    }
}

/// Finds the lineage `roar reproduce HASH --lineage` names: a registration of the local store,
/// else the registry's `/public/sessions/{hash}/reproduction`, read with the user's credential.
enum ReproduceLineage {
    static func recipe(_ hash: String, project: RoarProject?, configuration: RoarConfiguration?, store: LocalStore?) async throws -> Recipe {
        guard (8...64).contains(hash.count), hash.allSatisfy(\.isHexDigit) else {
            throw RoarError.usage("\(hash.prefix(80)) is not a lineage hash (8 to 64 hex characters)")
        }
        if let project, let store, let recipe = try Recipe.local(lineage: hash, store: store, project: project) { return recipe }
        let configuration = RegistryContext.withEnvironmentURL(configuration ?? .default)
        guard let url = configuration.glaasURL else {
            throw RoarError.usage("lineage \(hash) was not registered from here and no registry is configured (roar config set glaas.url URL)")
        }
        let reader = RegistryReader(connection: try RegistryConnection(configuration: configuration), note: { warn($0) })
        guard let document = try await reader.lineageReproduction(hash.lowercased()) else {
            throw RoarError.failed("lineage not found: \(hash) (neither registered from here nor visible to you on \(url); check `roar whoami`)")
        }
        return try Recipe.registry(lineage: document)
    }
}
