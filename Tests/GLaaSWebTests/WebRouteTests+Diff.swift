import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@testable import GLaaSWeb

/// The diff page against the JSON API's diff of the same two lineages: two runs of a training
/// pipeline that differ in `--lr`, an input digest, the commit and a package; every change the
/// API's `LineageDiff` reports is on the page.
extension WebRouteTests {
    /// fetch (same on both sides) → prepare (reads raw.csv) → train (`--lr`); run B reads
    /// another raw.csv, trains with another rate on another commit, and evaluates too.
    static func run(_ tag: String, lr: String, raw: String, torch: String, commit: String, evaluate: Bool) -> Lineage {
        let metadata = WebFixtures.metadata.replacingOccurrences(of: "LEARNING_RATE", with: lr).replacingOccurrences(of: "2.3.1", with: torch)
            .replacingOccurrences(of: "NUMPY_VERSION", with: "2.0")
        func ref(_ name: String, _ label: String) -> ArtifactRef { ArtifactRef(hash: TestDigest.label(label), path: "/work/\(name)", size: 10) }
        var jobs = [
            Job(
                jobUID: "fetch001", command: "python fetch.py --source s3://raw", exitCode: 0, stepNumber: 1, inputs: [],
                outputs: [ref("labels.csv", "labels")]),
            Job(
                jobUID: "prep-" + tag, command: "python prepare.py raw.csv", exitCode: 0, stepNumber: 2, metadata: metadata,
                inputs: [ref("raw.csv", raw), ref("labels.csv", "labels")], outputs: [ref("data.csv", "data-" + tag)]),
            Job(
                jobUID: "train-" + tag, command: "python train.py --lr \(lr) --epochs 3 data.csv", gitCommit: commit, exitCode: 0, stepNumber: 3,
                metadata: metadata, inputs: [ref("data.csv", "data-" + tag)], outputs: [ref("model.bin", "model-" + tag)]),
        ]
        if evaluate {
            jobs.append(
                Job(
                    jobUID: "eval-" + tag, command: "python evaluate.py model.bin", exitCode: 0, stepNumber: 4,
                    inputs: [ref("model.bin", "model-" + tag)], outputs: [ref("metrics.json", "metrics-" + tag)]))
        }
        return Lineage(
            git: GitContext(repo: "https://git.example.com/demo.git", commit: commit, branch: "main"), creatorIdentity: "anonymous", jobs: jobs)
    }

    @Test(arguments: StoreKind.available)
    func theDiffPageShowsWhatTheAPIsLineageDiffReports(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        func publish(_ lineage: Lineage) async throws -> String {
            try await server.store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil), closing: nil).receipt
                .lineageHash
        }
        let a = try await publish(Self.run("a", lr: "0.01", raw: "raw-1", torch: "2.3.1", commit: "1111111aaaa", evaluate: false))
        let b = try await publish(Self.run("b", lr: "0.02", raw: "raw-2", torch: "2.4.0", commit: "2222222bbbb", evaluate: true))
        try await server.run { client in
            let page = try await client.get("/web/diff/\(a)/\(b)")
            #expect(page.status == .ok)
            let api = try await client.get("/api/graph/v1/lineages/\(a)/diff/\(b)")
            #expect(api.status == .ok)
            let diff = try JSONParser.parse(api.body)
            let body = page.body
            func shows(_ text: String?, _ what: String) {
                guard let text else { return }
                #expect(body.contains(HTML.escape(text)), "the page shows \(what): \(text)")
            }
            func showsDigest(_ hash: String?, _ what: String) {
                guard let hash else { return }
                #expect(page.links.contains("/web/artifacts/\(hash)"), "the page links \(what) \(hash)")
            }

            let git = try #require(diff["git"]?.arrayValue)
            #expect(git.contains { $0["field"]?.stringValue == "commit" })
            for change in git {
                shows(change["before"]?.stringValue, "git before")
                shows(change["after"]?.stringValue, "git after")
            }
            let changed = try #require(diff["jobs_changed"]?.arrayValue)
            #expect(changed.count == 2, "prepare (input digest) and train (--lr) changed; fetch did not")
            for job in changed {
                #expect(page.links.contains("/web/jobs/\(a)/\(job["before"]?["job_uid"]?.stringValue ?? "?")"))
                #expect(page.links.contains("/web/jobs/\(b)/\(job["after"]?["job_uid"]?.stringValue ?? "?")"))
                for field in job["fields"]?.arrayValue ?? [] {
                    shows(field["before"]?.stringValue, "field before")
                    shows(field["after"]?.stringValue, "field after")
                }
                for (kind, edges) in [("input", job["inputs"]), ("output", job["outputs"])] {
                    for edge in edges?.arrayValue ?? [] {
                        shows("\(kind) \(edge["path"]?.stringValue ?? "?")", "the path")
                        showsDigest(edge["before"]?.stringValue, "the digest before")
                        showsDigest(edge["after"]?.stringValue, "the digest after")
                    }
                }
                for leaf in job["metadata"]?.arrayValue ?? [] {
                    shows(DiffRow.metadataName(leaf["key"]?.stringValue ?? "?"), "the metadata key")
                    for side in ["before", "after"] {
                        shows(leaf[side]?.stringValue.map(DiffRow.jsonText), "the metadata value")
                    }
                }
            }
            let inputs = changed.flatMap { $0["inputs"]?.arrayValue ?? [] }
            #expect(inputs.contains { $0["path"]?.stringValue == "/work/raw.csv" && $0["after"]?.stringValue == TestDigest.label("raw-2") })
            for text in [
                "input /work/raw.csv", "arguments", "--lr 0.01", "--lr 0.02", "package pip:torch", "2.4.0", "variable LR",
                "1 jobs are the same; 3 differ.", "only in B",
            ] {
                #expect(body.contains(text), "the diff shows \(text)")
            }
            for job in try #require(diff["jobs_added"]?.arrayValue) {
                #expect(page.links.contains("/web/jobs/\(b)/\(job["job_uid"]?.stringValue ?? "?")"))
            }
            #expect(diff["jobs_removed"]?.arrayValue?.isEmpty == true)
            #expect(!body.contains("only in A"))
            for side in ["artifacts_added", "artifacts_removed"] {
                let hashes = try #require(diff[side]?.arrayValue)
                #expect(!hashes.isEmpty)
                for hash in hashes { showsDigest(hash.stringValue, side) }
            }
            #expect(page.links.contains("/api/graph/v1/lineages/\(a)/diff/\(b)"))
        }
    }
}
