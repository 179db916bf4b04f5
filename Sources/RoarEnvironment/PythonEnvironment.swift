import Foundation

/// The Python side of a job: which interpreters ran and which installed distributions the job
/// actually imported, so the run can be reproduced with the same packages (`pip install name==version`).
public struct PythonEnvironment: Sendable, Codable, Hashable {
    /// Interpreters the job executed, in order of first execution, one per real executable.
    public var interpreters: [PythonInterpreter]
    /// Distributions owning a module or data file the job opened under `site-packages`/`dist-packages`,
    /// sorted by name (case-insensitive), one entry per name. Metadata reads and the modules
    /// `.pth` files import at every interpreter's start do not count (`showsUse`).
    public var distributions: [PythonDistribution]

    /// Builds a value from known facts.
    public init(interpreters: [PythonInterpreter], distributions: [PythonDistribution]) {
        self.interpreters = interpreters
        self.distributions = distributions
    }

    /// The version of the first interpreter (what roar-cli reports as `runtime.python.version`).
    public var version: String? { interpreters.first?.version }

    /// Finds the interpreters among `executables` and attributes the opened files to distributions.
    /// Nil when no Python interpreter ran. Files of editable installs (`__editable__*` finders,
    /// `.pth` files) and paths outside `site-packages`/`dist-packages` are not attributed.
    public static func capture(
        openedFiles: [String], executables: [String], versionByRunning: (String) -> String? = PythonInterpreter.versionByRunning
    ) -> PythonEnvironment? {
        let interpreters = PythonInterpreter.locate(in: executables, versionByRunning: versionByRunning)
        guard !interpreters.isEmpty else { return nil }
        return PythonEnvironment(interpreters: interpreters, distributions: distributions(openedFiles: openedFiles))
    }

    /// The distributions owning the opened files that show use (not metadata, not `.pth` start-up
    /// imports), sorted by name (case-insensitive) and de-duplicated.
    public static func distributions(openedFiles: [String]) -> [PythonDistribution] {
        var filesBySite: [String: [String]] = [:]
        for path in openedFiles {
            guard let (site, relative) = SitePackagesIndex.split(path) else { continue }
            filesBySite[site, default: []].append(relative)
        }
        var byName: [String: PythonDistribution] = [:]
        for (site, relativePaths) in filesBySite {
            let index = SitePackagesIndex.cached(for: site)
            for relative in Set(relativePaths) where index.showsUse(relative) {
                for distribution in index.owners(of: relative) {
                    let key = PythonDistribution.normalize(distribution.name)
                    if byName[key] == nil { byName[key] = distribution }
                }
            }
        }
        return byName.values.sorted {
            ($0.name.lowercased(), $0.version) < ($1.name.lowercased(), $1.version)
        }
    }
}
