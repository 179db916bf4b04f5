import ArtifactStorage
import Foundation
import LineageModel
import RoarEnvironment

/// `roar put FILE… DEST`: hashes the files, uploads each to DEST/<name>, then records a `put`
/// job whose inputs are the files and remembers every upload as its artifact's source. Nothing
/// is recorded unless every upload succeeded.
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
    }

    let project: RoarProject
    let configuration: RoarConfiguration
    let store: LocalStore

    public init(project: RoarProject, configuration: RoarConfiguration, store: LocalStore) {
        self.project = project
        self.configuration = configuration
        self.store = store
    }

    /// `argv` is the command line as typed (it becomes the job's command).
    public func run(
        files: [String], destination: String, argv: [String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> Outcome {
        let started = Date()
        let target = try StorageLocation(destination)
        guard !files.isEmpty else { throw RoarError.usage("give at least one file to put") }
        let paths = files.map { Self.absolute($0, in: workingDirectory) }
        var names: [String: String] = [:]
        for (text, path) in zip(files, paths) {
            guard FileStamp(path: path) != nil else {
                throw RoarError.usage(FileManager.default.fileExists(atPath: path) ? "\(text): not a regular file" : "\(text): no such file")
            }
            let name = (path as NSString).lastPathComponent
            if let other = names[name], other != path {
                throw RoarError.usage("\(text) and \(other) would both be stored as \(target.appending(name))")
            }
            names[name] = path
        }
        var seen: Set<String> = []
        let unique = paths.filter { seen.insert($0).inserted }
        let stamps = Dictionary(uniqueKeysWithValues: unique.compactMap { path in FileStamp(path: path).map { (path, $0) } })
        let hashed = try FileHasher(store: store).hash(unique)
        var uploads: [Upload] = []
        try await configuration.withStorage { storage in
            let backend = try storage.backend(for: target)
            for path in unique {
                guard let hash = hashed[path] else { throw RoarError.failed("\(path): could not be read") }
                let location = target.appending((path as NSString).lastPathComponent)
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
        let job = try store.record(
            makeJob(uploads, destination: target, argv: argv, started: started, workingDirectory: workingDirectory),
            sources: uploads.map { ($0.file.digest, ArtifactSource(sourceType: $0.location.sourceType, sourceURL: $0.location.description)) })
        return Outcome(job: job, destination: target, uploads: uploads)
    }

    func makeJob(_ uploads: [Upload], destination: StorageLocation, argv: [String], started: Date, workingDirectory: String) -> LocalJob {
        let git = GitState.capture(at: workingDirectory)
        var artifacts: [String: JSONValue] = [:]
        for upload in uploads { artifacts[upload.file.digest] = .string(upload.location.description) }
        let metadata: JSONValue = [
            "put": [
                "destination": .string(destination.description),
                "destination_type": .string(destination.scheme),
                "artifacts": .object(artifacts),
                "timestamp": .double(started.timeIntervalSince1970),
            ]
        ]
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
