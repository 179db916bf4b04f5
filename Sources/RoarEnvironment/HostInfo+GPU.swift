import Foundation

extension HostInfo {
    /// One NVIDIA GPU as `nvidia-smi` reports it, because GPU model and driver change numeric results.
    public struct GPU: Sendable, Codable, Hashable {
        /// Product name, e.g. `NVIDIA A100-SXM4-40GB`.
        public var name: String
        /// Total memory in MiB; nil when not reported.
        public var memoryMB: Int?
        /// Compute capability, e.g. `8.0`; nil when not reported (older drivers).
        public var computeCapability: String?
        /// Driver version, e.g. `535.104.05`.
        public var driverVersion: String?

        /// Builds a value from known facts.
        public init(name: String, memoryMB: Int?, computeCapability: String?, driverVersion: String?) {
            self.name = name
            self.memoryMB = memoryMB
            self.computeCapability = computeCapability
            self.driverVersion = driverVersion
        }

        /// Asks `nvidia-smi` when it is on `PATH`; empty otherwise or when it fails.
        static func query() -> [GPU] {
            guard Subprocess.locate("nvidia-smi") != nil,
                let result = Subprocess.run(
                    [
                        "nvidia-smi", "--query-gpu=name,memory.total,compute_cap,driver_version",
                        "--format=csv,noheader,nounits",
                    ], timeout: 10),
                result.status == 0
            else { return [] }
            return parse(result.stdout)
        }

        /// Parses `name, memory, compute_cap, driver` CSV lines; `[N/A]`/`[Not Supported]` become nil.
        static func parse(_ csv: String) -> [GPU] {
            csv.split(whereSeparator: \.isNewline).compactMap { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard let name = fields.first, !name.isEmpty else { return nil }
                func field(_ index: Int) -> String? {
                    guard fields.indices.contains(index) else { return nil }
                    let value = fields[index]
                    return value.isEmpty || value.hasPrefix("[") ? nil : value
                }
                return GPU(
                    name: name, memoryMB: field(1).flatMap { Int($0) }, computeCapability: field(2),
                    driverVersion: field(3))
            }
        }
    }
}
