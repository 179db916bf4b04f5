import Foundation
import LineageModel
import LineageStore

/// Small deterministic lineages for store tests, their artifacts named by `TestDigest.label`.
public enum Sample {
    /// The artifact `label` (BLAKE3 digest, and a SHA-256 one when `sha256`).
    public static func artifact(_ label: String, size: Int64 = 10, sha256: Bool = false) throws -> Artifact {
        var digests = [try Digest(algorithm: "blake3", hex: TestDigest.label(label))]
        if sha256 { digests.append(try Digest(algorithm: "sha256", hex: TestDigest.label("sha:" + label))) }
        return try Artifact(digests: digests, size: size)
    }

    /// prepare → data, features ← data, train: model ← features, evaluate: metrics ← features + model.
    public static func pipeline(tag: String = "", creator: String = "anonymous") -> Lineage {
        func ref(_ name: String) -> ArtifactRef { ArtifactRef(hash: TestDigest.label(name + tag), path: "/home/alice/demo/\(name)") }
        let jobs = [
            Job(jobUID: "job1" + tag, command: "python prepare.py", stepNumber: 1, metadata: #"{"lr": 0.1}"#, outputs: [ref("data.csv")]),
            Job(jobUID: "job2" + tag, command: "python features.py", stepNumber: 2, inputs: [ref("data.csv")], outputs: [ref("features.json")]),
            Job(jobUID: "job3" + tag, command: "python train.py", stepNumber: 3, inputs: [ref("features.json")], outputs: [ref("model.pt")]),
            Job(
                jobUID: "job4" + tag, command: "python evaluate.py", stepNumber: 4, inputs: [ref("features.json"), ref("model.pt")],
                outputs: [ref("metrics.json")]),
        ]
        return Lineage(git: GitContext(repo: "https://example.com/demo.git", commit: "abc123", branch: "main"), creatorIdentity: creator, jobs: jobs)
    }

    /// The four artifacts of `pipeline(tag:)`, each with two digests.
    public static func artifacts(tag: String = "") throws -> [Artifact] {
        try ["data.csv", "features.json", "model.pt", "metrics.json"].map { try artifact($0 + tag, sha256: true) }
    }

    /// An open registration session of an hour.
    public static func session(creator: String = "anonymous", owner: String? = nil, mode: RegistrationSession.Mode = .anonymousPublic)
        -> RegistrationSession
    {
        RegistrationSession(
            id: UUID().uuidString.lowercased(), mode: mode, tokenHash: nil, ownerUserID: owner, creatorIdentity: creator,
            clientSessionID: nil, status: .open, createdAt: Date(), expiresAt: Date().addingTimeInterval(3600))
    }
}
