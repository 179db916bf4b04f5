import ArtifactStorage
import Foundation
import LineageModel
import RoarEnvironment

/// `roar put FILE|DIR… DEST`: hashes the files, uploads each to DEST/<name> (a directory's files
/// to DEST/<relative path>), then records a `put` job whose inputs are the files and remembers
/// every upload as its artifact's source, and each directory's composite digest as DEST's.
/// Nothing is recorded unless every upload succeeded.
public struct ArtifactPut {
    /// One file uploaded.
    public struct Upload: Sendable {
        public var file: LocalFile
        public var location: StorageLocation
    }

    /// The recorded job and what it uploaded, in argument order.
    public struct Outcome: Sendable {
        public var job: LocalJob
        public var destination: StorageLocation
        public var uploads: [Upload]
        /// One per directory put.
        public var composites: [Composite]
    }

    /// A directory uploaded as one artifact.
    public struct Composite: Sendable {
        /// The local directory.
        public var root: String
        public var digest: CompositeDigest
        /// DEST, as a directory URL: where `roar get` finds it again.
        public var location: StorageLocation
    }

    let project: RoarProject
    let configuration: RoarConfiguration
    let store: LocalStore

    public init(project: RoarProject, configuration: RoarConfiguration, store: LocalStore) {
        self.project = project
        self.configuration = configuration
        self.store = store
    }

    /// `argv` is the command line as typed (it becomes the job's command). `files` may name
    /// directories: their files keep their layout under DEST and each is recorded as a composite.
    public func run(
        files: [String], destination: String, argv: [String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> Outcome {
        let started = Date()
        let target = try StorageLocation(destination)
        guard !files.isEmpty else { throw RoarError.usage("give at least one file to put") }
        if case .web = target.kind { throw RoarError.usage("\(target): https:// URLs are read-only; put to file://, s3:// or gs://") }
        let sources = try PutSources.resolve(files, target: target, workingDirectory: workingDirectory)
        let unique = sources.items.map(\.path)
        let stamps = Dictionary(uniqueKeysWithValues: unique.compactMap { path in FileStamp(path: path).map { (path, $0) } })
        let hashed = try FileHasher(store: store).hash(unique)
        var uploads: [Upload] = []
        try await configuration.withStorage { storage in
            let backend = try storage.backend(for: target)
            for item in sources.items {
                let path = item.path
                guard let hash = hashed[path] else { throw RoarError.failed("\(path): could not be read") }
                let location = target.appending(item.remoteName)
                try await TransferProgress().around("uploading \(project.relative(path)) to \(location)", bytes: hash.size) {
                    try await backend.upload(file: path, to: location)
                }
                // The digest must describe the bytes that were sent.
                guard FileStamp(path: path) == stamps[path] else {
                    throw RoarError.failed("\(project.relative(path)) changed while it was uploaded; nothing recorded, put it again")
                }
                uploads.append(Upload(file: LocalFile(path: path, digest: hash.digest, size: hash.size), location: location))
            }
        }
        let byPath = Dictionary(uploads.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
        let composites = sources.directories.map { directory in
            let leaves = directory.items.compactMap { item in
                byPath[item.path].map { CompositeDigest.Leaf(relativePath: item.remoteName, digest: $0.file.digest, size: $0.file.size) }
            }
            return Composite(root: directory.root, digest: CompositeDigest(leaves: leaves), location: target.asDirectory)
        }
        var recorded: [(digest: String, source: ArtifactSource)] = uploads.map {
            ($0.file.digest, ArtifactSource(sourceType: $0.location.sourceType, sourceURL: $0.location.description))
        }
        // DEST holds exactly the directory only when it was the one thing put.
        if files.count == 1, let composite = composites.first {
            recorded.append(
                (composite.digest.digest, ArtifactSource(sourceType: composite.location.sourceType, sourceURL: composite.location.description)))
        }
        let job = try store.record(
            makeJob(uploads, composites: composites, destination: target, argv: argv, started: started, workingDirectory: workingDirectory),
            sources: recorded)
        return Outcome(job: job, destination: target, uploads: uploads, composites: composites)
    }

    func makeJob(
        _ uploads: [Upload], composites: [Composite], destination: StorageLocation, argv: [String], started: Date, workingDirectory: String
    ) -> LocalJob {
        let git = GitState.capture(at: workingDirectory)
        var artifacts: [String: JSONValue] = [:]
        for upload in uploads { artifacts[upload.file.digest] = .string(upload.location.description) }
        var put: [String: JSONValue] = [
            "destination": .string(destination.description),
            "destination_type": .string(destination.scheme),
            "artifacts": .object(artifacts),
            "timestamp": .double(started.timeIntervalSince1970),
        ]
        if !composites.isEmpty {
            put["composites"] = .array(
                composites.map {
                    [
                        "root_path": .string($0.root), "hash": .string($0.digest.digest), "algorithm": .string(CompositeDigest.algorithm),
                        "url": .string($0.location.description), "component_count": .int(Int64($0.digest.leaves.count)),
                        "size": .int($0.digest.size),
                    ]
                })
        }
        let metadata: JSONValue = ["put": .object(put)]
        return LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "put", command: ShellQuoting.join(argv), argv: argv, cwd: workingDirectory,
            startedAt: started, durationSeconds: Date().timeIntervalSince(started), exitCode: 0, signal: nil, gitRepo: git?.repo,
            gitCommit: git?.commit, gitBranch: git?.branch, gitClean: git?.clean, metadata: CanonicalJSON.string(metadata),
            inputs: uploads.map(\.file), outputs: [], executables: [], processes: [], environment: nil, notes: [])
    }

    static func absolute(_ path: String, in directory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }
}
