import Foundation
import Synchronization

/// Maps the top-level names in one `site-packages`/`dist-packages` directory to the distributions
/// installed there, read from their `*.dist-info`/`*.egg-info` metadata, so opened files can be
/// attributed to pip distributions without running code inside the user's interpreter.
final class SitePackagesIndex: Sendable {
    /// One installed distribution and where its metadata lives.
    struct Entry: Sendable {
        var distribution: PythonDistribution
        /// The `*.dist-info`/`*.egg-info` entry name inside the site directory.
        var infoName: String
    }

    let site: String
    let entries: [Entry]
    /// Top-level importable name (or metadata entry name) → indices into `entries`.
    let topLevel: [String: [Int]]
    /// Per entry, the site-relative paths from `RECORD`/`installed-files.txt`, loaded on first need.
    /// Entries without `top_level.txt`, whose module names are guessed until their RECORD is read.
    let withoutTopLevel: [Int]
    /// Modules the site's `.pth` files import at interpreter start (`startupModules(site:)`).
    let startupModules: Set<String>
    private let fileLists = Mutex<[Int: Set<String>]>([:])

    init(site: String) {
        self.site = site
        var entries: [Entry] = []
        var topLevel: [String: [Int]] = [:]
        var withoutTopLevel: [Int] = []
        for name in FileProbe.entries(site).sorted() {
            guard let distribution = Self.readMetadata(site: site, infoName: name) else { continue }
            let index = entries.count
            entries.append(Entry(distribution: distribution, infoName: name))
            topLevel[name, default: []].append(index)
            let topLevelFile = "\(site)/\(name)/top_level.txt"
            var names = Set((FileProbe.lines(topLevelFile) ?? []).map { $0.trimmingCharacters(in: .whitespaces) })
            names.remove("")
            if !FileProbe.exists(topLevelFile) {
                // Reading every RECORD up front is what makes a large environment slow: guess the
                // module from the distribution's name, and read RECORD only when a file is not
                // attributed otherwise (see `owners(of:)`).
                names = [distribution.name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")]
                withoutTopLevel.append(index)
            }
            for module in names.subtracting([name]) { topLevel[module, default: []].append(index) }
        }
        self.entries = entries
        self.topLevel = topLevel
        self.withoutTopLevel = withoutTopLevel
        self.startupModules = Self.startupModules(site: site)
    }

    /// The index for `site`, built once per process and rebuilt when the directory's mtime changes
    /// (installing or removing a distribution adds or removes a metadata directory).
    static func cached(for site: String) -> SitePackagesIndex {
        let stamp = FileProbe.modificationStamp(site)
        if let hit = cache.withLock({ $0[site] }), hit.stamp == stamp { return hit.index }
        let index = SitePackagesIndex(site: site)
        cache.withLock { $0[site] = (stamp, index) }
        return index
    }

    private static let cache = Mutex<[String: (stamp: Double?, index: SitePackagesIndex)]>([:])

    /// Splits an absolute path at its last `site-packages`/`dist-packages` component:
    /// `/v/lib/python3.11/site-packages/yaml/x.py` → (`/v/lib/python3.11/site-packages`, `yaml/x.py`).
    static func split(_ path: String) -> (site: String, relative: String)? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard path.hasPrefix("/"),
            let position = components.lastIndex(where: { $0 == "site-packages" || $0 == "dist-packages" }),
            position + 1 < components.count
        else { return nil }
        let site = "/" + components[...position].joined(separator: "/")
        return (site, components[(position + 1)...].joined(separator: "/"))
    }

    /// The importable top-level name a site-relative path belongs to: `yaml/x.py` → `yaml`,
    /// `six.py` → `six`, `_cffi.cpython-311-x86_64-linux-gnu.so` → `_cffi`,
    /// `__pycache__/six.cpython-311.pyc` → `six`. Nil for `.pth` files, editable-install finders
    /// and paths leaving the site directory.
    static func moduleName(ofRelativePath relative: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard var first = parts.first, first != "..", first != "." else { return nil }
        if first == "__pycache__" {
            guard parts.count > 1 else { return nil }
            first = parts[1]
        }
        if first.hasPrefix("__editable__") || first.hasSuffix(".pth") { return nil }
        if first.hasSuffix(".dist-info") || first.hasSuffix(".egg-info") || first.hasSuffix(".data") {
            return String(first)
        }
        let isFile = parts.count == 1 || parts[0] == "__pycache__"
        for suffix in [".py", ".pyc", ".so", ".pyd", ".pyi"] where isFile && first.hasSuffix(suffix) {
            return String(first.prefix { $0 != "." })
        }
        return String(first)
    }

    /// The distributions owning `relative` (a path inside this site directory).
    func owners(of relative: String) -> [PythonDistribution] {
        guard let module = Self.moduleName(ofRelativePath: relative) else { return [] }
        var candidates = topLevel[module] ?? []
        if candidates.isEmpty {
            // Not a declared or guessed top-level name: first the distributions whose names were
            // guessed, then (e.g. `numpy.libs/`) every file list.
            candidates = withoutTopLevel.filter { index in
                fileList(index).contains { $0 == relative || Self.moduleName(ofRelativePath: $0) == module }
            }
            if candidates.isEmpty { candidates = entries.indices.filter { fileList($0).contains(relative) } }
        } else if candidates.count > 1 {
            // A namespace package shared by several distributions: narrow by their file lists.
            let exact = candidates.filter { fileList($0).contains(relative) }
            let directory = relative.split(separator: "/").prefix(2).joined(separator: "/") + "/"
            let sameDirectory = candidates.filter { index in
                fileList(index).contains { $0.hasPrefix(directory) }
            }
            candidates = !exact.isEmpty ? exact : (!sameDirectory.isEmpty ? sameDirectory : candidates)
        }
        return candidates.map { entries[$0].distribution }
    }

    private func fileList(_ index: Int) -> Set<String> {
        if let known = fileLists.withLock({ $0[index] }) { return known }
        let list = Set(Self.readFileList(site: site, infoName: entries[index].infoName))
        fileLists.withLock { $0[index] = list }
        return list
    }
}
