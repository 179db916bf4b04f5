import Foundation
import LineageModel
import LineageStore

extension ProvEncoding {
    /// `artifact:<algorithm>-<hex>` of the canonical digest.
    public static func entityID(_ digest: Digest) -> String { "artifact:\(digest.algorithm)-\(digest.hex)" }

    /// `job:<lineage hash>/<job uid>`: job uids are unique within a lineage only.
    public static func activityID(lineage: String, job: String) -> String { "job:\(lineage)/\(job)" }

    /// `agent:anonymous`, `agent:user-<id>` for `glaas:user:<id>`, else the identity with every
    /// character outside `A-Z a-z 0-9 . _ -` replaced by `-` (the exact identity is an attribute).
    public static func agentID(identity: String) -> String {
        if identity.hasPrefix("glaas:user:") { return "agent:user-\(sanitized(String(identity.dropFirst("glaas:user:".count))))" }
        return "agent:\(sanitized(identity))"
    }

    static func sanitized(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
            })
    }

    static func agent(identity: String) -> [String: JSONValue] {
        [
            "prov:type": qualified(identity.hasPrefix("glaas:user:") ? "prov:Person" : "prov:Agent"),
            "glaas:identity": .string(identity),
        ]
    }

    static func entity(_ artifact: Artifact, paths: [String]) -> [String: JSONValue] {
        var attributes: [String: JSONValue] = [
            "prov:type": qualified(artifact.kind == .composite ? "glaas:Dataset" : "glaas:Artifact"),
            "glaas:size": .int(artifact.size),
            "glaas:digest": many(artifact.digests.map { JSONValue.string($0.description) }),
        ]
        if let url = artifact.sourceURL { attributes["glaas:sourceURL"] = .object(["$": .string(url), "type": "xsd:anyURI"]) }
        attributes["glaas:sourceType"] = artifact.sourceType.map(JSONValue.string)
        if !paths.isEmpty { attributes["glaas:path"] = many(paths.map(JSONValue.string)) }
        return attributes
    }

    static func activity(_ job: Job) -> [String: JSONValue] {
        var attributes: [String: JSONValue] = [
            "prov:type": qualified("glaas:Job"), "glaas:jobUID": .string(job.jobUID), "glaas:jobType": .string(job.jobType),
            "glaas:stepNumber": .int(Int64(job.stepNumber)),
        ]
        if let timestamp = job.timestamp { attributes["prov:startTime"] = .string(isoTime(timestamp)) }
        if let end = endTime(job) { attributes["prov:endTime"] = end }
        attributes["glaas:command"] = job.command.map(JSONValue.string)
        attributes["glaas:exitCode"] = job.exitCode.map { .int(Int64($0)) }
        attributes["glaas:durationSeconds"] = job.durationSeconds.map(JSONValue.double)
        attributes["glaas:gitCommit"] = job.gitCommit.map(JSONValue.string)
        attributes["glaas:gitBranch"] = job.gitBranch.map(JSONValue.string)
        if let summary = metadataSummary(job.metadata) { attributes["glaas:metadataKeys"] = summary }
        return attributes
    }

    /// The top-level keys of a job's metadata document (its full text stays in glaas-graph).
    static func metadataSummary(_ metadata: String?) -> JSONValue? {
        guard let metadata, case .object(let members)? = try? JSONParser.parse(Array(metadata.utf8)), !members.isEmpty else { return nil }
        return .string(members.keys.sorted().joined(separator: " "))
    }

    static func edge(_ ref: ArtifactRef, entity: String, activity: String) -> [String: JSONValue] {
        var attributes: [String: JSONValue] = ["prov:entity": .string(entity), "prov:activity": .string(activity)]
        attributes["glaas:path"] = ref.path.map(JSONValue.string)
        attributes["glaas:size"] = ref.size.map(JSONValue.int)
        return attributes
    }

    /// Every path each artifact had in the lineage's edges, sorted.
    static func paths(_ jobs: [Job]) -> [String: [String]] {
        var paths: [String: Set<String>] = [:]
        for job in jobs {
            for ref in job.inputs + job.outputs { if let path = ref.path { paths[ref.hash, default: []].insert(path) } }
        }
        return paths.mapValues { $0.sorted() }
    }

    static func endTime(_ job: Job) -> JSONValue? {
        guard let start = job.timestamp else { return nil }
        return .string(isoTime(start + (job.durationSeconds ?? 0)))
    }

    /// A PROV-JSON value holding several values of one attribute (a single value stays plain).
    static func many(_ values: [JSONValue]) -> JSONValue { values.count == 1 ? values[0] : .array(values) }

    static func qualified(_ name: String) -> JSONValue { .object(["$": .string(name), "type": "prov:QUALIFIED_NAME"]) }

    static func time(_ seconds: Double) -> JSONValue { .object(["$": .string(isoTime(seconds)), "type": "xsd:dateTime"]) }

    /// RFC 3339 UTC with milliseconds (`2026-11-27T10:00:00.500Z`).
    public static func isoTime(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
