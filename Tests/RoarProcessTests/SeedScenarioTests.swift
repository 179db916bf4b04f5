import BLAKE3Hashing
import Foundation
import LineageModel
import TestSupport
import Testing

/// The seed's promise end to end, across the two clients: roar-cli 0.4.7 records a pipeline,
/// tags its dataset and registers it; on another machine our roar finds the dataset by tag and
/// time, walks forward to the model and every final output, rebuilds the whole lineage from the
/// registry to the same BLAKE3, and exports it.
@Suite(
    .enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
    .enabled(if: RoarCLIMachine.hasRoarCLI, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV (scripts/test.sh installs it)"),
    .timeLimit(.minutes(8)))
struct SeedScenarioTests {
    static let files = [
        "prepare.py":
            "import random\nrandom.seed(11)\nwith open('data.csv', 'w') as out:\n    for i in range(100):\n        out.write(f'{i},{random.random():.6f}\\n')\n",
        "train.py":
            "import json\nrows = [line.split(',') for line in open('data.csv')]\njson.dump({'w': round(sum(float(r[1]) for r in rows), 9)}, open('model.json', 'w'))\n",
        "evaluate.py": "import json\nmodel = json.load(open('model.json'))\njson.dump({'score': model['w'] / 100}, open('metrics.json', 'w'))\n",
        ".gitignore": ".roar/\n*.csv\n*.json\n",
    ]

    @Test func roarCLITagsOurRoarFindsWalksForwardReproducesAndExports() async throws {
        try await RoarCLIMachine.with { machine in
            // Machine A, roar-cli: record, tag the dataset, register.
            let demo = machine.work + "/demo"
            try await machine.run(["git", "init", "-q", "--bare", machine.work + "/remote.git"], in: machine.work)
            try await machine.run(["git", "init", "-q", demo], in: machine.work)
            for (name, text) in Self.files { try Data(text.utf8).write(to: URL(fileURLWithPath: demo + "/" + name)) }
            try await machine.run(["git", "remote", "add", "origin", RoarCLIMachine.remoteURL], in: demo)
            try await machine.run(["sh", "-c", "git add -A && git commit -qm pipeline && git push -q origin main"], in: demo)
            try await machine.run(["roar", "init", "-n"], in: demo)
            try await machine.run(["roar", "config", "set", "glaas.url", machine.url], in: demo)
            try await machine.run(["roar", "config", "set", "tracer.default", "ptrace"], in: demo)
            for script in ["prepare.py", "train.py", "evaluate.py"] { try await machine.run(["roar", "run", "python", script], in: demo) }
            let tagged = try await machine.run(["roar", "tag", "add", "license=CC-BY-4.0", "data.csv"], in: demo)
            #expect(tagged.contains("tag.license"), "\(tagged)")
            let registered = try await machine.run(["roar", "register", "-y"], in: demo)
            let hash = try #require(Self.lineageHash(in: registered), "\(registered)")
            let data = try BLAKE3.hashFile(at: demo + "/data.csv").hex
            let model = try BLAKE3.hashFile(at: demo + "/model.json").hex
            let metrics = try BLAKE3.hashFile(at: demo + "/metrics.json").hex

            // Machine B, our roar, no project: by tag and time.
            let elsewhere = machine.work + "/b"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            var environment = machine.environment("B")
            environment["GLAAS_URL"] = machine.url
            let ours = { (arguments: [String]) in try await RoarBinary.run(arguments, in: elsewhere, environment: environment) }
            let found = try Self.json(try await ours(["find", "--remote", "--tag", "license=CC-BY-4.0", "--since", "1h", "--json"]))
            #expect(Self.ids(found["matches"]) == [data], "\(found)")
            let wrongValue = try Self.json(try await ours(["find", "--remote", "--tag", "license=MIT", "--json"]))
            #expect(Self.ids(wrongValue["matches"]).isEmpty)
            let tooOld = try Self.json(try await ours(["find", "--remote", "--tag", "license", "--until", "1h", "--json"]))
            #expect(Self.ids(tooOld["matches"]).isEmpty, "registered within the hour, so nothing before it")

            // Forward: everything made from the dataset, then its final outputs.
            let down = try Self.json(try await ours(["lineage", data, "--down", "--json"]))
            let downstream = Self.digests(down)
            #expect(downstream.isSuperset(of: [model, metrics]), "\(down)")
            let impact = try Self.json(try await ours(["impact", data, "--json"]))
            #expect(Self.ids(impact["items"], key: "digest") == [metrics] || Self.ids(impact["items"], key: "hash") == [metrics], "\(impact)")

            // The whole lineage rebuilt from the registry in a fresh clone, to the same BLAKE3.
            let rebuilt = try Self.json(
                try await ours(["reproduce", hash, "--lineage", "--run", "--into", machine.work + "/clone", "-y", "--json"]))
            #expect(rebuilt["result"]?.stringValue == "MATCH", "\(rebuilt)")
            let byPath = Dictionary(
                (rebuilt["outputs"]?.arrayValue ?? []).compactMap { output in
                    output["path"]?.stringValue.map { ($0, output["rebuilt"]?.stringValue ?? "") }
                }, uniquingKeysWith: { first, _ in first })
            #expect(byPath["model.json"] == model && byPath["metrics.json"] == metrics, "\(byPath)")

            // And exported: the open graph names the lineage and its artifacts; PROV parses.
            let file = elsewhere + "/lineage.json"
            let exported = try await ours(["export", hash, "-o", file])
            #expect(exported.status == 0, "\(exported.stderr)")
            let graph = try String(contentsOfFile: file, encoding: .utf8)
            #expect(graph.contains(hash) && graph.contains(data) && graph.contains(metrics))
            let prov = try await ours(["export", hash, "--format", "prov"])
            #expect(prov.status == 0 && (try? JSONParser.parse(prov.stdout)) != nil, "\(prov.stderr)")
        }
    }

    static func lineageHash(in text: String) -> String? {
        guard let range = text.range(of: "/web/dag/") else { return nil }
        let hash = String(text[range.upperBound...].prefix(64))
        return HexString.isHash256(hash) ? hash : nil
    }

    static func json(_ result: ChildProcess.Result) throws -> JSONValue {
        guard result.status == 0 else { throw TestFailure("roar exited \(result.status): \(result.stderr)") }
        return try JSONParser.parse(result.stdout)
    }

    /// The digests (or uids) a list names, by `id`, `digest` or `hash`.
    static func ids(_ list: JSONValue?, key: String = "id") -> [String] {
        (list?.arrayValue ?? []).compactMap { $0[key]?.stringValue ?? $0["digest"]?.stringValue ?? $0["hash"]?.stringValue }
    }

    /// Every 64-hex string anywhere in a walk's answer.
    static func digests(_ value: JSONValue) -> Set<String> {
        switch value {
        case .string(let text): HexString.isHash256(text) ? [text] : []
        case .array(let items): items.reduce(into: Set<String>()) { $0.formUnion(digests($1)) }
        case .object(let members): members.values.reduce(into: Set<String>()) { $0.formUnion(digests($1)) }
        default: []
        }
    }
}
