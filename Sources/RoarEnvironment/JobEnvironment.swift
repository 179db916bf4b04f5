import Foundation

/// Everything about a traced job's surroundings that is not an input file: code version, machine,
/// Python packages, Debian packages and environment variables. It is what lets a lineage reader
/// tell whether two runs of the same step are comparable and how to reproduce one.
public struct JobEnvironment: Sendable, Codable, Hashable {
    /// The git work tree of the working directory; nil outside a repository.
    public var git: GitState?
    /// The machine.
    public var host: HostInfo
    /// Python interpreters and imported distributions; nil when no Python ran.
    public var python: PythonEnvironment?
    /// Packages owning the executables and shared libraries the job used, sorted by name.
    public var debianPackages: [DebianPackage]
    /// Every environment variable by name, values only where allowed, sorted by name.
    public var variables: [EnvironmentVariable]

    /// Builds a value from known facts.
    public init(
        git: GitState?, host: HostInfo, python: PythonEnvironment?, debianPackages: [DebianPackage],
        variables: [EnvironmentVariable]
    ) {
        self.git = git
        self.host = host
        self.python = python
        self.debianPackages = debianPackages
        self.variables = variables
    }

    /// Captures the environment of a finished job from what the tracer saw: the files the process
    /// tree opened and the executables it ran (absolute paths), plus the job's working directory and
    /// environment. `allow` names extra variables whose values may be recorded (see
    /// ``EnvironmentVariable/capture(_:allow:)``). Nothing is run inside the job's interpreters; the
    /// independent probes (git, host, Python, dpkg) run concurrently.
    public static func capture(
        workingDirectory: String,
        environment: [String: String],
        openedFiles: [String],
        executables: [String],
        allow: [String] = []
    ) -> JobEnvironment {
        let libraries = openedFiles.filter(isSharedLibrary)
        let results = ProbeResults()
        DispatchQueue.concurrentPerform(iterations: 4) { probe in
            switch probe {
            case 0: results.set(git: GitState.capture(at: workingDirectory))
            case 1: results.set(host: HostInfo.capture(environment: environment))
            case 2: results.set(python: PythonEnvironment.capture(openedFiles: openedFiles, executables: executables))
            default: results.set(debianPackages: DebianPackage.owning(executables + libraries))
            }
        }
        let snapshot = results.snapshot
        return JobEnvironment(
            git: snapshot.git,
            host: snapshot.host ?? HostInfo.capture(environment: environment),
            python: snapshot.python,
            debianPackages: snapshot.debianPackages,
            variables: EnvironmentVariable.capture(environment, allow: allow)
        )
    }

    /// `libc.so.6`, `libfoo.so`, `_ext.cpython-311-x86_64-linux-gnu.so`: a shared object by its file name
    /// (`ld.so.cache` is not).
    static func isSharedLibrary(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? ""
        if name.hasSuffix(".so") { return true }
        guard let marker = name.range(of: ".so.") else { return false }
        return name[marker.upperBound...].first?.isNumber == true
    }
}
