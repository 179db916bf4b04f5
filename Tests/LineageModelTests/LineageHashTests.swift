import Foundation
import Testing

@testable import LineageModel

/// Vectors from `scripts/make-hash-vectors.py`: the canonical payload and hash that roar-cli
/// 0.4.7's own `roar.core.canonical_session` computed, for recorded and synthetic lineages.
struct LineageHashTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let lineage: Lineage
        let canonical: String
        let hash: String
        var testDescription: String { name }
    }

    static func loadVectors() throws -> [Vector] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/lineage-hash-vectors.json")
        let document = try JSONParser.parse(try Data(contentsOf: url))
        return try document.arrayValue!.map { entry in
            let lineage = entry["lineage"]!
            let git = lineage["git"]!
            let jobs = lineage["jobs"]!.arrayValue!.map { job in
                Job(
                    jobUID: job["job_uid"]!.stringValue!,
                    command: job["command"]?.stringValue,
                    jobType: job["job_type"]?.stringValue,
                    stepNumber: Int(job["step_number"]!.int64Value!),
                    parentJobUID: job["parent_job_uid"]?.stringValue,
                    metadata: job["metadata"]?.stringValue,
                    inputs: refs(job["inputs"]),
                    outputs: refs(job["outputs"])
                )
            }
            return Vector(
                name: entry["name"]!.stringValue!,
                lineage: Lineage(
                    git: GitContext(repo: git["repo"]?.stringValue, commit: git["commit"]?.stringValue, branch: git["branch"]?.stringValue),
                    creatorIdentity: lineage["creator_identity"]!.stringValue!,
                    jobs: jobs
                ),
                canonical: try #require(entry["canonical"]?.stringValue),
                hash: try #require(entry["hash"]?.stringValue)
            )
        }
    }

    static func refs(_ value: JSONValue?) -> [ArtifactRef] {
        (value?.arrayValue ?? []).map { ArtifactRef(hash: $0["hash"]!.stringValue!, path: $0["path"]?.stringValue) }
    }

    @Test(arguments: try loadVectors())
    func canonicalPayloadAndHashMatchTheClient(vector: Vector) {
        #expect(CanonicalJSON.string(LineageHasher.payload(of: vector.lineage)) == vector.canonical)
        #expect(vector.lineage.canonicalHash == vector.hash)
    }

    @Test func hashIgnoresJobOrderAndDuplicatePathEdges() throws {
        let vector = try #require(try Self.loadVectors().first)
        var shuffled = vector.lineage
        shuffled.jobs.reverse()
        shuffled.jobs[0].outputs += shuffled.jobs[0].outputs.map { ArtifactRef(hash: $0.hash, path: "~zz-later-name") }
        #expect(shuffled.canonicalHash == vector.hash)
    }

    @Test func hashDependsOnCreatorAndContent() throws {
        let vector = try #require(try Self.loadVectors().first)
        var other = vector.lineage
        other.creatorIdentity = "glaas:user:someone"
        #expect(other.canonicalHash != vector.hash)
        other = vector.lineage
        other.jobs[0].command = (other.jobs[0].command ?? "") + " --seed 2"
        #expect(other.canonicalHash != vector.hash)
    }
}
