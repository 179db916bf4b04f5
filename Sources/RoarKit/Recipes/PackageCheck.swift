import Foundation
import LineageModel
import RoarEnvironment

/// Before replaying a recipe: which recorded pip packages, Python version and Debian packages
/// the interpreter and system here do not match. Reported, not installed.
public enum PackageCheck {
    /// One line per mismatch, e.g. `pip numpy 1.26.4 recorded, 2.0.1 installed`.
    public static func mismatches(_ recipe: Recipe, environment: [String: String]) -> [String] {
        var issues: [String] = []
        let pip = recipe.pipPackages
        let recordedPython = recipe.steps.compactMap(\.python).last
        if !pip.isEmpty || recordedPython != nil {
            if let found = interpreter(environment) {
                let (python, installed) = found
                if let recordedPython, recordedPython != python { issues.append("python \(recordedPython) recorded, \(python) here") }
                for package in pip {
                    switch installed[normalize(package.name)] {
                    case nil: issues.append("pip \(package.name) \(package.version) recorded, not installed")
                    case let version? where version != package.version:
                        issues.append("pip \(package.name) \(package.version) recorded, \(version) installed")
                    default: break
                    }
                }
            } else {
                issues.append("no python3 on PATH: \(pip.count) recorded pip package\(pip.count == 1 ? "" : "s") not checked")
            }
        }
        let dpkg = recipe.dpkgPackages
        if !dpkg.isEmpty, DebianPackage.databaseStamp != nil {
            let installed = Dictionary(DebianPackage.installed(dpkg.map(\.name)).map { ($0.name, $0.version) }) { first, _ in first }
            for package in dpkg {
                let plain = package.name.split(separator: ":").first.map(String.init) ?? package.name
                switch installed[plain] {
                case nil: issues.append("dpkg \(package.name) \(package.version) recorded, not installed")
                case let version? where version != package.version:
                    issues.append("dpkg \(package.name) \(package.version) recorded, \(version) installed")
                default: break
                }
            }
        }
        return issues
    }

    /// The version of `python3` on the steps' PATH and its installed distributions (normalized names).
    static func interpreter(_ environment: [String: String]) -> (String, [String: String])? {
        guard let python = Subprocess.locate("python3", searchPath: environment["PATH"]) else { return nil }
        let script = """
            import json, platform, importlib.metadata as m
            print(json.dumps({"python": platform.python_version(), "packages": {d.metadata["Name"]: d.version for d in m.distributions() if d.metadata["Name"]}}))
            """
        guard let result = Subprocess.run([python, "-c", script], timeout: 30), result.status == 0,
            let document = try? JSONParser.parse(result.stdout), let version = document["python"]?.stringValue
        else { return nil }
        var packages: [String: String] = [:]
        for (name, value) in document["packages"]?.objectValue ?? [:] { packages[normalize(name)] = value.stringValue }
        return (version, packages)
    }

    /// PEP 503: case-insensitive, runs of `-`, `_`, `.` are one `-`.
    static func normalize(_ name: String) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }
}
