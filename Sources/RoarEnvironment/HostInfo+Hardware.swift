import Foundation

extension HostInfo {
    /// Kernel identity (Python's `platform.system/release/version/machine`) plus the distribution name.
    public struct OperatingSystem: Sendable, Codable, Hashable {
        /// `Linux`.
        public var system: String
        /// Kernel release, e.g. `6.1.0-18-amd64`.
        public var release: String
        /// Kernel build string, e.g. `#1 SMP PREEMPT_DYNAMIC …`.
        public var version: String
        /// Hardware name, e.g. `x86_64`.
        public var machine: String
        /// `PRETTY_NAME` from `/etc/os-release`, e.g. `Debian GNU/Linux 12 (bookworm)`.
        public var distribution: String?

        /// Builds a value from known facts.
        public init(system: String, release: String, version: String, machine: String, distribution: String?) {
            self.system = system
            self.release = release
            self.version = version
            self.machine = machine
            self.distribution = distribution
        }
    }

    /// The processor, because numeric results and speed depend on it.
    public struct CPU: Sendable, Codable, Hashable {
        /// `model name` from `/proc/cpuinfo` (or `Hardware`/`Processor` on ARM); empty when unknown.
        public var model: String
        /// Logical CPUs online.
        public var count: Int
        /// `uname -m`.
        public var architecture: String

        /// Builds a value from known facts.
        public init(model: String, count: Int, architecture: String) {
            self.model = model
            self.count = count
            self.architecture = architecture
        }

        static func capture(architecture: String, cpuinfo: String = "/proc/cpuinfo") -> CPU {
            var model = ""
            for key in ["model name", "Hardware", "Processor", "cpu model"] {
                if let value = firstValue(of: key, in: cpuinfo) {
                    model = value
                    break
                }
            }
            let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
            return CPU(
                model: model, count: max(1, online > 0 ? online : ProcessInfo.processInfo.activeProcessorCount),
                architecture: architecture)
        }

        private static func firstValue(of key: String, in path: String) -> String? {
            for line in FileProbe.lines(path) ?? [] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                if line[..<colon].trimmingCharacters(in: .whitespaces) == key {
                    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    if !value.isEmpty { return value }
                }
            }
            return nil
        }
    }

    /// Memory size from `/proc/meminfo`, in MiB (kB / 1024, truncated), as roar-cli records it.
    public struct Memory: Sendable, Codable, Hashable {
        /// `MemTotal`.
        public var totalMB: Int
        /// `MemAvailable` (varies from run to run).
        public var availableMB: Int

        /// Builds a value from known facts.
        public init(totalMB: Int, availableMB: Int) {
            self.totalMB = totalMB
            self.availableMB = availableMB
        }

        static func capture(meminfo: String = "/proc/meminfo") -> Memory {
            var kilobytes: [String: Int] = [:]
            for line in FileProbe.lines(meminfo) ?? [] {
                let fields = line.split(whereSeparator: { $0 == ":" || $0 == " " })
                if fields.count >= 2, let value = Int(fields[1]) { kilobytes[String(fields[0])] = value }
            }
            return Memory(totalMB: (kilobytes["MemTotal"] ?? 0) / 1024, availableMB: (kilobytes["MemAvailable"] ?? 0) / 1024)
        }
    }
}
