import Foundation

extension GitState {
    /// Variables that move git's directories or configuration: with any of them set, git
    /// itself is asked.
    static let redirectingVariables = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG",
        "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS",
    ]

    /// The work tree's top directory, found by walking up from `directory` as git does, when
    /// the layout is the plain one (a `.git` directory; no variable redirecting git): one git
    /// subprocess fewer for every `roar run`. Nil means: ask git.
    static func plainRoot(from directory: String, environment: [String: String]) -> String? {
        guard !redirectingVariables.contains(where: { environment[$0] != nil }) else { return nil }
        var current = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        // Inside a git directory there is no work tree: git says so, not this reader.
        guard !current.split(separator: "/").contains(".git") else { return nil }
        while true {
            let candidate = current == "/" ? "/.git" : current + "/.git"
            if FileProbe.isDirectory(candidate) { return FileProbe.exists(candidate + "/HEAD") ? current : nil }
            // A `.git` file (a linked worktree, a submodule) points elsewhere: git reads it.
            if FileProbe.exists(candidate) { return nil }
            if current == "/" || current.isEmpty { return nil }
            current = (current as NSString).deletingLastPathComponent
        }
    }

    /// `remote.NAME.url URL` lines (as `git config --get-regexp` prints them) read from the
    /// repository's `.git/config`, or nil when git must be asked: includes, quoting, escapes,
    /// comments or old-style section names in it, or a remote defined in a user or system file.
    static func configuredRemotes(root: String, environment: [String: String]) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        for file in [home + "/.gitconfig", xdg + "/git/config", "/etc/gitconfig"] {
            if let lines = FileProbe.lines(file),
                lines.contains(where: { $0.lowercased().contains("[remote") || $0.lowercased().contains("[include") })
            {
                return nil
            }
        }
        guard let lines = FileProbe.lines(root + "/.git/config") else { return nil }
        var remote: String?
        var found: [String] = []
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                let lower = line.lowercased()
                if lower.hasPrefix("[include") { return nil }
                remote = nil
                guard lower.hasPrefix("[remote") else { continue }
                // `[remote "origin"]`, the name as written (git compares it case-sensitively).
                guard line.hasPrefix("[remote \""), line.hasSuffix("\"]") else { return nil }
                let name = line.dropFirst("[remote \"".count).dropLast(2)
                guard !name.isEmpty, !name.contains("\""), !name.contains("\\") else { return nil }
                remote = String(name)
                continue
            }
            guard let remote else { continue }
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "url" else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.isEmpty || value.contains(where: { "\"\\#;".contains($0) }) { return nil }
            found.append("remote.\(remote).url \(value)")
        }
        return found.joined(separator: "\n")
    }
}
