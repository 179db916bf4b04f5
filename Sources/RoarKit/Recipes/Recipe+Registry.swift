import Foundation
import LineageModel

extension Recipe {
    /// The recipe in a registry's answer to `GET /api/v1/artifacts/{ref}/dag` (GLaaS v1 #16):
    /// the `{"success", "data"}` envelope or the bare document. Returns nil for an empty
    /// document ("not found" in the protocol); throws when the body is not such a document.
    public static func registry(dag body: Data) throws -> Recipe? {
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(body))
        } catch {
            throw RoarError.failed("the registry's DAG document is not JSON: \(error)")
        }
        let data = document["data"] ?? document
        guard let members = data.objectValue else { throw RoarError.failed("the registry's DAG document is not an object") }
        if members.isEmpty { return nil }
        let artifact = data["artifact"]
        guard let digest = artifact?["hash"]?.stringValue ?? primaryDigest(artifact?["hashes"]) else {
            throw RoarError.failed("the registry's DAG document names no artifact")
        }
        let jobs = data["jobs"]?.arrayValue ?? []
        var parsed = try jobs.enumerated().map { index, job in try registryStep(job, index: index) }
        let absoluteOutputs = parsed.flatMap { $0.step.outputs }.map(\.path).filter { $0.hasPrefix("/") }
        let root = commonDirectory(absoluteOutputs)
        // Stable: build steps first, each group in the registry's (execution) order.
        parsed = parsed.filter { $0.step.isBuild } + parsed.filter { !$0.step.isBuild }
        let steps = parsed.map { entry -> RecipeStep in
            var step = entry.step
            step.inputs = step.inputs.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) }
            step.outputs = step.outputs.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) }
            return step
        }
        let targetPath = steps.reversed().lazy.flatMap(\.outputs).first { $0.digest == digest }?.path
        let producer = parsed.last { entry in entry.step.outputs.contains { $0.digest == digest } }
        return Recipe(
            origin: "registry", target: RecipeFile(path: targetPath ?? digest, digest: digest),
            repo: nonEmpty(data["gitRepo"]?.stringValue) ?? producer?.remote,
            commit: nonEmpty(data["gitCommit"]?.stringValue) ?? producer?.step.commit,
            branch: nonEmpty(data["gitBranch"]?.stringValue) ?? producer?.step.branch,
            root: root, steps: steps)
    }

    static func registryStep(_ job: JSONValue, index: Int) throws -> (step: RecipeStep, remote: String?) {
        guard job.objectValue != nil else { throw RoarError.failed("job \(index + 1) of the registry's DAG is not an object") }
        let command = job["command"]?.stringValue ?? ""
        let facts = RecipeStep.facts(job["metadata"])
        func files(_ key: String) -> [RecipeFile] {
            (job[key]?.arrayValue ?? []).compactMap { entry in
                guard let hash = entry["hash"]?.stringValue else { return nil }
                return RecipeFile(path: entry["path"]?.stringValue ?? hash, digest: hash)
            }
        }
        let number = (job["stepNumber"] ?? job["step_number"])?.int64Value.map(Int.init) ?? index + 1
        let step = RecipeStep(
            number: number, uid: (job["jobUid"] ?? job["job_uid"])?.stringValue ?? "",
            jobType: nonEmpty((job["jobType"] ?? job["job_type"])?.stringValue) ?? "run",
            command: command, argv: facts.argv ?? ShellQuoting.split(command), cwd: facts.cwd ?? "",
            commit: nonEmpty((job["gitCommit"] ?? job["git_commit"])?.stringValue),
            branch: nonEmpty((job["gitBranch"] ?? job["git_branch"])?.stringValue), clean: facts.gitClean,
            inputs: files("inputs"), outputs: files("outputs"), pip: facts.pip, dpkg: facts.dpkg, python: facts.python,
            environment: facts.environment, code: facts.code)
        return (step, nonEmpty(facts.gitRemote))
    }

    /// blake3, else composite-blake3, else composite-sha256, else the first: the client's preference.
    static func primaryDigest(_ hashes: JSONValue?) -> String? {
        let list = (hashes?.arrayValue ?? []).compactMap { entry -> (String, String)? in
            guard let algorithm = entry["algorithm"]?.stringValue, let digest = entry["digest"]?.stringValue else { return nil }
            return (algorithm, digest)
        }
        for algorithm in ["blake3", "composite-blake3", "composite-sha256"] {
            if let found = list.first(where: { $0.0 == algorithm }) { return found.1 }
        }
        return list.first?.1
    }

    /// The deepest directory containing every path (nil for none): where a registry recipe's
    /// outputs were written, standing in for the work tree the registry does not record.
    static func commonDirectory(_ paths: [String]) -> String? {
        guard var common = paths.first.map({ ($0 as NSString).deletingLastPathComponent }) else { return nil }
        for path in paths.dropFirst() {
            while common != "/" && !(path.hasPrefix(common + "/")) { common = (common as NSString).deletingLastPathComponent }
        }
        return common.isEmpty ? nil : common
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
