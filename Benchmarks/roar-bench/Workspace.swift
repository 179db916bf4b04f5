import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The temporary directory under /var/tmp that holds every project and data file of a run. It is
/// removed at exit, also on SIGINT / SIGTERM (after killing the measured process group).
final class Workspace: @unchecked Sendable {
    let root: String
    private let lock = NSLock()
    private var signalSources: [any DispatchSourceSignal] = []
    private var counter = 0

    init() throws {
        var template = Array("/var/tmp/roar-bench.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ChildProcess.SpawnError(description: "cannot create a directory under /var/tmp")
        }
        root = String(cString: made)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [root] in
                ChildProcess.killCurrentGroup()
                Workspace.remove(root)
                FileHandle.standardError.write(Data("roar-bench: interrupted; removed \(root)\n".utf8))
                exit(130)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// A new, empty directory inside the workspace named after `label`.
    func freshDirectory(_ label: String) throws -> String {
        lock.lock()
        counter += 1
        let number = counter
        lock.unlock()
        let safe = label.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let path = root + "/\(number)-" + String(safe)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes the workspace.
    func remove() { Workspace.remove(root) }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
