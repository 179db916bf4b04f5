import Foundation

/// One Python interpreter the job executed, because the interpreter version and environment
/// (virtualenv, conda env, pyenv version) decide which code actually ran.
public struct PythonInterpreter: Sendable, Codable, Hashable {
    /// The real executable, symlinks resolved (e.g. `/usr/bin/python3.11`).
    public var path: String
    /// `sys.version`'s first word (e.g. `3.11.7`), or only `3.11` when nothing more precise was found;
    /// nil when unknown.
    public var version: String?
    /// `sys.prefix`: the virtualenv directory when run through a venv's `bin/python`, else the
    /// installation prefix (`/usr`, `~/.pyenv/versions/3.11.7`).
    public var prefix: String

    /// Builds a value from known facts.
    public init(path: String, version: String?, prefix: String) {
        self.path = path
        self.version = version
        self.prefix = prefix
    }

    /// True for executable names like `python`, `python3`, `python3.11` (also `python3.13t`).
    public static func isInterpreterName(_ name: String) -> Bool {
        guard name.hasPrefix("python") else { return false }
        var rest = name.dropFirst(6)
        if rest.isEmpty { return true }
        if let last = rest.last, "tdm".contains(last) { rest = rest.dropLast() }
        return rest.first?.isNumber == true && rest.last?.isNumber == true
            && rest.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// The interpreters among `executables` (absolute paths the job executed), in order of first
    /// appearance, de-duplicated by real path and prefix. Scripts with a `#!` line that only look
    /// like interpreters (pyenv shims) are dropped when a real interpreter binary also ran; when only
    /// such scripts ran, each is asked (`-I -S -c`) for the interpreter it ends up executing.
    /// `versionByRunning` answers for interpreters whose version no file states (a Debian
    /// `/usr/bin/python3` without its headers): a cache in front of it (`roar run` keeps one in
    /// the project's store) saves running the interpreter on every job.
    public static func locate(in executables: [String], versionByRunning: (String) -> String? = versionByRunning) -> [PythonInterpreter] {
        var binaries: [(executed: String, real: String)] = []
        var scripts: [String] = []
        for executed in executables where executed.hasPrefix("/") {
            let name = executed.split(separator: "/").last.map(String.init) ?? ""
            guard isInterpreterName(name), let real = FileProbe.realPath(executed) else { continue }
            if FileProbe.isScript(real) { scripts.append(executed) } else { binaries.append((executed, real)) }
        }
        var seen = Set<String>()
        var found: [PythonInterpreter] = []
        func add(_ interpreter: PythonInterpreter) {
            if seen.insert(interpreter.path + "\u{0}" + interpreter.prefix).inserted { found.append(interpreter) }
        }
        for (executed, real) in binaries {
            let prefix = prefix(executed: executed, real: real)
            guard !seen.contains(real + "\u{0}" + prefix) else { continue }
            add(PythonInterpreter(path: real, version: version(real: real, prefix: prefix, byRunning: versionByRunning), prefix: prefix))
        }
        if binaries.isEmpty {
            for script in scripts { inspectByRunning(script).map(add) }
        }
        return found
    }

    /// A venv's `bin/python` has `pyvenv.cfg` one level above its directory; that directory is the
    /// prefix. Otherwise the prefix is the parent of the real executable's `bin` directory.
    static func prefix(executed: String, real: String) -> String {
        let venv = parent(parent(executed))
        if FileProbe.exists(venv + "/pyvenv.cfg") { return venv }
        return parent(parent(real))
    }

    /// Version from files first (`pyvenv.cfg`, the base installation's `patchlevel.h`,
    /// `conda-meta`, a pyenv `versions/X.Y.Z` directory), then from `python -I -S -c`, finally the
    /// `lib/pythonX.Y` directory name (major.minor only).
    static func version(real: String, prefix: String, byRunning: (String) -> String? = versionByRunning) -> String? {
        let config = FileProbe.keyValues(prefix + "/pyvenv.cfg")
        if let version = config["version_info"] ?? config["version"], !version.isEmpty {
            return version.split(separator: ".").prefix(3).joined(separator: ".")
        }
        let base = parent(parent(real))
        let libraries = FileProbe.entries(base + "/lib").filter { isInterpreterName($0) && $0.contains(".") }.sorted()
        let realName = real.split(separator: "/").last.map(String.init) ?? ""
        let series = libraries.first { $0 == realName } ?? libraries.last
        if let series {
            let header = "\(base)/include/\(series)/patchlevel.h"
            if let version = patchLevel(header) { return version }
            let number = series.dropFirst(6)
            for entry in FileProbe.entries(base + "/conda-meta") where entry.hasPrefix("python-\(number).") {
                if let version = entry.dropFirst(7).split(separator: "-").first { return String(version) }
            }
            let baseName = base.split(separator: "/").last.map(String.init) ?? ""
            if baseName.hasPrefix(number + "."), baseName.allSatisfy({ $0.isNumber || $0 == "." }) {
                return baseName
            }
        }
        return byRunning(real) ?? series.map { String($0.dropFirst(6)) }
    }

    /// `#define PY_VERSION "3.11.7"` from a CPython `patchlevel.h`.
    static func patchLevel(_ header: String) -> String? {
        for line in FileProbe.lines(header) ?? [] where line.hasPrefix("#define PY_VERSION ") {
            let parts = line.split(separator: "\"")
            if parts.count >= 2 { return String(parts[1]) }
        }
        return nil
    }

    /// Asks the interpreter itself, isolated (`-I -S`: no site, no user code, no environment).
    public static func versionByRunning(_ executable: String) -> String? {
        guard
            let result = Subprocess.run(
                [executable, "-I", "-S", "-c", "import sys;print(sys.version.split()[0])"], timeout: 5),
            result.status == 0
        else { return nil }
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return version.isEmpty ? nil : version
    }

    /// For a wrapper script: the version, prefix and real executable of the interpreter it runs,
    /// from one isolated (`-I -S`) invocation.
    static func inspectByRunning(_ script: String) -> PythonInterpreter? {
        let program = "import sys;print(sys.version.split()[0]);print(sys.prefix);print(sys.executable)"
        guard let result = Subprocess.run([script, "-I", "-S", "-c", program], timeout: 10), result.status == 0
        else { return nil }
        let lines = result.stdout.split(whereSeparator: \.isNewline).map(String.init)
        guard lines.count >= 3 else { return nil }
        return PythonInterpreter(path: FileProbe.realPath(lines[2]) ?? lines[2], version: lines[0], prefix: lines[1])
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
