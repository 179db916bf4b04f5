import Foundation
import LineageModel

/// JSON forms of staged records, for stores that keep a staging row as one JSON column.
struct StoredArtifact: Codable {
    var digests: [Digest]
    var size: Int64
    var kind: Artifact.Kind
    var sourceType: String?
    var sourceURL: String?
    var metadata: String?

    init(_ artifact: Artifact) {
        digests = artifact.digests
        size = artifact.size
        kind = artifact.kind
        sourceType = artifact.sourceType
        sourceURL = artifact.sourceURL
        metadata = artifact.metadata
    }

    func artifact() throws -> Artifact {
        try Artifact(digests: digests, size: size, kind: kind, sourceType: sourceType, sourceURL: sourceURL, metadata: metadata)
    }
}

struct StoredJob: Codable {
    var jobUID: String
    var command: String?
    var timestamp: Double?
    var gitCommit: String?
    var gitBranch: String?
    var durationSeconds: Double?
    var exitCode: Int?
    var jobType: String
    var stepNumber: Int
    var parentJobUID: String?
    var metadata: String?

    init(_ job: Job) {
        jobUID = job.jobUID
        command = job.command
        timestamp = job.timestamp
        gitCommit = job.gitCommit
        gitBranch = job.gitBranch
        durationSeconds = job.durationSeconds
        exitCode = job.exitCode
        jobType = job.jobType
        stepNumber = job.stepNumber
        parentJobUID = job.parentJobUID
        metadata = job.metadata
    }

    func job(inputs: [ArtifactRef] = [], outputs: [ArtifactRef] = []) -> Job {
        Job(
            jobUID: jobUID, command: command, timestamp: timestamp, gitCommit: gitCommit, gitBranch: gitBranch,
            durationSeconds: durationSeconds, exitCode: exitCode, jobType: jobType, stepNumber: stepNumber,
            parentJobUID: parentJobUID, metadata: metadata, inputs: inputs, outputs: outputs
        )
    }
}

struct StoredComposite: Codable {
    var artifact: StoredArtifact
    var componentCountTotal: Int
    var components: [Composite.Component]
    var membershipIndex: String?

    init(_ composite: Composite) {
        artifact = StoredArtifact(composite.artifact)
        componentCountTotal = composite.componentCountTotal
        components = composite.components
        membershipIndex = composite.membershipIndex
    }

    func composite() throws -> Composite {
        Composite(artifact: try artifact.artifact(), componentCountTotal: componentCountTotal, components: components, membershipIndex: membershipIndex)
    }
}

/// Compact JSON helpers for JSON columns.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func encodeByteRanges(_ ranges: [[Int64]]?) -> String? {
        guard let ranges else { return nil }
        return "[" + ranges.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    static func decodeByteRanges(_ text: String?) -> [[Int64]]? {
        guard let text, let value = try? JSONParser.parse(text), let outer = value.arrayValue else { return nil }
        return outer.map { ($0.arrayValue ?? []).compactMap(\.int64Value) }
    }

    /// A label document or tombstone set as canonical JSON text.
    static func encodeDocument(_ document: LabelDocument) -> String { CanonicalJSON.string(document.json) }

    static func decodeDocument(_ text: String) -> LabelDocument {
        LabelDocument((try? JSONParser.parse(text))?.objectValue ?? [:])
    }

    static func encodeKeys(_ keys: Set<String>) -> String {
        CanonicalJSON.string(.array(keys.sorted().map(JSONValue.string)))
    }

    static func decodeKeys(_ text: String) -> Set<String> {
        Set(((try? JSONParser.parse(text))?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
