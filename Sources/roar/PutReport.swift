import Foundation
import LineageModel
import RoarKit

/// What `roar put` prints: the uploads, the composites, and the registration (or why none).
enum PutReport {
    static func text(_ outcome: ArtifactPut.Outcome, project: RoarProject, registered: Publisher.Outcome?, skipped: String?) -> String {
        var lines = [
            Output.table(
                outcome.uploads.map {
                    [project.relative($0.file.path), Output.short($0.file.digest), Output.size($0.file.size), "→ \($0.location)"]
                })
        ]
        for composite in outcome.composites {
            lines.append(
                "composite \(project.relative(composite.root))/ \(Output.short(composite.digest.digest)) (\(composite.digest.leaves.count) files, \(Output.size(composite.digest.size))) → \(composite.location)"
            )
        }
        let bytes = outcome.uploads.reduce(Int64(0)) { $0 + $1.file.size }
        let count = outcome.uploads.count
        lines.append(
            "uploaded \(count) file\(count == 1 ? "" : "s") (\(Output.size(bytes))), recorded as @\(outcome.job.stepNumber) (put \(outcome.job.uid))")
        if let registered {
            lines.append(
                "\(registered.alreadyRegistered ? "already registered" : "registered") lineage \(registered.lineageHash) (\(registered.visibility)) \(registered.webURL)"
            )
        } else if let skipped {
            lines.append("not registered: \(skipped); recorded locally only")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ outcome: ArtifactPut.Outcome, registered: Publisher.Outcome?, skipped: String?) -> JSONValue {
        var registration: JSONValue = .null
        if let registered {
            registration = [
                "lineage_hash": .string(registered.lineageHash), "url": .string(registered.webURL),
                "already_registered": .bool(registered.alreadyRegistered), "visibility": .string(registered.visibility),
                "jobs": .int(Int64(registered.plan.jobs.count)), "artifacts": .int(Int64(registered.plan.artifacts.count)),
                "authentication": .string(registered.mode.authentication),
            ]
        }
        return [
            "job": ["uid": .string(outcome.job.uid), "step": .int(Int64(outcome.job.stepNumber))],
            "destination": .string(outcome.destination.description),
            "artifacts": .array(
                outcome.uploads.map {
                    [
                        "path": .string($0.file.path), "digest": .string($0.file.digest), "size": .int($0.file.size),
                        "url": .string($0.location.description),
                    ]
                }),
            "composites": .array(
                outcome.composites.map {
                    [
                        "path": .string($0.root), "digest": .string($0.digest.digest), "algorithm": .string(CompositeDigest.algorithm),
                        "components": .int(Int64($0.digest.leaves.count)), "size": .int($0.digest.size), "url": .string($0.location.description),
                    ]
                }),
            "lineage_hash": registered.map { .string($0.lineageHash) } ?? .null,
            "registration": registration,
            "not_registered": skipped.map(JSONValue.string) ?? .null,
        ]
    }
}
