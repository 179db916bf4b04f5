import Foundation
import LineageModel

extension LocalJob {
    /// The job as `--json` prints it.
    public var json: JSONValue {
        func files(_ list: [LocalFile]) -> JSONValue {
            .array(
                list.map { file in
                    var entry: [String: JSONValue] = ["path": .string(file.path), "digest": .string(file.digest), "size": .int(file.size)]
                    if let note = file.note { entry["note"] = .string(note) }
                    return .object(entry)
                })
        }
        return [
            "step": .int(Int64(stepNumber)), "uid": .string(uid), "name": stepName.map(JSONValue.string) ?? .null, "job_type": .string(jobType),
            "command": .string(command),
            "argv": .array(argv.map(JSONValue.string)), "cwd": .string(cwd),
            "started_at": .string(ISO8601DateFormatter().string(from: startedAt)), "duration_seconds": .double(durationSeconds),
            "exit_code": exitCode.map { .int(Int64($0)) } ?? .null, "signal": signal.map { .int(Int64($0)) } ?? .null,
            "git": [
                "repo": gitRepo.map(JSONValue.string) ?? .null, "commit": gitCommit.map(JSONValue.string) ?? .null,
                "branch": gitBranch.map(JSONValue.string) ?? .null, "clean": gitClean.map(JSONValue.bool) ?? .null,
            ],
            "inputs": files(inputs), "outputs": files(outputs), "executables": files(executables),
            "processes": .array(
                processes.map {
                    [
                        "pid": .int(Int64($0.pid)), "parent_pid": $0.parentPID.map { .int(Int64($0)) } ?? .null,
                        "argv": .array($0.argv.map(JSONValue.string)), "executable": $0.executable.map(JSONValue.string) ?? .null,
                        "exit": .string($0.exit),
                    ]
                }),
            "metadata": (try? JSONParser.parse(metadata)) ?? .string(metadata),
            "notes": .array(notes.map(JSONValue.string)),
        ]
    }

    /// "exit 0", "exit 3", "killed by SIGINT".
    public var statusText: String {
        if let signal { return "killed by \(Self.signalName(signal))" }
        return "exit \(exitCode ?? 0)"
    }

    static func signalName(_ number: Int) -> String {
        let names = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM"]
        return names[number] ?? "signal \(number)"
    }
}
