import Foundation

/// Collects the results of the concurrent probes in ``JobEnvironment/capture(workingDirectory:environment:openedFiles:executables:allow:)``.
final class ProbeResults: @unchecked Sendable {
    struct Snapshot {
        var git: GitState?
        var host: HostInfo?
        var python: PythonEnvironment?
        var debianPackages: [DebianPackage] = []
    }

    private let lock = NSLock()
    private var value = Snapshot()

    func set(git: GitState?) { update { $0.git = git } }
    func set(host: HostInfo) { update { $0.host = host } }
    func set(python: PythonEnvironment?) { update { $0.python = python } }
    func set(debianPackages: [DebianPackage]) { update { $0.debianPackages = debianPackages } }

    var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    private func update(_ change: (inout Snapshot) -> Void) {
        lock.lock()
        change(&value)
        lock.unlock()
    }
}
