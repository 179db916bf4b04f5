import Foundation
import LineageModel

extension RecipeStep {
    /// What a job's metadata (roar-cli 0.4.7's shape, which this roar writes too) says about its
    /// environment: pip and Debian packages (build ones included), the Python version, the
    /// environment variables read, the argv and the working directory relative to the repo.
    struct MetadataFacts {
        var pip: [String: String] = [:]
        var dpkg: [String: String] = [:]
        var python: String?
        var environment: [String: String] = [:]
        var argv: [String]?
        var cwd: String?
        var gitClean: Bool?
        var gitRemote: String?
        var code: [CodeFile] = []
    }

    /// Reads the facts from metadata given as a JSON object or as JSON text (as the registry
    /// sends it); unreadable metadata yields no facts.
    static func facts(_ metadata: JSONValue?) -> MetadataFacts {
        var document = metadata ?? .null
        if case .string(let text) = document { document = (try? JSONParser.parse(text)) ?? .null }
        var facts = MetadataFacts()
        func strings(_ value: JSONValue?) -> [String: String] {
            var result: [String: String] = [:]
            for (key, value) in value?.objectValue ?? [:] {
                switch value {
                case .string(let text): result[key] = text
                case .null: continue
                default: result[key] = CanonicalJSON.string(value)
                }
            }
            return result
        }
        let packages = document["packages"]
        facts.pip = strings(packages?["build_pip"]).merging(strings(packages?["pip"])) { _, run in run }
        facts.dpkg = strings(packages?["build_dpkg"]).merging(strings(packages?["dpkg"])) { _, run in run }
        facts.python = document["runtime"]?["python"]?["version"]?.stringValue
        facts.environment = strings(document["env_vars"]).merging(strings(document["runtime"]?["env_vars"])) { _, run in run }
        if let command = document["runtime"]?["command"]?.arrayValue {
            let argv = command.compactMap(\.stringValue)
            if argv.count == command.count, !argv.isEmpty { facts.argv = argv }
        }
        facts.cwd = document["cwd"]?.stringValue
        facts.gitClean = document["git"]?["clean"]?.boolValue
        facts.gitRemote = document["git"]?["remote_url"]?.stringValue
        facts.code = CodeFile.list(document["code"])
        return facts
    }
}
