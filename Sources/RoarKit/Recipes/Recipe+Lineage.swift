import Foundation
import LineageModel

extension Recipe {
    /// The recipe of a whole lineage this project registered (`roar reproduce HASH --lineage`):
    /// every job of the publication whose hash starts with `hash`, build steps first, each
    /// group in recorded order. Nil when no registration of the local store has that hash.
    public static func local(lineage hash: String, store: LocalStore, project: RoarProject) throws -> Recipe? {
        let prefix = hash.lowercased()
        let matches = try store.registrations().filter { $0.lineageHash.hasPrefix(prefix) }
        guard let registration = matches.first else { return nil }
        if Set(matches.map(\.lineageHash)).count > 1 { throw RoarError.usage("lineage prefix \(hash) is ambiguous: give more characters") }
        let jobs = try registration.remoteJobUIDs.keys.compactMap { try store.job(uid: $0) }
            .sorted { ($0.jobType == "build" ? 0 : 1, $0.id) < ($1.jobType == "build" ? 0 : 1, $1.id) }
        guard let last = jobs.last(where: { $0.jobType != "build" }) ?? jobs.last else {
            throw RoarError.failed("the jobs of lineage \(Output.short(registration.lineageHash)) are no longer in the local store")
        }
        let root = last.environment?.git?.root ?? project.root
        var recipe = Recipe(
            origin: "local", target: nil, repo: last.gitRepo, commit: last.gitCommit, branch: last.gitBranch, root: root,
            steps: jobs.map { step($0, root: root) })
        recipe.lineage = registration.lineageHash
        return recipe
    }

    /// The recipe in a registry's answer to `GET /api/v1/public/sessions/{hash}/reproduction`:
    /// every job of the lineage, build steps first. Throws when the answer is not such a document.
    public static func registry(lineage document: JSONValue) throws -> Recipe {
        let data = document["data"] ?? document
        guard let hash = (data["sessionHash"] ?? data["hash"])?.stringValue else {
            throw RoarError.failed("the registry's lineage document names no lineage")
        }
        let jobs = data["jobs"]?.arrayValue ?? []
        var parsed = try jobs.enumerated().map { index, job in try registryStep(job, index: index) }
        let root = commonDirectory(parsed.flatMap { $0.step.outputs }.map(\.path).filter { $0.hasPrefix("/") })
        parsed = parsed.filter { $0.step.isBuild } + parsed.filter { !$0.step.isBuild }
        let steps = parsed.map { entry -> RecipeStep in
            var step = entry.step
            step.inputs = step.inputs.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) }
            step.outputs = step.outputs.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) }
            return step
        }
        let last = parsed.last { !$0.step.isBuild } ?? parsed.last
        var recipe = Recipe(
            origin: "registry", target: nil, repo: nonEmpty(data["gitRepo"]?.stringValue) ?? last?.remote,
            commit: nonEmpty(data["gitCommit"]?.stringValue) ?? last?.step.commit,
            branch: nonEmpty(data["gitBranch"]?.stringValue) ?? last?.step.branch, root: root, steps: steps)
        recipe.lineage = hash
        return recipe
    }

    /// The last digest each path was written with, in the order the paths were first written:
    /// what rebuilding the whole lineage must reproduce.
    public var finalOutputs: [RecipeFile] {
        var order: [String] = []
        var last: [String: String] = [:]
        for step in steps {
            for output in step.outputs {
                if last[output.path] == nil { order.append(output.path) }
                last[output.path] = output.digest
            }
        }
        return order.map { RecipeFile(path: $0, digest: last[$0] ?? "") }
    }
}
