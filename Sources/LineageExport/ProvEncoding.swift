import Foundation
import LineageModel
import LineageStore

/// One lineage as W3C PROV-JSON records (docs/prov-mapping.md): the bundle that describes its
/// jobs and artifacts, and the document-level records that describe the bundle itself.
public struct ProvEncoding {
    /// The namespaces every file declares; the `prov` and `xsd` prefixes are predefined.
    public static let prefixes: [String: JSONValue] = [
        "glaas": "urn:glaas:vocab:", "lineage": "urn:glaas:lineage:", "artifact": "urn:glaas:artifact:",
        "job": "urn:glaas:job:", "agent": "urn:glaas:agent:",
    ]
    /// A job with more (input, output) pairs than this gets no `wasDerivedFrom` records; its
    /// `used` and `wasGeneratedBy` records still say everything.
    public static let derivationLimit = 10_000

    /// The bundle: entities, activities, agents and their relations, by PROV-JSON kind and id.
    public private(set) var bundle: [String: [String: JSONValue]] = [:]
    /// Document-level records about the bundle (entity, agents, attributions).
    public private(set) var document: [String: [String: JSONValue]] = [:]
    /// The bundle's identifier, `lineage:<hash>`.
    public let bundleID: String

    /// Maps `record` (see docs/prov-mapping.md).
    public init(_ record: LineageRecord) {
        bundleID = "lineage:\(record.hash)"
        var document = Records()
        var bundle = Records()
        let lineage = record.lineage
        let creator = Self.agentID(identity: lineage.creatorIdentity)
        var bundleEntity: [String: JSONValue] = [
            "prov:type": Self.qualified("prov:Bundle"), "glaas:lineageHash": .string(record.hash),
            "glaas:createdAt": Self.time(record.createdAt.timeIntervalSince1970),
            "glaas:creatorIdentity": .string(lineage.creatorIdentity), "glaas:jobCount": .int(Int64(lineage.jobs.count)),
        ]
        bundleEntity["glaas:gitRepo"] = lineage.git.repo.map(JSONValue.string)
        bundleEntity["glaas:gitCommit"] = lineage.git.commit.map(JSONValue.string)
        bundleEntity["glaas:gitBranch"] = lineage.git.branch.map(JSONValue.string)
        bundleEntity["glaas:visibility"] = record.publications.first.map { JSONValue.string($0.visibility.rawValue) }
        document.add("entity", id: bundleID, bundleEntity)
        document.add("agent", id: creator, Self.agent(identity: lineage.creatorIdentity))
        document.add("wasAttributedTo", ["prov:entity": .string(bundleID), "prov:agent": .string(creator), "glaas:role": "creator"])
        for publication in record.publications {
            let identity = publication.ownerUserID.map { "glaas:user:\($0)" } ?? "anonymous"
            let publisher = Self.agentID(identity: identity)
            document.add("agent", id: publisher, Self.agent(identity: identity))
            document.add(
                "wasAttributedTo",
                [
                    "prov:entity": .string(bundleID), "prov:agent": .string(publisher), "glaas:role": "publisher",
                    "glaas:visibility": .string(publication.visibility.rawValue),
                    "glaas:publishedAt": Self.time(publication.createdAt.timeIntervalSince1970),
                ])
        }

        bundle.add("agent", id: creator, Self.agent(identity: lineage.creatorIdentity))
        let paths = Self.paths(lineage.jobs)
        for artifact in record.artifacts {
            bundle.add("entity", id: Self.entityID(artifact.canonicalDigest), Self.entity(artifact, paths: paths[artifact.hash] ?? []))
        }
        let artifactsByHash = Dictionary(record.artifacts.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        func entity(_ ref: ArtifactRef) -> String {
            artifactsByHash[ref.hash].map { Self.entityID($0.canonicalDigest) } ?? "artifact:unknown-\(ref.hash)"
        }
        for job in lineage.jobs {
            let activity = Self.activityID(lineage: record.hash, job: job.jobUID)
            bundle.add("activity", id: activity, Self.activity(job))
            bundle.add("wasAssociatedWith", ["prov:activity": .string(activity), "prov:agent": .string(creator)])
            if let parent = job.parentJobUID {
                bundle.add(
                    "wasStartedBy",
                    [
                        "prov:activity": .string(activity), "prov:starter": .string(Self.activityID(lineage: record.hash, job: parent)),
                    ])
            }
            for ref in job.inputs { bundle.add("used", Self.edge(ref, entity: entity(ref), activity: activity)) }
            var generation = [String: JSONValue]()
            if let end = Self.endTime(job) { generation["prov:time"] = end }
            for ref in job.outputs {
                bundle.add("wasGeneratedBy", Self.edge(ref, entity: entity(ref), activity: activity).merging(generation) { $1 })
            }
            guard job.inputs.count * job.outputs.count <= Self.derivationLimit else { continue }
            for output in job.outputs {
                for input in job.inputs where input.hash != output.hash {
                    bundle.add(
                        "wasDerivedFrom",
                        [
                            "prov:generatedEntity": .string(entity(output)), "prov:usedEntity": .string(entity(input)),
                            "prov:activity": .string(activity),
                        ])
                }
            }
        }
        self.bundle = bundle.records
        self.document = document.records
    }

    /// PROV-JSON records by kind and id, relations under fresh blank ids.
    struct Records {
        var records: [String: [String: JSONValue]] = [:]
        var counter = 0

        /// Adds a record under `kind`, with a fresh blank identifier when it has none.
        mutating func add(_ kind: String, id: String? = nil, _ attributes: [String: JSONValue]) {
            let key: String
            if let id {
                key = id
            } else {
                counter += 1
                key = "_:\(kind.prefix(1))\(counter)"
            }
            records[kind, default: [:]][key] = .object(attributes)
        }
    }

    /// A record set as a JSON container (`{"entity": {...}, "used": {...}, ...}`).
    public static func container(_ records: [String: [String: JSONValue]]) -> JSONValue {
        .object(records.mapValues { JSONValue.object($0) })
    }
}
