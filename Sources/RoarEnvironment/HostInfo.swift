import Foundation

/// The machine a job ran on (OS, CPU, memory, container, GPUs), because results can depend on it
/// and a lineage reader needs it to judge whether a re-run is comparable.
public struct HostInfo: Sendable, Codable, Hashable {
    /// The node name (`uname -n`, what Python's `socket.gethostname()` returns).
    public var hostname: String
    /// Kernel and distribution.
    public var os: OperatingSystem
    /// Processor model, logical CPU count and architecture.
    public var cpu: CPU
    /// Total and available memory when the job finished.
    public var memory: Memory
    /// `docker`, `kubernetes` or `podman` when running inside such a container, else nil.
    public var container: String?
    /// NVIDIA GPUs reported by `nvidia-smi`; empty when the tool is absent.
    public var gpus: [GPU]
    /// CUDA toolkit release (`nvcc --version`, else the `nvidia-smi` banner); nil when unknown.
    public var cudaVersion: String?

    /// Builds a description from already known facts (tests, other capture paths).
    public init(
        hostname: String, os: OperatingSystem, cpu: CPU, memory: Memory, container: String?, gpus: [GPU],
        cudaVersion: String?
    ) {
        self.hostname = hostname
        self.os = os
        self.cpu = cpu
        self.memory = memory
        self.container = container
        self.gpus = gpus
        self.cudaVersion = cudaVersion
    }

    /// Describes this machine from `uname`, `/proc`, `/etc/os-release` and (when on `PATH`)
    /// `nvidia-smi`/`nvcc`. `environment` is the job's environment, used to detect Kubernetes.
    /// Never fails: unknown facts are empty, zero or nil.
    public static func capture(environment: [String: String]) -> HostInfo {
        let names = UnameFields.current()
        let gpus = GPU.query()
        return HostInfo(
            hostname: names.nodename,
            os: OperatingSystem(
                system: names.sysname, release: names.release, version: names.version, machine: names.machine,
                distribution: FileProbe.keyValues("/etc/os-release")["PRETTY_NAME"]),
            cpu: CPU.capture(architecture: names.machine),
            memory: Memory.capture(),
            container: containerType(environment: environment),
            gpus: gpus,
            cudaVersion: cudaToolkitVersion(nvidiaSMIPresent: !gpus.isEmpty)
        )
    }

    /// Kubernetes first (a pod may also carry a runtime marker file), then Docker, then Podman.
    static func containerType(environment: [String: String], root: String = "") -> String? {
        if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty { return "kubernetes" }
        if FileProbe.exists(root + "/.dockerenv") { return "docker" }
        if FileProbe.exists(root + "/run/.containerenv") { return "podman" }
        return nil
    }

    private static func cudaToolkitVersion(nvidiaSMIPresent: Bool) -> String? {
        if let nvcc = Subprocess.run(["nvcc", "--version"], timeout: 5), nvcc.status == 0,
            let version = parseNVCCRelease(nvcc.stdout)
        {
            return version
        }
        guard nvidiaSMIPresent, let banner = Subprocess.run(["nvidia-smi"], timeout: 5), banner.status == 0 else {
            return nil
        }
        return value(after: "CUDA Version:", in: banner.stdout)
    }

    /// `Cuda compilation tools, release 12.2, V12.2.140` → `12.2`.
    static func parseNVCCRelease(_ output: String) -> String? {
        value(after: "release ", in: output)
    }

    private static func value(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " }
        let token = rest.prefix { $0.isNumber || $0 == "." }
        return token.isEmpty ? nil : String(token)
    }
}
