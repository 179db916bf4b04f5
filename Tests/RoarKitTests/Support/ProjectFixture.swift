import BLAKE3Hashing
import Foundation
import Glibc

@testable import RoarKit

/// A roar project in a fresh directory under /tmp (deliberately: roar-cli loses projects
/// there), with its store, removed at deinit.
final class ProjectFixture: Sendable {
    let root: String
    let project: RoarProject
    let store: LocalStore

    init(configuration: RoarConfiguration = .default) throws {
        var template = Array("/tmp/roar-kit-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template), let real = realpath(made, nil) else { throw POSIXError(.EIO) }
        root = String(cString: real)
        free(real)
        project = RoarProject(root: root)
        try FileManager.default.createDirectory(atPath: project.roarDirectory, withIntermediateDirectories: true)
        try configuration.save(project)
        store = try LocalStore(path: project.storePath)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Records `argv` as a job run from the project root.
    func run(_ argv: [String], jobType: String = "run") async throws -> JobRecorder.Outcome {
        let configuration = try RoarConfiguration.load(project)
        return try await JobRecorder(project: project, configuration: configuration, store: store).run(argv, jobType: jobType, workingDirectory: root)
    }

    /// The BLAKE3 hex digest of `text`: what an input or output holding it must be recorded with.
    static func digest(_ text: String) -> String {
        var hasher = BLAKE3.Hasher()
        hasher.update(Array(text.utf8))
        return hasher.finalize().hex
    }
}

extension LocalJob {
    func input(_ path: String) -> LocalFile? { inputs.first { $0.path == path } }
    func output(_ path: String) -> LocalFile? { outputs.first { $0.path == path } }
}
