import Foundation
import LineageModel

/// The state of the git work tree a job ran in, so a lineage record can name the exact code version
/// (and say whether uncommitted changes make that name unreliable).
public struct GitState: Sendable, Codable, Hashable {
    /// Absolute path of the work tree's top-level directory.
    public var root: String
    /// `remote.origin.url`, or the URL of the only remote when there is no `origin`; nil without remotes.
    public var repo: String?
    /// Full SHA of `HEAD`; nil in a repository that has no commit yet.
    public var commit: String?
    /// Short name of the checked-out branch; nil when `HEAD` is detached.
    public var branch: String?
    /// True when `git status --porcelain` prints nothing: no staged, modified or untracked
    /// (non-ignored) file.
    public var clean: Bool

    /// Builds a state from already known facts (tests, other capture paths).
    public init(root: String, repo: String?, commit: String?, branch: String?, clean: Bool) {
        self.root = root
        self.repo = repo
        self.commit = commit
        self.branch = branch
        self.clean = clean
    }

    /// Reads the state of the work tree containing `directory` with the git CLI; nil outside a
    /// work tree, when git is not installed, or when git does not answer in time.
    public static func capture(at directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> GitState? {
        // A plain layout is read directly (the top directory, the remotes in .git/config);
        // anything else is git's to answer.
        let plain = plainRoot(from: directory, environment: environment)
        guard let root = plain ?? git(["rev-parse", "--show-toplevel"], in: directory), !root.isEmpty else { return nil }
        let configured = plain == nil ? nil : configuredRemotes(root: root, environment: environment)
        // Independent questions, asked at once: status (with the commit and branch in its
        // header) and, unless read above, the remotes.
        let answers = ProbeBox<(status: (status: Int32, stdout: String)?, remotes: String?)>((nil, configured))
        DispatchQueue.concurrentPerform(iterations: configured == nil ? 2 : 1) { question in
            if question == 0 {
                let status = run(["status", "--porcelain=v2", "--branch", "--untracked-files=normal"], in: root)
                answers.update { $0.status = status }
            } else {
                let remotes = git(["config", "--get-regexp", "^remote\\..*\\.url$"], in: root)
                answers.update { $0.remotes = remotes }
            }
        }
        guard let status = answers.value.status, status.status == 0 else { return nil }
        var commit: String?
        var branch: String?
        var changed = false
        for line in status.stdout.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("# branch.oid ") {
                let value = String(line.dropFirst("# branch.oid ".count))
                commit = value == "(initial)" ? nil : value
            } else if line.hasPrefix("# branch.head ") {
                let value = String(line.dropFirst("# branch.head ".count))
                branch = value == "(detached)" ? nil : value
            } else if !line.hasPrefix("#") {
                changed = true
            }
        }
        return GitState(root: root, repo: remoteURL(answers.value.remotes ?? ""), commit: commit, branch: branch, clean: !changed)
    }

    /// origin's URL, else the only remote's; from `git config --get-regexp` lines `remote.NAME.url URL`.
    static func remoteURL(_ listing: String) -> String? {
        var urls: [(name: String, url: String)] = []
        for line in listing.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("remote."), parts[0].hasSuffix(".url") else { continue }
            urls.append((String(parts[0].dropFirst("remote.".count).dropLast(".url".count)), String(parts[1])))
        }
        // Credentials in a remote URL (`https://user:token@host/…`) are never recorded.
        if let origin = urls.first(where: { $0.name == "origin" }) { return URLCredentials.redacted(origin.url) }
        return urls.count == 1 ? URLCredentials.redacted(urls[0].url) : nil
    }

    /// Trimmed stdout of a successful git command, nil on failure.
    private static func git(_ arguments: [String], in directory: String) -> String? {
        guard let result = run(arguments, in: directory), result.status == 0 else { return nil }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func run(_ arguments: [String], in directory: String) -> (status: Int32, stdout: String)? {
        guard FileProbe.isDirectory(directory) else { return nil }
        // No optional locks: `git status` must not take index.lock while the user's tools may write it.
        return Subprocess.run(
            ["git", "-C", directory] + arguments, timeout: 10, environment: ["GIT_OPTIONAL_LOCKS": "0"])
    }
}
