import Foundation

/// Decides which paths a job's record keeps: system files, installed packages, caches, roar's
/// and git's own files are left out; so are scratch writes outside the project. Unlike
/// roar-cli, a project living under /tmp still records its files, and only writes (never
/// reads) are treated as scratch.
struct PathFilter {
    enum Verdict: String, Sendable {
        case keep
        case system, package, cache, roar, git, ignored, scratch
    }

    let project: RoarProject
    let configuration: RoarConfiguration
    let home: String
    /// Installation prefixes of interpreters the job ran (a Python's sys.prefix...).
    let interpreterPrefixes: [String]
    /// Absolute prefixes of `toolDirectories`, plus `$PYENV_ROOT` and `$CONDA_PREFIX` when set.
    let toolPrefixes: [String]

    static let systemPrefixes = [
        "/proc/", "/sys/", "/dev/", "/run/", "/etc/", "/usr/", "/lib/", "/lib32/", "/lib64/", "/libx32/",
        "/bin/", "/sbin/", "/opt/", "/var/lib/", "/var/cache/", "/snap/", "/nix/store/",
    ]
    /// Where version managers and user-level installs keep interpreters, shims and packages
    /// (relative to the home directory): their files are tools, not data.
    static let toolDirectories = [
        ".pyenv", ".rbenv", ".nvm", ".conda", ".mamba", "miniconda3", "anaconda3", "miniforge3", "mambaforge",
        ".local/lib", ".local/bin", ".local/pipx", ".local/share/uv", ".cargo", ".rustup", ".asdf", ".sdkman",
    ]
    static let cacheDirectories = [
        "pip", "huggingface", "uv", "poetry", "pypoetry", "conda", "wandb", "mlflow", "pre-commit", "black",
        "mypy", "ruff", "pylint", "yarn", "npm", "torch", "triton", "jupyter", "matplotlib", "fontconfig",
    ]

    init(project: RoarProject, configuration: RoarConfiguration, interpreterPrefixes: [String] = []) {
        self.project = project
        self.configuration = configuration
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"] ?? NSHomeDirectory()
        self.home = home
        let roots = Self.toolDirectories.map { home + "/" + $0 } + [environment["PYENV_ROOT"], environment["CONDA_PREFIX"]].compactMap { $0 }
        self.toolPrefixes = roots.filter { !$0.isEmpty }.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.interpreterPrefixes = interpreterPrefixes.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// What to do with a path the job touched; `written` marks writes (scratch applies to those).
    func verdict(_ path: String, written: Bool) -> Verdict {
        let components = path.split(separator: "/")
        if components.contains(where: { $0 == ".roar" }) { return .roar }
        if components.contains(where: { $0 == ".git" }) || path.hasSuffix("/.gitconfig") || path.hasSuffix("/.gitmodules") { return .git }
        if components.contains(where: { $0 == "site-packages" || $0 == "dist-packages" }) || path.hasSuffix(".pyc") { return .package }
        if !project.contains(path), (interpreterPrefixes + toolPrefixes).contains(where: { path.hasPrefix($0) }) { return .package }
        if isCache(path) { return .cache }
        for pattern in configuration.ignore where matches(pattern, path: path, components: components) { return .ignored }
        if project.contains(path) { return .keep }
        if Self.systemPrefixes.contains(where: { path.hasPrefix($0) }) { return .system }
        if written, configuration.scratchPrefixes.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) {
            return .scratch
        }
        return .keep
    }

    func isCache(_ path: String) -> Bool {
        let cacheRoot = home + "/.cache/"
        guard path.hasPrefix(cacheRoot) else { return path.hasPrefix(home + "/.triton/") }
        let first = path.dropFirst(cacheRoot.count).split(separator: "/").first.map(String.init) ?? ""
        return Self.cacheDirectories.contains(first)
    }

    func matches(_ pattern: String, path: String, components: [Substring]) -> Bool {
        if pattern.hasPrefix("/") { return path == pattern || path.hasPrefix(pattern.hasSuffix("/") ? pattern : pattern + "/") }
        let parts = pattern.split(separator: "/")
        guard !parts.isEmpty, parts.count <= components.count else { return false }
        for start in 0...(components.count - parts.count) where Array(components[start..<start + parts.count]) == parts {
            return true
        }
        return false
    }
}
