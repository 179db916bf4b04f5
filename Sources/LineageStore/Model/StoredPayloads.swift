import Foundation
import LineageModel

/// JSON forms of staged records, for stores that keep a staging row as one JSON column.
package struct StoredArtifact: Codable {
    package var digests: [Digest]
    package var size: Int64
    /// Absent in rows staged before it existed: stated.
    package var sizeStated: Bool?
    package var kind: Artifact.Kind
    package var sourceType: String?
    package var sourceURL: String?
    package var metadata: String?

    package init(_ artifact: Artifact) {
        digests = artifact.digests
        size = artifact.size
        sizeStated = artifact.sizeStated ? nil : false
        kind = artifact.kind
        sourceType = artifact.sourceType
        sourceURL = artifact.sourceURL
        metadata = artifact.metadata
    }

    package func artifact() throws -> Artifact {
        try Artifact(
            digests: digests, size: size, sizeStated: sizeStated ?? true, kind: kind, sourceType: sourceType, sourceURL: sourceURL, metadata: metadata
        )
    }
}

package struct StoredJob: Codable {
    package var jobUID: String
    package var command: String?
    package var timestamp: Double?
    package var gitCommit: String?
    package var gitBranch: String?
    package var durationSeconds: Double?
    package var exitCode: Int?
    package var jobType: String
    package var stepNumber: Int
    package var parentJobUID: String?
    package var metadata: String?

    package init(_ job: Job) {
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

    package func job(inputs: [ArtifactRef] = [], outputs: [ArtifactRef] = []) -> Job {
        Job(
            jobUID: jobUID, command: command, timestamp: timestamp, gitCommit: gitCommit, gitBranch: gitBranch,
            durationSeconds: durationSeconds, exitCode: exitCode, jobType: jobType, stepNumber: stepNumber,
            parentJobUID: parentJobUID, metadata: metadata, inputs: inputs, outputs: outputs
        )
    }
}

package struct StoredComposite: Codable {
    package var artifact: StoredArtifact
    package var componentCountTotal: Int
    package var components: [Composite.Component]
    package var membershipIndex: String?

    package init(_ composite: Composite) {
        artifact = StoredArtifact(composite.artifact)
        componentCountTotal = composite.componentCountTotal
        components = composite.components
        membershipIndex = composite.membershipIndex
    }

    package func composite() throws -> Composite {
        Composite(
            artifact: try artifact.artifact(), componentCountTotal: componentCountTotal, components: components, membershipIndex: membershipIndex)
    }
}

/// Compact JSON helpers for JSON columns.
package enum StoredJSON {
    package static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    package static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    package static func encodeByteRanges(_ ranges: [[Int64]]?) -> String? {
        guard let ranges else { return nil }
        return "[" + ranges.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    package static func decodeByteRanges(_ text: String?) -> [[Int64]]? {
        guard let text, let value = try? JSONParser.parse(text), let outer = value.arrayValue else { return nil }
        return outer.map { ($0.arrayValue ?? []).compactMap(\.int64Value) }
    }

    /// A label document or tombstone set as canonical JSON text.
    package static func encodeDocument(_ document: LabelDocument) -> String { CanonicalJSON.string(document.json) }

    package static func decodeDocument(_ text: String) -> LabelDocument {
        LabelDocument((try? JSONParser.parse(text))?.objectValue ?? [:])
    }

    package static func encodeKeys(_ keys: Set<String>) -> String {
        CanonicalJSON.string(.array(keys.sorted().map(JSONValue.string)))
    }

    package static func decodeKeys(_ text: String) -> Set<String> {
        Set(((try? JSONParser.parse(text))?.arrayValue ?? []).compactMap(\.stringValue))
    }
}

extension Artifact {
    /// An artifact from a store's columns: its canonical digest (`algorithm`, `hash`) first, then
    /// its other digests (`digests`: `algorithm:hex` pairs separated by spaces, as both stores
    /// aggregate them, in no particular order: they are sorted by algorithm and hex, so that both
    /// stores list them alike).
    package static func stored(
        hash: String, algorithm: String, size: Int64?, kind: String, digests: String?, sourceType: String?, sourceURL: String?, metadata: String?
    ) throws -> Artifact {
        let canonical = try Digest(algorithm: algorithm, hex: hash)
        var others = try StoredDigests.decode(digests).filter { $0 != canonical }
        others.sort { ($0.algorithm, $0.hex) < ($1.algorithm, $1.hex) }
        return try Artifact(
            digests: [canonical] + others, size: size ?? 0, sizeStated: size != nil, kind: Artifact.Kind(rawValue: kind) ?? .file,
            sourceType: sourceType, sourceURL: sourceURL,
            metadata: metadata)
    }
}

/// Digests as a store's aggregate spells them: `algorithm:hex` pairs separated by spaces.
package enum StoredDigests {
    package static func decode(_ text: String?) throws -> [Digest] {
        var digests: [Digest] = []
        for pair in (text ?? "").split(separator: " ") {
            guard let colon = pair.firstIndex(of: ":") else { continue }
            digests.append(try Digest(algorithm: String(pair[..<colon]), hex: String(pair[pair.index(after: colon)...])))
        }
        return digests
    }
}
