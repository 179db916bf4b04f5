import Foundation

/// How an artifact was made, in a form two machines can compare and replay: the steps that
/// produced it in execution order (build steps first), each with its code version, argv,
/// inputs, outputs and environment. Built from the local store or from a registry's DAG.
public struct Recipe: Sendable, Hashable {
    /// Where the recipe was read from: `local` (this project's store) or `registry`.
    public var origin: String
    /// The artifact the recipe makes; nil for the recipe of a job that wrote nothing.
    public var target: RecipeFile?
    /// The git remote the code came from (nil when none was recorded).
    public var repo: String?
    /// The commit of the step that made the target (steps may record others).
    public var commit: String?
    public var branch: String?
    /// The directory recorded paths are relative to (the git work tree, else the project):
    /// what lets recipes from two machines or two checkouts be compared path by path.
    public var root: String?
    public var steps: [RecipeStep]
    /// The lineage hash when the recipe rebuilds a whole lineage (`reproduce --lineage`).
    public var lineage: String?

    /// Builds a recipe; paths of `steps` must already be relative to `root` where inside it.
    public init(origin: String, target: RecipeFile?, repo: String?, commit: String?, branch: String?, root: String?, steps: [RecipeStep]) {
        self.origin = origin
        self.target = target
        self.repo = repo
        self.commit = commit
        self.branch = branch
        self.root = root
        self.steps = steps
    }

    /// Build steps, then run steps, each in recorded order: the order reproduction replays them.
    public var buildSteps: [RecipeStep] { steps.filter(\.isBuild) }
    public var runSteps: [RecipeStep] { steps.filter { !$0.isBuild } }

    /// The commits the steps record, in step order, without repeats.
    public var commits: [String] {
        var seen: [String] = []
        for commit in steps.compactMap(\.commit) where !seen.contains(commit) { seen.append(commit) }
        return seen
    }

    /// Every pip package any step used (the last recorded version wins), sorted by name.
    public var pipPackages: [(name: String, version: String)] { Self.merged(steps.map(\.pip)) }
    /// Every Debian package any step used, sorted by name.
    public var dpkgPackages: [(name: String, version: String)] { Self.merged(steps.map(\.dpkg)) }

    static func merged(_ maps: [[String: String]]) -> [(name: String, version: String)] {
        var all: [String: String] = [:]
        for map in maps { all.merge(map) { _, new in new } }
        return all.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { ($0.key, $0.value) }
    }

    /// `path` relative to `root` when it lies inside it, else unchanged.
    public static func relative(_ path: String, to root: String?) -> String {
        guard let root, !root.isEmpty else { return path }
        if path == root { return "." }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// One step of a recipe: a recorded `roar run` or `roar build`.
public struct RecipeStep: Sendable, Hashable {
    /// The step number in the recording session (`@3`).
    public var number: Int
    public var uid: String
    /// `run`, or `build` (replayed first).
    public var jobType: String
    public var command: String
    public var argv: [String]
    /// The working directory relative to the recipe's root ("" at the root).
    public var cwd: String
    public var commit: String?
    public var branch: String?
    /// Whether the work tree had no uncommitted change (nil when unknown).
    public var clean: Bool?
    public var inputs: [RecipeFile]
    public var outputs: [RecipeFile]
    public var pip: [String: String]
    public var dpkg: [String: String]
    public var python: String?
    /// Environment variables recorded with their values.
    public var environment: [String: String]
    /// The code files the step read, with their digests and state against `commit`.
    public var code: [CodeFile]

    /// Builds a step from recorded facts.
    public init(
        number: Int, uid: String, jobType: String, command: String, argv: [String], cwd: String, commit: String?, branch: String?,
        clean: Bool?, inputs: [RecipeFile], outputs: [RecipeFile], pip: [String: String] = [:], dpkg: [String: String] = [:],
        python: String? = nil, environment: [String: String] = [:], code: [CodeFile] = []
    ) {
        self.number = number
        self.uid = uid
        self.jobType = jobType
        self.command = command
        self.argv = argv
        self.cwd = cwd
        self.commit = commit
        self.branch = branch
        self.clean = clean
        self.inputs = inputs
        self.outputs = outputs
        self.pip = pip
        self.dpkg = dpkg
        self.python = python
        self.environment = environment
        self.code = code
    }

    /// The code files the commit does not hold as they ran (modified or untracked).
    public var uncommittedCode: [CodeFile] { code.filter(\.isUncommitted) }

    public var isBuild: Bool { jobType == "build" }
    /// `@3`, or `@B1`-style for build steps as roar-cli names them.
    public var label: String { "@\(number)" }
}

/// A file a step read or wrote: its path (relative to the recipe's root when inside it) and digest.
public struct RecipeFile: Sendable, Hashable {
    public var path: String
    public var digest: String

    public init(path: String, digest: String) {
        self.path = path
        self.digest = digest
    }
}
