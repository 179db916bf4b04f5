import Foundation
import RoarEnvironment

extension Reproducer {
    /// The work tree to replay in: the current checkout when `into` is not given and it is at
    /// `commit` with nothing uncommitted, else a clone of the recipe's repo at `commit`.
    func checkout(_ recipe: Recipe, commit: String, progress: @Sendable (String) -> Void) throws -> (root: String, inPlace: Bool) {
        if into == nil, let top = git(["rev-parse", "--show-toplevel"], in: workingDirectory), top.status == 0 {
            let root = top.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let head = git(["rev-parse", "HEAD"], in: root)?.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let status = git(["status", "--porcelain", "--untracked-files=normal"], in: root)
            if head == commit, let status, status.status == 0, status.output.isEmpty {
                progress("the current checkout \(root) is at \(commit.prefix(10)) and clean: replaying in place (recorded outputs are overwritten)")
                return (root, true)
            }
        }
        guard let repo = recipe.repo else {
            throw RoarError.usage(
                "the recipe records no git repository to clone, and the current checkout is not a clean one at \(commit.prefix(10))")
        }
        guard ReplayGuard.isCloneable(repo) else {
            throw RoarError.failed(
                "refusing to clone \(TerminalText.escaped(String(repo.prefix(200)))): only https, ssh, git and file repository URLs are cloned")
        }
        let path = into ?? workingDirectory + "/roar-reproduce-" + Output.short(recipe.target?.digest ?? recipe.lineage ?? commit)
        let directory = path.hasPrefix("/") ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: directory), !entries.isEmpty {
            throw RoarError.usage("\(directory) exists and is not empty: choose another --into")
        }
        progress("cloning \(repo) at \(commit.prefix(10)) into \(directory)")
        let parent = (directory as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        // `--` ends the options: the URL is never read as one; `ext::` helpers are never run.
        guard let clone = git(["-c", "protocol.ext.allow=never", "clone", "-q", "--no-checkout", "--", repo, directory], in: parent) else {
            throw RoarError.failed("git is not installed: cannot clone \(repo)")
        }
        guard clone.status == 0 else {
            throw RoarError.failed("git clone \(repo) failed: \(lastLine(clone.output))")
        }
        let checkout = git(["checkout", "-q", "--detach", commit], in: directory)
        guard let checkout, checkout.status == 0 else {
            throw RoarError.failed("commit \(commit.prefix(10)) is not in \(repo): \(lastLine(checkout?.output ?? ""))")
        }
        return (directory, false)
    }

    func lastLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
    }

    /// Runs git with the reproducer's environment; output is stdout and stderr together.
    func git(_ arguments: [String], in directory: String) -> (status: Int32, output: String)? {
        guard let executable = Subprocess.locate("git", searchPath: environment["PATH"]) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs one recorded step under `roar run`/`roar build` in its recorded directory; its
    /// output goes to stderr (stdout is for the result). Fails on a non-zero exit.
    func replay(_ step: RecipeStep, root: String) throws {
        guard !step.argv.isEmpty else { throw RoarError.failed("step \(step.label) records no command to replay") }
        let directory = try ReplayGuard.directory(for: step.cwd, root: root)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: roarExecutable)
        process.arguments = [step.isBuild ? "build" : "run", "--"] + step.argv
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw RoarError.failed("cannot start \(roarExecutable): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RoarError.failed("step \(step.label) `\(ReplayGuard.shown(step.argv))` failed (exit \(process.terminationStatus)) in \(directory)")
        }
    }
}
