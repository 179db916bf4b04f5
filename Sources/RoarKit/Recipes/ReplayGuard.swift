import Foundation

/// What `roar reproduce --run` checks before it runs anything a recipe says, since a recipe from
/// a registry is written by whoever published it: the argv it runs is the one it showed, git
/// gets a URL of a known kind and a hexadecimal commit, pip gets package specs and nothing that
/// reads as an option, and every step runs inside the checkout.
public enum ReplayGuard {
    /// The argv as it is shown before running: shell-quoted, control characters as `$'\x01'`.
    public static func shown(_ argv: [String]) -> String {
        argv.map { word in
            guard word.unicodeScalars.contains(where: TerminalText.isUnsafe) else { return ShellQuoting.quote(word) }
            var quoted = "$'"
            for scalar in word.unicodeScalars {
                switch scalar {
                case "'": quoted += "\\'"
                case "\\": quoted += "\\\\"
                default: quoted += TerminalText.isUnsafe(scalar) ? TerminalText.escaped(String(scalar)) : String(scalar)
                }
            }
            return quoted + "'"
        }.joined(separator: " ")
    }

    /// Whether a step's recorded command is its argv written out, as roar and roar-cli record it
    /// (shell-quoted or space-joined); a step without a command line has only its argv.
    public static func commandMatchesArgv(_ step: RecipeStep) -> Bool {
        step.command.isEmpty || ShellQuoting.split(step.command) == step.argv || step.command == step.argv.joined(separator: " ")
    }

    /// Why each step of `recipe` must not be replayed (empty: all may be).
    public static func stepProblems(_ recipe: Recipe) -> [String] {
        var problems: [String] = []
        for step in recipe.steps {
            if step.argv.isEmpty { problems.append("step \(step.label) records no command to replay") }
            if !commandMatchesArgv(step) {
                problems.append(
                    "step \(step.label): its recorded command `\(TerminalText.escaped(step.command))` is not the argv it would run (\(shown(step.argv)))"
                )
            }
            if let problem = cwdProblem(step.cwd) { problems.append("step \(step.label): \(problem)") }
        }
        return problems
    }

    /// A working directory must be relative to the checkout and stay inside it.
    static func cwdProblem(_ cwd: String) -> String? {
        if cwd.hasPrefix("/") { return "its working directory \(TerminalText.escaped(cwd)) is outside the checkout" }
        var depth = 0
        for part in cwd.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": depth -= 1
            default: depth += 1
            }
            if depth < 0 { return "its working directory \(TerminalText.escaped(cwd)) leaves the checkout" }
        }
        return nil
    }

    /// The directory a step runs in: its recorded directory under `root` when that exists and,
    /// symbolic links resolved, is inside `root`; `root` when it does not exist.
    public static func directory(for cwd: String, root: String) throws -> String {
        if let problem = cwdProblem(cwd) { throw RoarError.failed(problem) }
        guard !cwd.isEmpty else { return root }
        let candidate = URL(fileURLWithPath: root).appendingPathComponent(cwd).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue else { return root }
        let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let resolved = candidate.resolvingSymlinksInPath().path
        guard resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot + "/") else {
            throw RoarError.failed("the working directory \(TerminalText.escaped(cwd)) leads outside the checkout (to \(resolved))")
        }
        return resolved
    }

    /// A git URL to clone: https, ssh (also `user@host:path`), git or file (also an absolute path), never one git would
    /// read as an option or hand to a helper program (`ext::`).
    public static func isCloneable(_ url: String) -> Bool {
        guard !url.isEmpty, !url.hasPrefix("-"), !url.unicodeScalars.contains(where: TerminalText.isUnsafe), !url.contains(" ") else {
            return false
        }
        // A local repository by its absolute path is a file URL without the scheme.
        if url.hasPrefix("/") { return true }
        let lower = url.lowercased()
        for scheme in ["https://", "ssh://", "git://", "file://"] where lower.hasPrefix(scheme) { return url.count > scheme.count }
        if lower.contains("::") || lower.contains("://") { return false }
        // scp-like ssh: [user@]host:path, the host without a slash.
        guard let colon = url.firstIndex(of: ":") else { return false }
        let host = url[..<colon]
        return !host.isEmpty && !host.contains("/") && url.index(after: colon) < url.endIndex
    }

    /// A commit git can only read as a commit: 7 to 64 hexadecimal characters.
    public static func isCommit(_ text: String) -> Bool {
        (7...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// `name==version` for pip, or nil when the name is not a PEP 508 name or the version not a
    /// plain PEP 440 version (letters, digits, `.`, `+`, `!`, `-`, `_`, starting with a digit or
    /// `v`): nothing pip could read as an option, a URL or a file.
    public static func pipRequirement(name: String, version: String) -> String? {
        let nameBytes = Array(name.utf8)
        guard let first = nameBytes.first, let last = nameBytes.last, isAlphanumeric(first), isAlphanumeric(last),
            nameBytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else { return nil }
        let versionBytes = Array(version.utf8)
        guard let start = versionBytes.first, (0x30...0x39).contains(start) || start == UInt8(ascii: "v"), versionBytes.count <= 128,
            versionBytes.allSatisfy({ isAlphanumeric($0) || Array(".+!-_".utf8).contains($0) })
        else { return nil }
        return "\(name)==\(version)"
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
