import ArtifactStorage
import BLAKE3Hashing
import Foundation
import LineageModel
import RoarEnvironment

extension ArtifactGet {
    /// What a directory get wrote.
    public struct DirectoryOutcome: Sendable {
        public var job: LocalJob
        /// DEST.
        public var directory: String
        /// Each file written, with the object it came from, in path order.
        public var files: [(file: LocalFile, source: StorageLocation)]
        /// The prefix, as a directory URL.
        public var source: StorageLocation
        public var composite: CompositeDigest
        /// The composite digest it was checked against, if one was known.
        public var expected: String?
        /// How many files matched a digest recorded for their URL.
        public var verifiedFiles: Int
    }

    /// `roar get URL/prefix/ DIR`: every object under the prefix, into DIR keeping relative
    /// paths. Everything is downloaded into a staging directory beside DIR and checked (each
    /// file against the digest recorded for its URL, the whole against `--expect` or the
    /// composite digest recorded for the prefix) before anything is moved into DIR; a key that
    /// could leave DIR (`..`, an absolute path) refuses the whole download.
    public func runDirectory(
        prefix: StorageLocation, destination: String, expect: String?, argv: [String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> DirectoryOutcome {
        let started = Date()
        let source = prefix.asDirectory
        let expected = try expect.map(Self.normalized) ?? store.digest(forSourceURL: source.description)
        let target = ArtifactPut.absolute(destination, in: workingDirectory)
        let parent = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RoarError.usage("\(parent): no such directory")
        }
        let existed = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue { throw RoarError.usage("\(destination) is a file; a directory get needs a directory") }
        let staging = parent + "/.\((target as NSString).lastPathComponent).roar-get-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var files: [(file: LocalFile, source: StorageLocation, relative: String)] = []
        var verified = 0
        try await configuration.withStorage { storage in
            let backend = try storage.backend(for: source)
            let listing = try await backend.list(source).filter { !$0.relativeKey.hasSuffix("/") }
            guard !listing.isEmpty else { throw RoarError.failed("\(source): no objects under this prefix") }
            for object in listing where object.safeRelativePath == nil {
                throw RoarError.failed(
                    "\(source) lists the object \"\(object.relativeKey)\", which would land outside \(destination); nothing written")
            }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            for object in listing.sorted(by: { $0.relativeKey < $1.relativeKey }) {
                let relative = object.relativeKey
                let path = staging + "/" + relative
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let size = try await TransferProgress().around("downloading \(object.location)", bytes: object.size) {
                    try await backend.download(object.location, to: path)
                }
                let digest = try BLAKE3.hashFile(at: path).hex
                if let recorded = try store.digest(forSourceURL: object.location.description) {
                    guard digest == recorded else {
                        throw RoarError.failed(
                            "\(object.location) has blake3 \(digest), expected \(recorded) (recorded for this URL); nothing written")
                    }
                    verified += 1
                }
                files.append((LocalFile(path: target + "/" + relative, digest: digest, size: size), object.location, relative))
            }
        }
        let composite = CompositeDigest(
            leaves: files.map { CompositeDigest.Leaf(relativePath: $0.relative, digest: $0.file.digest, size: $0.file.size) })
        if let expected, !composite.digest.hasPrefix(expected) {
            throw RoarError.failed(
                "\(source) has composite-blake3 \(composite.digest), expected \(expected)\(expect == nil ? " (recorded for this URL)" : ""); nothing written"
            )
        }
        try Self.place(staging: staging, relatives: files.map(\.relative), into: target, existed: existed)
        var sources: [(digest: String, source: ArtifactSource)] = files.map {
            ($0.file.digest, ArtifactSource(sourceType: $0.source.sourceType, sourceURL: $0.source.description))
        }
        sources.append((composite.digest, ArtifactSource(sourceType: source.sourceType, sourceURL: source.description)))
        let job = try store.record(
            makeDirectoryJob(
                files.map(\.file), composite: composite, source: source, target: target, argv: argv, started: started,
                workingDirectory: workingDirectory),
            sources: sources)
        return DirectoryOutcome(
            job: job, directory: target, files: files.map { ($0.file, $0.source) }, source: source, composite: composite, expected: expected,
            verifiedFiles: verified)
    }

    /// Moves the checked files into `target`: the staging directory itself when `target` did not
    /// exist, else file by file, never through a symbolic link that could lead elsewhere.
    static func place(staging: String, relatives: [String], into target: String, existed: Bool) throws {
        let manager = FileManager.default
        if !existed {
            guard rename(staging, target) == 0 else { throw RoarError.failed("cannot create \(target): \(String(cString: strerror(errno)))") }
            return
        }
        for relative in relatives {
            var directory = target
            for component in relative.split(separator: "/").dropLast() {
                directory += "/" + component
                if let type = (try? manager.attributesOfItem(atPath: directory))?[.type] as? FileAttributeType {
                    guard type == .typeDirectory else { throw RoarError.failed("\(directory) is not a directory; \(relative) not written") }
                } else {
                    try manager.createDirectory(atPath: directory, withIntermediateDirectories: false)
                }
            }
            let destination = target + "/" + relative
            if (try? manager.attributesOfItem(atPath: destination))?[.type] as? FileAttributeType == .typeSymbolicLink {
                unlink(destination)
            }
            guard rename(staging + "/" + relative, destination) == 0 else {
                throw RoarError.failed("cannot write \(destination): \(String(cString: strerror(errno)))")
            }
        }
    }

    func makeDirectoryJob(
        _ files: [LocalFile], composite: CompositeDigest, source: StorageLocation, target: String, argv: [String], started: Date,
        workingDirectory: String
    ) -> LocalJob {
        let git = GitState.capture(at: workingDirectory)
        let metadata: JSONValue = [
            "get": [
                "source_url": .string(source.description),
                "source_type": source.sourceType.map(JSONValue.string) ?? .null,
                "destination": .string(target),
                "composite": [
                    "hash": .string(composite.digest), "algorithm": .string(CompositeDigest.algorithm),
                    "component_count": .int(Int64(composite.leaves.count)), "size": .int(composite.size),
                ],
                "timestamp": .double(started.timeIntervalSince1970),
            ]
        ]
        return LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "get", command: ShellQuoting.join(argv), argv: argv, cwd: workingDirectory,
            startedAt: started, durationSeconds: Date().timeIntervalSince(started), exitCode: 0, signal: nil, gitRepo: git?.repo,
            gitCommit: git?.commit, gitBranch: git?.branch, gitClean: git?.clean, metadata: CanonicalJSON.string(metadata),
            inputs: [], outputs: files, executables: [], processes: [], environment: nil, notes: [])
    }
}
