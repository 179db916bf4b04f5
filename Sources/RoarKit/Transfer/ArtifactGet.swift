import ArtifactStorage
import BLAKE3Hashing
import Foundation
import LineageModel
import RoarEnvironment

/// `roar get URL DEST`: downloads to a temporary file beside DEST, hashes it, checks the digest
/// against `--expect` or the digest recorded for that URL, and only then renames it into place
/// and records a `get` job whose output is DEST, with the URL as its source.
public struct ArtifactGet {
    /// The recorded job, the file written and where it came from.
    public struct Outcome: Sendable {
        public var job: LocalJob
        public var file: LocalFile
        public var source: StorageLocation
        /// The digest the download was checked against, if there was one.
        public var expected: String?
    }

    let project: RoarProject
    let configuration: RoarConfiguration
    let store: LocalStore

    public init(project: RoarProject, configuration: RoarConfiguration, store: LocalStore) {
        self.project = project
        self.configuration = configuration
        self.store = store
    }

    public func run(
        url: String, destination: String, expect: String?, argv: [String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> Outcome {
        let started = Date()
        let source = try StorageLocation(url)
        let expected = try expect.map(Self.normalized) ?? store.digest(forSourceURL: source.description)
        let target = try Self.targetPath(destination, name: source.name, in: workingDirectory)
        let temporary =
            (target as NSString).deletingLastPathComponent
            + "/.\((target as NSString).lastPathComponent).roar-get-\(UInt32.random(in: 0...UInt32.max))"
        let file: LocalFile
        do {
            let size = try await configuration.withStorage { storage in
                let backend = try storage.backend(for: source)
                guard let object = try await backend.stat(source) else { throw RoarError.failed("\(source): no such object") }
                return try await TransferProgress().around("downloading \(source)", bytes: object.size) {
                    try await backend.download(source, to: temporary)
                }
            }
            let digest = try HashProgress().around(files: 1, bytes: size) { try BLAKE3.hashFile(at: temporary).hex }
            if let expected, !digest.hasPrefix(expected) {
                throw RoarError.failed(
                    "\(source) has blake3 \(digest), expected \(expected)\(expect == nil ? " (recorded for this URL)" : ""); \(project.relative(target)) left untouched"
                )
            }
            guard rename(temporary, target) == 0 else { throw RoarError.failed("cannot write \(target): \(String(cString: strerror(errno)))") }
            file = LocalFile(path: target, digest: digest, size: size)
        } catch {
            unlink(temporary)
            throw error
        }
        let job = try store.record(
            makeJob(file, source: source, argv: argv, started: started, workingDirectory: workingDirectory),
            sources: [(file.digest, ArtifactSource(sourceType: source.sourceType, sourceURL: source.description))])
        return Outcome(job: job, file: file, source: source, expected: expected)
    }

    func makeJob(_ file: LocalFile, source: StorageLocation, argv: [String], started: Date, workingDirectory: String) -> LocalJob {
        let git = GitState.capture(at: workingDirectory)
        let metadata: JSONValue = [
            "get": [
                "source_url": .string(source.description),
                "source_type": source.sourceType.map(JSONValue.string) ?? .null,
                "destination": .string(file.path),
                "timestamp": .double(started.timeIntervalSince1970),
            ]
        ]
        return LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "get", command: ShellQuoting.join(argv), argv: argv, cwd: workingDirectory,
            startedAt: started, durationSeconds: Date().timeIntervalSince(started), exitCode: 0, signal: nil, gitRepo: git?.repo,
            gitCommit: git?.commit, gitBranch: git?.branch, gitClean: git?.clean, metadata: CanonicalJSON.string(metadata),
            inputs: [], outputs: [file], executables: [], processes: [], environment: nil, notes: [])
    }

    /// The prefix `url` names when it is a directory get (ending with `/`, or a file:// directory);
    /// nil for one object.
    public static func directoryPrefix(_ url: String) throws -> StorageLocation? {
        let location = try StorageLocation(url)
        if location.isDirectory { return location }
        var isDirectory: ObjCBool = false
        if case .file(let path) = location.kind, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return location.asDirectory
        }
        return nil
    }

    /// `--expect` as a lower-case hex prefix of at least 8 characters (`blake3:` allowed in front).
    static func normalized(_ text: String) throws -> String {
        let hex = (text.lowercased().hasPrefix("blake3:") ? String(text.dropFirst(7)) : text).lowercased()
        guard (8...64).contains(hex.count), hex.allSatisfy(\.isHexDigit) else {
            throw RoarError.usage("--expect takes a BLAKE3 digest (8 to 64 hex characters), not \(text)")
        }
        return hex
    }

    /// DEST itself, or DEST/<name> when DEST is a directory (or ends with /).
    static func targetPath(_ destination: String, name: String, in directory: String) throws -> String {
        var path = ArtifactPut.absolute(destination, in: directory)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if (exists && isDirectory.boolValue) || destination.hasSuffix("/") {
            guard !name.isEmpty else { throw RoarError.usage("the URL names no file; give DEST as a file path") }
            path += "/" + name
        }
        let parent = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RoarError.usage("\(parent): no such directory")
        }
        return path
    }
}
