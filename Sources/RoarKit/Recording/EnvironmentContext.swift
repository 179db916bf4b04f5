import Foundation
import LineageModel
import RoarTrace

/// Where and with what a job ran, gathered around the trace: the git state before it, the
/// interpreters it used, and the metadata JSON that roar-cli's readers understand.
struct EnvironmentContext {
    /// The code a job ran: the repository's state when it started.
    struct GitState: Sendable {
        var root: String
        var repo: String?
        var commit: String?
        var branch: String?
        var clean: Bool
    }

    let project: RoarProject
    let configuration: RoarConfiguration
    let workingDirectory: String

    static let version = "0.1.0"

    func git() -> GitState? {
        guard let root = Git.topLevel(workingDirectory) else { return nil }
        let commit = Git.run(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let branch = Git.run(["symbolic-ref", "--short", "-q", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let status = Git.run(["status", "--porcelain", "--untracked-files=normal"], in: root) ?? ""
        let remote = Git.run(["config", "--get", "remote.origin.url"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines)
        return GitState(root: root, repo: remote.flatMap { $0.isEmpty ? nil : $0 }, commit: commit, branch: branch.flatMap { $0.isEmpty ? nil : $0 }, clean: status.isEmpty)
    }

    /// Installation prefixes of the Python interpreters the job ran (their libraries are
    /// packages, not data).
    func interpreterPrefixes(_ report: TraceReport) -> [String] {
        var prefixes = Set<String>()
        for process in report.processes {
            for path in [process.executable, process.image].compactMap({ $0 }) {
                let name = (path as NSString).lastPathComponent
                guard name.hasPrefix("python"), let range = path.range(of: "/bin/", options: .backwards) else { continue }
                prefixes.insert(String(path[..<range.lowerBound]))
            }
        }
        return prefixes.sorted()
    }

    func metadata(report: TraceReport, git: GitState?, classified: JobRecorder.Classified) -> JSONValue {
        var runtime: [String: JSONValue] = [
            "hostname": .string(ProcessInfo.processInfo.hostName),
            "command": .array(report.command.map(JSONValue.string)),
            "timing": [
                "start": .string(ISO8601DateFormatter().string(from: report.startTime)),
                "end": .string(ISO8601DateFormatter().string(from: report.endTime)),
                "duration_seconds": .double(report.endTime.timeIntervalSince(report.startTime)),
            ],
        ]
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String { withUnsafeBytes(of: value) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) } }
        runtime["os"] = ["system": .string(field(name.sysname)), "release": .string(field(name.release)), "version": .string(field(name.version)), "machine": .string(field(name.machine))]
        var result: [String: JSONValue] = [
            "roar_version": .string("swift-roar \(Self.version)"),
            "runtime": .object(runtime),
            "packages": ["pip": [:], "dpkg": [:]],
            "code": .array(classified.code.map { .string(project.relative($0)) }),
            "cwd": .string(git.map { workingDirectory.hasPrefix($0.root + "/") ? String(workingDirectory.dropFirst($0.root.count + 1)) : "" } ?? ""),
        ]
        if let git {
            result["git"] = [
                "commit": git.commit.map(JSONValue.string) ?? .null, "branch": git.branch.map(JSONValue.string) ?? .null,
                "remote_url": git.repo.map(JSONValue.string) ?? .null, "clean": .bool(git.clean),
            ]
        }
        return .object(result)
    }
}
