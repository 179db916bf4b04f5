import Foundation
import Testing

@testable import RoarEnvironment

@Suite struct HostInfoTests {
    @Test func describesThisMachine() throws {
        let host = HostInfo.capture(environment: ProcessInfo.processInfo.environment)
        let nodename = try shell(["uname", "-n"])
        #expect(host.hostname == nodename || host.hostname == ProcessInfo.processInfo.hostName)
        #expect(host.os.system == (try shell(["uname", "-s"])))
        #expect(host.os.release == (try shell(["uname", "-r"])))
        #expect(host.os.machine == (try shell(["uname", "-m"])))
        #expect(host.cpu.architecture == host.os.machine)
        #expect(host.cpu.count >= 1)
        #expect(host.cpu.count == Int(try shell(["getconf", "_NPROCESSORS_ONLN"])))
        #expect(host.memory.totalMB > 0)
        #expect(host.memory.availableMB > 0 && host.memory.availableMB <= host.memory.totalMB)
        if FileManager.default.fileExists(atPath: "/etc/os-release") {
            #expect(host.os.distribution?.isEmpty == false)
        }
        if FileManager.default.fileExists(atPath: "/proc/cpuinfo") {
            #expect(!host.cpu.model.isEmpty)
        }
    }

    @Test(.enabled(if: Subprocess.locate("nvidia-smi") == nil, "nvidia-smi present"))
    func noGPUToolMeansNoGPUs() {
        let host = HostInfo.capture(environment: [:])
        #expect(host.gpus.isEmpty)
        if Subprocess.locate("nvcc") == nil { #expect(host.cudaVersion == nil) }
    }

    @Test func containerDetection() throws {
        let root = try TemporaryDirectory("roar-root")
        defer { root.remove() }
        #expect(HostInfo.containerType(environment: [:], root: root.path) == nil)
        #expect(HostInfo.containerType(environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"], root: root.path) == "kubernetes")
        try root.write("run/.containerenv")
        #expect(HostInfo.containerType(environment: [:], root: root.path) == "podman")
        try root.write(".dockerenv")
        #expect(HostInfo.containerType(environment: [:], root: root.path) == "docker")
    }

    @Test func parsesToolOutputs() {
        let gpus = HostInfo.GPU.parse("NVIDIA A100-SXM4-40GB, 40960, 8.0, 535.104.05\nTesla K80, 11441, [N/A], 470.1\n")
        #expect(
            gpus == [
                HostInfo.GPU(name: "NVIDIA A100-SXM4-40GB", memoryMB: 40960, computeCapability: "8.0", driverVersion: "535.104.05"),
                HostInfo.GPU(name: "Tesla K80", memoryMB: 11441, computeCapability: nil, driverVersion: "470.1"),
            ])
        let nvcc = "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 12.2, V12.2.140\n"
        #expect(HostInfo.parseNVCCRelease(nvcc) == "12.2")
    }
}
