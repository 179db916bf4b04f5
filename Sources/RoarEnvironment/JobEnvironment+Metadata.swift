import Foundation
import LineageModel

extension JobEnvironment {
    /// The `jobs.metadata` document in the shape roar-cli 0.4.7 writes (`packages`, `runtime`, `git`),
    /// so tools that read roar-cli's lineage (and GLaaS) understand jobs recorded by this tool.
    /// `command` is the root process's argv; `start`/`end` bound the traced run.
    /// Keys roar-cli derives from its in-interpreter injection or caches (`roar_version`,
    /// `python_capture`, `analysis`, `cwd`, `runtime.vm`, `git.commit_message`…) are not produced here.
    public func metadata(command: [String], start: Date, end: Date) -> JSONValue {
        var document: [String: JSONValue] = [
            "packages": [
                "pip": .object(
                    Dictionary((python?.distributions ?? []).map { ($0.name, .string($0.version)) }) { first, _ in first }),
                "dpkg": .object(Dictionary(debianPackages.map { ($0.name, .string($0.version)) }) { first, _ in first }),
            ],
            "runtime": runtimeMetadata(command: command, start: start, end: end),
        ]
        if let git {
            document["git"] = [
                "commit": git.commit.map(JSONValue.string) ?? .null,
                "branch": git.branch.map(JSONValue.string) ?? .null,
                "remote_url": git.repo.map(JSONValue.string) ?? .null,
                "clean": .bool(git.clean),
            ]
        }
        return .object(document)
    }

    private func runtimeMetadata(command: [String], start: Date, end: Date) -> JSONValue {
        var runtime: [String: JSONValue] = [
            "hostname": .string(host.hostname),
            "timing": [
                "start": .string(Self.isoformat(start)),
                "end": .string(Self.isoformat(end)),
                "duration_seconds": .double(end.timeIntervalSince(start)),
            ],
            "command": .array(command.map(JSONValue.string)),
            "os": [
                "system": .string(host.os.system),
                "release": .string(host.os.release),
                "version": .string(host.os.version),
                "machine": .string(host.os.machine),
            ],
            "env_vars": .object(
                Dictionary(
                    variables.compactMap { variable in
                        variable.value.map { (variable.name, JSONValue.string($0)) }
                    }
                ) { first, _ in first }),
            "cpu": [
                "count": .int(Int64(host.cpu.count)),
                "model": .string(host.cpu.model),
                "architecture": .string(host.cpu.architecture),
            ],
            "memory": [
                "total_mb": .int(Int64(host.memory.totalMB)),
                "available_mb": .int(Int64(host.memory.availableMB)),
            ],
        ]
        if let python {
            runtime["python"] = [
                "version": python.version.map(JSONValue.string) ?? .null,
                "implementation": "CPython",
            ]
        }
        if let container = host.container {
            runtime["container"] = ["type": .string(container)]
        }
        if !host.gpus.isEmpty {
            runtime["gpu"] = .array(
                host.gpus.map { gpu in
                    [
                        "name": .string(gpu.name),
                        "memory_mb": gpu.memoryMB.map { .int(Int64($0)) } ?? .null,
                        "compute_cap": gpu.computeCapability.map(JSONValue.string) ?? .null,
                    ]
                })
        }
        let driver = host.gpus.lazy.compactMap(\.driverVersion).first
        if driver != nil || host.cudaVersion != nil {
            runtime["cuda"] = [
                "driver_version": driver.map(JSONValue.string) ?? .null,
                "cuda_version": host.cudaVersion.map(JSONValue.string) ?? .null,
            ]
        }
        return .object(runtime)
    }

    /// Python's `datetime.isoformat()` of an aware UTC datetime: `2026-11-27T14:31:33.416941+00:00`,
    /// microseconds omitted when zero, as roar-cli writes `runtime.timing`.
    static func isoformat(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var micros = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros == 1_000_000 {
            seconds += 1
            micros = 0
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text =
            "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if micros != 0 { text += "." + pad(Int32(micros), 6) }
        return text + "+00:00"
    }
}
