import BLAKE3Hashing
import Foundation

/// `roar reproduce --run`: checks out the recipe's commit (a fresh clone, or the current
/// checkout when it is already there and clean), replays its build and run steps under
/// `roar run`/`roar build`, hashes the rebuilt artifact and compares it with the recorded one.
public struct Reproducer: Sendable {
    /// The `roar` executable that records each replayed step (normally this one).
    public var roarExecutable: String
    /// Where to clone; nil: reuse the current checkout when it matches, else `./roar-reproduce-<digest>`.
    public var into: String?
    public var workingDirectory: String
    /// The environment of git and of the replayed steps.
    public var environment: [String: String]
    /// Install the recorded pip packages into a fresh virtual environment first (`--venv`).
    public var venv: Bool
    /// Where copies of uncommitted code are kept (the project of `workingDirectory`), nil: none.
    public var keptCode: KeptCode?

    public init(
        roarExecutable: String, into: String? = nil, workingDirectory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment, venv: Bool = false
    ) {
        self.roarExecutable = roarExecutable
        self.into = into
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.venv = venv
        self.keptCode = RoarProject.find(from: workingDirectory).map(KeptCode.init(project:))
    }

    /// What a reproduction found.
    public struct Outcome: Sendable {
        /// The work tree the steps ran in.
        public var directory: String
        public var inPlace: Bool
        public var expected: RecipeFile
        /// The rebuilt artifact (its path in `directory`), nil when no step wrote it.
        public var rebuilt: RecipeFile?
        public var packageIssues: [String]
        /// Why the rebuild cannot match: code a step ran that neither its commit nor a kept
        /// copy holds (`@4 train.py (modified)`).
        public var unrestoredCode: [String] = []
        /// Recorded vs rebuilt, when they differ.
        public var diff: RecipeDiff?
        public var matches: Bool { rebuilt?.digest == expected.digest }
    }

    public func run(_ recipe: Recipe, progress: @Sendable (String) -> Void) throws -> Outcome {
        guard let target = recipe.target, !recipe.steps.isEmpty else {
            throw RoarError.usage("nothing to reproduce: no recorded step made \(recipe.target?.path ?? "this")")
        }
        let (root, inPlace, commit, issues, unrestored) = try replayAll(recipe, progress: progress)
        let rebuilt = try locateRebuilt(target, root: root)
        var outcome = Outcome(directory: root, inPlace: inPlace, expected: target, rebuilt: rebuilt, packageIssues: issues)
        outcome.unrestoredCode = unrestored
        if !outcome.matches {
            let project = RoarProject.find(from: root) ?? RoarProject(root: root)
            let store = try LocalStore(path: project.storePath)
            let rebuiltRecipe: Recipe
            if let rebuilt {
                let file = LocalFile(path: absolute(rebuilt.path, root: root), digest: rebuilt.digest, size: 0)
                rebuiltRecipe = try Recipe.local(file: file, store: store, project: project)
            } else {
                rebuiltRecipe = Recipe(
                    origin: "local", target: nil, repo: recipe.repo, commit: commit, branch: nil, root: root,
                    steps: try store.jobs().map { Recipe.step($0, root: root) })
            }
            outcome.diff = RecipeDiff(recipe, rebuiltRecipe)
        }
        return outcome
    }

    /// Checks out the recipe's commit, then replays every step in order: the work tree, whether
    /// it is the current checkout, the commit, package mismatches and code it could not restore.
    func replayAll(_ recipe: Recipe, progress: @Sendable (String) -> Void) throws -> (
        root: String, inPlace: Bool, commit: String, issues: [String], unrestored: [String]
    ) {
        guard !recipe.steps.isEmpty else { throw RoarError.usage("nothing to reproduce: the recipe has no steps") }
        guard let commit = recipe.commit else { throw RoarError.usage("the recipe records no git commit: its code cannot be checked out") }
        guard ReplayGuard.isCommit(commit) else {
            throw RoarError.failed(
                "refusing to replay: the recorded commit \(TerminalText.escaped(String(commit.prefix(80)))) is not a hexadecimal commit")
        }
        let problems = ReplayGuard.stepProblems(recipe)
        guard problems.isEmpty else { throw RoarError.failed("refusing to replay: " + problems.joined(separator: "; ")) }
        if recipe.commits.count > 1 {
            progress("warning: the steps were recorded at \(recipe.commits.count) commits; replaying all at \(commit.prefix(10))")
        }
        for warning in recipe.uncommittedCodeWarnings { progress("warning: \(warning)") }
        let (root, inPlace) = try checkout(recipe, commit: commit, progress: progress)
        try prepareProject(root, inPlace: inPlace)
        var runner = self
        if venv { runner.environment = try makeVenv(recipe, root: root, progress: progress) }
        let issues = PackageCheck.mismatches(recipe, environment: runner.environment)
        for issue in issues { progress("package mismatch: \(issue)") }
        var unrestored: [String] = []
        for (index, step) in recipe.steps.enumerated() {
            // In place, the checkout's own files are the user's: they are not overwritten.
            let missing = inPlace ? step.uncommittedCode : restoreCode(step, root: root, progress: progress)
            unrestored += missing.map { "\(step.label) \($0.path) (\($0.git.rawValue))" }
            progress("[\(index + 1)/\(recipe.steps.count)] roar \(step.isBuild ? "build" : "run") -- \(ReplayGuard.shown(step.argv))")
            try runner.replay(step, root: root)
        }
        if !unrestored.isEmpty {
            progress(
                "warning: replayed without the code that ran for \(unrestored.joined(separator: ", ")): "
                    + (inPlace ? "replaying in place uses the checkout's files (pass --into DIR to restore kept copies)" : "no copy is kept here"))
        }
        return (root, inPlace, commit, issues, unrestored)
    }

    func absolute(_ path: String, root: String) -> String {
        path.hasPrefix("/") ? path : root + "/" + path
    }

    /// A fresh `.roar/` for the replayed steps in a clone (in place: the checkout's project if
    /// it has one), kept out of `git status` through `.git/info/exclude` so the tree stays clean.
    func prepareProject(_ root: String, inPlace: Bool) throws {
        if inPlace && RoarProject.find(from: root) != nil { return }
        try FileManager.default.createDirectory(atPath: root + "/" + RoarProject.directoryName, withIntermediateDirectories: true)
        let exclude = root + "/.git/info/exclude"
        if FileManager.default.fileExists(atPath: root + "/.git") {
            try? FileManager.default.createDirectory(atPath: root + "/.git/info", withIntermediateDirectories: true)
            let existing = FileManager.default.contents(atPath: exclude).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if !existing.split(separator: "\n").contains(".roar/") {
                try Data((existing.isEmpty || existing.hasSuffix("\n") ? existing : existing + "\n").appending(".roar/\n").utf8)
                    .write(to: URL(fileURLWithPath: exclude))
            }
        }
    }

    /// The rebuilt artifact: at the recorded path under the new root, else the output of a
    /// replayed step whose path ends the same way (the recorded root may have been guessed).
    func locateRebuilt(_ target: RecipeFile, root: String) throws -> RecipeFile? {
        let expected = absolute(target.path, root: root)
        if FileManager.default.fileExists(atPath: expected) {
            return RecipeFile(path: target.path, digest: try BLAKE3.hashFile(at: expected).hex)
        }
        let store = try LocalStore(path: (RoarProject.find(from: root) ?? RoarProject(root: root)).storePath)
        let components = target.path.split(separator: "/")
        var best: (length: Int, file: LocalFile)?
        for job in try store.jobs() {
            for output in job.outputs {
                let shared = zip(components.reversed(), output.path.split(separator: "/").reversed()).prefix { $0 == $1 }.count
                if shared > 0 && shared >= (best?.length ?? 0) { best = (shared, output) }
            }
        }
        return best.map { RecipeFile(path: Recipe.relative($0.file.path, to: root), digest: $0.file.digest) }
    }
}
