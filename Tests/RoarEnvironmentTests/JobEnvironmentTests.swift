import Foundation
import LineageModel
import Testing

@testable import RoarEnvironment

@Suite struct JobEnvironmentTests {
    private func sampleEnvironment(python: Bool = true) -> JobEnvironment {
        JobEnvironment(
            git: GitState(root: "/repo", repo: nil, commit: "ab70cd42", branch: "main", clean: true),
            host: HostInfo(
                hostname: "vm",
                os: .init(system: "Linux", release: "6.1", version: "#1 SMP", machine: "x86_64", distribution: "Debian"),
                cpu: .init(model: "AMD EPYC", count: 2, architecture: "x86_64"),
                memory: .init(totalMB: 24105, availableMB: 22934),
                container: "docker",
                gpus: [.init(name: "A100", memoryMB: 40960, computeCapability: "8.0", driverVersion: "535.1")],
                cudaVersion: "12.2"),
            python: python
                ? PythonEnvironment(
                    interpreters: [.init(path: "/usr/bin/python3.11", version: "3.11.7", prefix: "/usr")],
                    distributions: [.init(name: "PyYAML", version: "6.0.1")])
                : nil,
            debianPackages: [.init(name: "libc6", version: "2.36-9", architecture: "amd64")],
            variables: [
                .init(name: "GITHUB_TOKEN", value: nil, redacted: true),
                .init(name: "LR", value: nil, redacted: false),
                .init(name: "PATH", value: "/usr/bin", redacted: false),
            ])
    }

    @Test func metadataHasRoarShape() throws {
        let start = Date(timeIntervalSince1970: 1_795_789_893.416941)
        let end = start.addingTimeInterval(0.8356)
        let metadata = sampleEnvironment().metadata(command: ["python", "prepare.py"], start: start, end: end)

        #expect(metadata["packages"]?["pip"] == ["PyYAML": "6.0.1"])
        #expect(metadata["packages"]?["dpkg"] == ["libc6": "2.36-9"])
        let runtime = try #require(metadata["runtime"])
        #expect(runtime["hostname"] == "vm")
        #expect(runtime["timing"]?["start"] == "2026-11-27T14:31:33.416941+00:00")
        let duration = try #require(runtime["timing"]?["duration_seconds"]?.doubleValue)
        #expect(abs(duration - 0.8356) < 1e-6)
        #expect(runtime["command"] == ["python", "prepare.py"])
        #expect(runtime["os"] == ["system": "Linux", "release": "6.1", "version": "#1 SMP", "machine": "x86_64"])
        #expect(runtime["python"] == ["version": "3.11.7", "implementation": "CPython"])
        #expect(runtime["env_vars"] == ["PATH": "/usr/bin"])
        #expect(runtime["container"] == ["type": "docker"])
        #expect(runtime["cpu"] == ["count": 2, "model": "AMD EPYC", "architecture": "x86_64"])
        #expect(runtime["memory"] == ["total_mb": 24105, "available_mb": 22934])
        #expect(runtime["gpu"] == [["name": "A100", "memory_mb": 40960, "compute_cap": "8.0"]])
        #expect(runtime["cuda"] == ["driver_version": "535.1", "cuda_version": "12.2"])
        #expect(metadata["git"] == ["commit": "ab70cd42", "branch": "main", "remote_url": nil, "clean": true])
        #expect(Set(metadata.objectValue?.keys ?? [:].keys) == ["packages", "runtime", "git"])
    }

    @Test func optionalSectionsAreOmitted() {
        var environment = sampleEnvironment(python: false)
        environment.git = nil
        environment.host.container = nil
        environment.host.gpus = []
        environment.host.cudaVersion = nil
        let metadata = environment.metadata(command: ["sh"], start: Date(), end: Date())
        #expect(metadata["git"] == nil)
        #expect(metadata["packages"]?["pip"] == [:])
        for key in ["python", "container", "gpu", "cuda"] {
            #expect(metadata["runtime"]?[key] == nil, "\(key)")
        }
    }

    @Test func isoformatMatchesPython() {
        #expect(JobEnvironment.isoformat(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00+00:00")
        #expect(JobEnvironment.isoformat(Date(timeIntervalSince1970: 1_795_789_893.5)) == "2026-11-27T14:31:33.500000+00:00")
    }

    @Test func capturesARealJob() throws {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let environment = ["PATH": "/usr/bin:/bin", "HOME": "/root", "SECRET_TOKEN": "x"]
        var executables = ["/bin/sh"]
        var opened = ["/lib/x86_64-linux-gnu/libc.so.6", "/etc/ld.so.cache"]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            executables.append("/usr/bin/python3")
            opened.append("/usr/lib/python3/dist-packages/yaml/__init__.py")
        }
        let job = JobEnvironment.capture(
            workingDirectory: workingDirectory, environment: environment, openedFiles: opened, executables: executables)
        #expect(job.variables.map(\.name) == ["HOME", "PATH", "SECRET_TOKEN"])
        #expect(job.host.cpu.count >= 1)
        #expect(job.debianPackages.map(\.name) == job.debianPackages.map(\.name).sorted())
        if Subprocess.locate("dpkg-query") != nil, FileManager.default.fileExists(atPath: opened[0]) {
            #expect(job.debianPackages.contains { $0.name == "libc6" })
            if FileProbe.realPath("/bin/sh")?.hasSuffix("/dash") == true {
                #expect(job.debianPackages.contains { $0.name == "dash" })
            }
        }
        #expect((job.python != nil) == executables.contains("/usr/bin/python3"))
        let decoded = try JSONDecoder().decode(JobEnvironment.self, from: JSONEncoder().encode(job))
        #expect(decoded == job)
        #expect(JobEnvironment.isSharedLibrary("/lib/x86_64-linux-gnu/libc.so.6"))
        #expect(JobEnvironment.isSharedLibrary("/x/_ext.cpython-311-x86_64-linux-gnu.so"))
        #expect(!JobEnvironment.isSharedLibrary("/etc/ld.so.cache"))
    }
}
