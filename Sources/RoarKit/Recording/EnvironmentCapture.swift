import Foundation
import LineageModel
import RoarEnvironment
import RoarTrace

/// Where and with what a job ran, gathered around the trace: the git state before it, and after
/// it the host, the Python distributions and Debian packages it used (found from the files it
/// opened and the programs it ran; nothing is injected into the job), and its variables.
struct EnvironmentCapture {
    let project: RoarProject
    let configuration: RoarConfiguration
    let store: LocalStore
    let workingDirectory: String
    let environment: [String: String]

    static let version = ReleaseVersion.current

    /// The code the job runs: the repository's state before it starts.
    func gitBefore() -> GitState? {
        GitState.capture(at: workingDirectory)
    }

    /// Every program the tree ran, as executed and as the kernel resolved it.
    static func executables(_ report: TraceReport) -> [String] {
        var paths = Set(report.files.filter(\.executed).map(\.path))
        for process in report.processes {
            if let executable = process.executable { paths.insert(executable) }
            if let image = process.image { paths.insert(image) }
        }
        return paths.sorted()
    }

    /// The environment of the finished run; `python` was captured first, for the path filter.
    func capture(report: TraceReport, git: GitState?, python: PythonEnvironment?) -> JobEnvironment {
        let executables = Self.executables(report)
        let libraries = report.files.map(\.path).filter(Self.isSharedLibrary)
        let host = HostInfo.capture(environment: environment)
        return JobEnvironment(
            git: git, host: host, python: python, debianPackages: store.debianPackages(owning: executables + libraries),
            variables: EnvironmentVariable.capture(environment, allow: configuration.environmentAllowlist))
    }

    /// The job's Python side; an interpreter's version asked by running it is kept in `store`
    /// until the executable changes.
    static func python(_ report: TraceReport, store: LocalStore) -> PythonEnvironment? {
        PythonEnvironment.capture(openedFiles: report.files.map(\.path), executables: executables(report)) { executable in
            store.interpreterVersion(executable)
        }
    }

    /// `libc.so.6`, `_ext.cpython-311-x86_64-linux-gnu.so`; not `ld.so.cache`.
    static func isSharedLibrary(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if name.hasSuffix(".so") { return true }
        guard let range = name.range(of: ".so.") else { return false }
        return name[range.upperBound...].first?.isNumber == true
    }

    /// Installation prefixes of the interpreters the job ran: their libraries are packages, not data.
    static func interpreterPrefixes(_ report: TraceReport, python: PythonEnvironment?) -> [String] {
        var prefixes = Set(python?.interpreters.map(\.prefix) ?? [])
        for path in executables(report) {
            let name = (path as NSString).lastPathComponent
            guard name.hasPrefix("python"), let range = path.range(of: "/bin/", options: .backwards) else { continue }
            prefixes.insert(String(path[..<range.lowerBound]))
        }
        return prefixes.filter { $0 != "/usr" && $0 != "/" && !$0.isEmpty }.sorted()
    }

    /// roar-cli's job-metadata document, plus what this roar adds (its version, the code files
    /// read with their digests and state against the commit, the working directory relative to
    /// the repository).
    func metadata(_ environment: JobEnvironment, report: TraceReport, classified: JobRecorder.Classified) -> JSONValue {
        guard case .object(var document) = environment.metadata(command: report.command, start: report.startTime, end: report.endTime) else {
            return .null
        }
        document["roar_version"] = .string("swift-roar \(Self.version)")
        document["code"] = .array(classified.code.map(\.json))
        if let root = environment.git?.root {
            document["cwd"] = .string(workingDirectory.hasPrefix(root + "/") ? String(workingDirectory.dropFirst(root.count + 1)) : "")
        }
        return .object(document)
    }
}
