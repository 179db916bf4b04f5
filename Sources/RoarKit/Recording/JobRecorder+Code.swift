import Foundation
import RoarEnvironment

extension JobRecorder {
    /// The code among `paths` (project files with a code extension) and how each stood against
    /// the commit, from one `git status`: committed (tracked, unchanged), modified (tracked,
    /// changed, staged or not) or untracked (untracked, ignored, outside the repository, or no
    /// repository at all). When git cannot answer, every file counts as untracked, so it stays
    /// an input with its digest rather than being vouched for by the commit.
    func codeStates(_ paths: [String], root: String?) -> [(path: String, state: CodeFile.GitState)] {
        let candidates = paths.filter { project.contains($0) && Self.codeExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        guard !candidates.isEmpty, let root else { return candidates.map { ($0, .untracked) } }
        let inside = candidates.filter { $0.hasPrefix(root + "/") }
        guard !inside.isEmpty,
            let answer = Subprocess.run(
                ["git", "--literal-pathspecs", "-C", root, "status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignored=matching", "--"]
                    + inside.map { String($0.dropFirst(root.count + 1)) }, timeout: 10),
            answer.status == 0
        else { return candidates.map { ($0, .untracked) } }
        let listed = Self.statusEntries(answer.stdout)
        return candidates.map { path in
            guard path.hasPrefix(root + "/") else { return (path, .untracked) }
            return (path, listed[String(path.dropFirst(root.count + 1))] ?? .committed)
        }
    }

    /// The paths `git status --porcelain=v2 -z` lists and what their lines say: changed
    /// entries (`1`, `2`, `u`) are modified, `?` and `!` untracked. Unlisted tracked files are
    /// unchanged.
    static func statusEntries(_ output: String) -> [String: CodeFile.GitState] {
        var states: [String: CodeFile.GitState] = [:]
        var entries = output.split(separator: "\0", omittingEmptySubsequences: true)[...]
        while let entry = entries.popFirst() {
            switch entry.first {
            case "1": if let path = field(entry, after: 8) { states[path] = .modified }
            case "2":
                if let path = field(entry, after: 9) { states[path] = .modified }
                _ = entries.popFirst() // the path it was renamed from
            case "u": if let path = field(entry, after: 10) { states[path] = .modified }
            case "?", "!": if entry.count > 2 { states[String(entry.dropFirst(2))] = .untracked }
            default: continue
            }
        }
        return states
    }

    /// What follows the first `count` space-separated fields (a path may hold spaces).
    private static func field(_ entry: Substring, after count: Int) -> String? {
        let parts = entry.split(separator: " ", maxSplits: count, omittingEmptySubsequences: false)
        return parts.count == count + 1 ? String(parts[count]) : nil
    }
}
