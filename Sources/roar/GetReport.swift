import Foundation
import LineageModel
import RoarKit

/// What `roar get` prints, for one file or a whole prefix.
enum GetReport {
    static func text(_ outcome: ArtifactGet.Outcome, project: RoarProject) -> String {
        let row = [project.relative(outcome.file.path), Output.short(outcome.file.digest), Output.size(outcome.file.size), "← \(outcome.source)"]
        let check = outcome.expected == nil ? "no digest known to check against" : "digest verified"
        return Output.table([row]) + "\n\(check), recorded as @\(outcome.job.stepNumber) (get \(outcome.job.uid))"
    }

    static func json(_ outcome: ArtifactGet.Outcome) -> JSONValue {
        [
            "job": ["uid": .string(outcome.job.uid), "step": .int(Int64(outcome.job.stepNumber))],
            "url": .string(outcome.source.description), "path": .string(outcome.file.path),
            "digest": .string(outcome.file.digest), "size": .int(outcome.file.size),
            "verified_against": outcome.expected.map(JSONValue.string) ?? .null,
        ]
    }

    static func text(_ outcome: ArtifactGet.DirectoryOutcome, project: RoarProject) -> String {
        let rows = outcome.files.map { [project.relative($0.file.path), Output.short($0.file.digest), Output.size($0.file.size), "← \($0.source)"] }
        let bytes = outcome.files.reduce(Int64(0)) { $0 + $1.file.size }
        let check =
            outcome.expected == nil
            ? "composite \(Output.short(outcome.composite.digest)) (no composite digest known to check against)"
            : "composite \(Output.short(outcome.composite.digest)) verified"
        return Output.table(rows)
            + "\n\(outcome.files.count) files (\(Output.size(bytes))) into \(project.relative(outcome.directory))/, \(outcome.verifiedFiles) checked against recorded digests; \(check); recorded as @\(outcome.job.stepNumber) (get \(outcome.job.uid))"
    }

    static func json(_ outcome: ArtifactGet.DirectoryOutcome) -> JSONValue {
        [
            "job": ["uid": .string(outcome.job.uid), "step": .int(Int64(outcome.job.stepNumber))],
            "url": .string(outcome.source.description), "path": .string(outcome.directory),
            "composite": [
                "digest": .string(outcome.composite.digest), "algorithm": .string(CompositeDigest.algorithm), "size": .int(outcome.composite.size),
            ],
            "files": .array(
                outcome.files.map {
                    [
                        "path": .string($0.file.path), "digest": .string($0.file.digest), "size": .int($0.file.size),
                        "url": .string($0.source.description),
                    ]
                }),
            "verified_files": .int(Int64(outcome.verifiedFiles)),
            "verified_against": outcome.expected.map(JSONValue.string) ?? .null,
        ]
    }
}
