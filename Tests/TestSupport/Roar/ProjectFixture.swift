import Foundation
import Glibc
import RoarKit

/// A roar project in a fresh directory under /tmp (deliberately: roar-cli loses projects
/// there), with its store, removed at deinit.
public final class ProjectFixture: Sendable {
    /// The project's directory (its real path).
    public let root: String
    /// The project.
    public let project: RoarProject
    /// Its local store.
    public let store: LocalStore

    /// A project saved with `configuration`.
    public init(configuration: RoarConfiguration = .default) throws {
        var template = Array("/tmp/roar-kit-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template), let real = realpath(made, nil) else { throw TestFailure("cannot make a project directory under /tmp") }
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

    /// The absolute path of `relative` in the project.
    public func path(_ relative: String) -> String { root + "/" + relative }

    /// Writes `text` to `relative`.
    public func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    /// The text of `relative`, nil when it does not exist.
    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Records `argv` as a job run from the project root.
    public func run(_ argv: [String], jobType: String = "run") async throws -> JobRecorder.Outcome {
        let configuration = try RoarConfiguration.load(project)
        return try await JobRecorder(project: project, configuration: configuration, store: store).run(argv, jobType: jobType, workingDirectory: root)
    }
}

extension LocalJob {
    /// The recorded input at `path`.
    public func input(_ path: String) -> LocalFile? { inputs.first { $0.path == path } }
    /// The recorded output at `path`.
    public func output(_ path: String) -> LocalFile? { outputs.first { $0.path == path } }
}
