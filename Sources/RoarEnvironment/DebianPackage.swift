import Foundation

/// A Debian package that provided a program or shared library the job used, so the system-level
/// dependencies of a run can be pinned (`apt-get install name=version`).
public struct DebianPackage: Sendable, Codable, Hashable {
    /// Package name without architecture qualifier (e.g. `libc6`).
    public var name: String
    /// Installed version (e.g. `2.36-9+deb12u4`).
    public var version: String
    /// Package architecture (`amd64`, `all`, …).
    public var architecture: String

    /// Builds a value from known facts.
    public init(name: String, version: String, architecture: String) {
        self.name = name
        self.version = version
        self.architecture = architecture
    }

    /// The installed packages owning any of `paths` (absolute paths of executables and shared
    /// libraries), sorted by name, asked with `dpkg-query -S` then `dpkg-query -W`. Each path is also
    /// tried in its other /usr-merge spelling (`/bin/x` ↔ `/usr/bin/x`) and as its real path.
    /// Empty when dpkg is not installed or does not answer in time.
    public static func owning(_ paths: [String]) -> [DebianPackage] {
        guard let owners = owners(of: paths) else { return [] }
        return installed(Set(owners.values.joined()).sorted())
    }

    /// The packages (qualified as dpkg prints them, `libc6:amd64`) owning each of `paths`; an empty
    /// list for a path no package owns. Nil when dpkg is absent or does not answer, so that callers
    /// caching the answer (it changes only when dpkg's database does) never cache a failure.
    public static func owners(of paths: [String]) -> [String: [String]]? {
        var spellings: [String] = []
        var original: [String: [String]] = [:]
        var result: [String: [String]] = [:]
        for path in Set(paths) where path.hasPrefix("/") && !path.contains(where: { "*?[]\\".contains($0) }) {
            result[path] = []
            for spelling in alternativeSpellings(of: path) {
                if original[spelling] == nil { spellings.append(spelling) }
                original[spelling, default: []].append(path)
            }
        }
        guard !spellings.isEmpty else { return result }
        guard Subprocess.locate("dpkg-query") != nil else { return nil }
        for chunk in stride(from: 0, to: spellings.count, by: 256).map({ spellings[$0..<min($0 + 256, spellings.count)] }) {
            // Exit status 1 only means some path is unowned; the found ones are still printed.
            guard let answer = Subprocess.run(["dpkg-query", "-S"] + chunk, timeout: 15) else { return nil }
            for (packages, spelling) in parseSearchOutput(answer.stdout) {
                for path in original[spelling] ?? [] { result[path] = Array(Set(result[path, default: []] + packages)).sorted() }
            }
        }
        return result
    }

    /// The installed packages among `names` (plain or qualified) with their versions, sorted by name.
    public static func installed(_ names: [String]) -> [DebianPackage] {
        guard !names.isEmpty,
            let listing = Subprocess.run(
                ["dpkg-query", "-W", "-f", "${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n"] + names, timeout: 15)
        else { return [] }
        return parseShowOutput(listing.stdout)
    }

    /// The modification time of dpkg's status database, in nanoseconds: what is known of package
    /// ownership and versions stays true while it is unchanged. Nil without dpkg.
    public static var databaseStamp: Int64? {
        var status = stat()
        guard stat("/var/lib/dpkg/status", &status) == 0 else { return nil }
        return Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }

    /// The path itself, its other /usr-merge spelling, and its real path with that path's other spelling.
    static func alternativeSpellings(of path: String) -> [String] {
        var result = [path, usrMergeCounterpart(path)].compactMap { $0 }
        if let real = FileProbe.realPath(path), real != path {
            result += [real, usrMergeCounterpart(real)].compactMap { $0 }
        }
        return result
    }

    /// `/bin/x` ↔ `/usr/bin/x` for the merged directories (`bin`, `sbin`, `lib`, `lib32`, `lib64`, `libx32`).
    static func usrMergeCounterpart(_ path: String) -> String? {
        for directory in ["/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/"] {
            if path.hasPrefix(directory) { return "/usr" + path }
            if path.hasPrefix("/usr" + directory) { return String(path.dropFirst(4)) }
        }
        return nil
    }

    /// Parses `dpkg-query -S` lines `pkg[:arch][, pkg2…]: /path` into (qualified package names, path),
    /// skipping diversion lines and anything else that is not an ownership line.
    static func parseSearchOutput(_ output: String) -> [(packages: [String], path: String)] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("diversion by "), !line.hasPrefix("local diversion"),
                let separator = line.range(of: ": /")
            else { return nil }
            let packages = line[..<separator.lowerBound].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !packages.isEmpty, packages.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { return nil }
            return (packages, String(line[line.index(after: separator.lowerBound)...].dropFirst()))
        }
    }

    /// Parses `name\tversion\tarch\tstatus` lines, keeping installed packages (status `ii`/`hi`…),
    /// sorted by name then architecture and de-duplicated.
    static func parseShowOutput(_ output: String) -> [DebianPackage] {
        var result = Set<DebianPackage>()
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty else { continue }
            if fields.count >= 4, fields[3].count >= 2, Array(fields[3])[1] != "i" { continue }
            result.insert(DebianPackage(name: fields[0], version: fields[1], architecture: fields[2]))
        }
        return result.sorted { ($0.name, $0.architecture) < ($1.name, $1.architecture) }
    }
}
