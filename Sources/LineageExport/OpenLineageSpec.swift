import Crypto
import Foundation
import LineageModel
import LineageStore

/// The OpenLineage version glaas writes and reads (docs/openlineage.md), and the names of the
/// facets it uses: standard ones where OpenLineage has them, `glaas_*` for what it has not.
public enum OpenLineageSpec {
    /// The RunEvent schema of OpenLineage 2-0-2, written as every event's `schemaURL`.
    public static let runEventSchemaURL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
    /// `producer` of events glaas writes, and `_producer` of its facets.
    public static let producer = "urn:glaas:openlineage-export"
    /// The job namespace of exported jobs.
    public static let jobNamespace = "glaas"
    /// The dataset namespace of local paths (OpenLineage's naming for local file systems).
    public static let fileNamespace = "file"

    /// Facet keys.
    public static let artifactFacet = "glaas_artifact"
    public static let jobRunFacet = "glaas_job"
    public static let lineageRunFacet = "glaas_lineage"

    /// Schema URLs of the standard facets glaas writes, as openlineage-python 1.54 declares them.
    public static let schemas: [String: String] = [
        "sourceCode": "https://openlineage.io/spec/facets/1-0-1/SourceCodeJobFacet.json#/$defs/SourceCodeJobFacet",
        "sourceCodeLocation": "https://openlineage.io/spec/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet",
        "jobType": "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
        "parent": "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
        "version": "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet",
        "inputStatistics": "https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet",
        "outputStatistics":
            "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
        artifactFacet: "urn:glaas:openlineage:facets:1-0-0:GlaasArtifactDatasetFacet",
        jobRunFacet: "urn:glaas:openlineage:facets:1-0-0:GlaasJobRunFacet",
        lineageRunFacet: "urn:glaas:openlineage:facets:1-0-0:GlaasLineageRunFacet",
    ]

    /// A facet object: its fields plus `_producer` and `_schemaURL`.
    public static func facet(_ name: String, _ fields: [String: JSONValue]) -> JSONValue {
        var fields = fields
        fields["_producer"] = .string(producer)
        fields["_schemaURL"] = .string(schemas[name] ?? "")
        return .object(fields)
    }

    /// A deterministic UUID (version 8, RFC 9562) from SHA-256 of `name`, for run ids.
    public static func uuid(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(("glaas-openlineage:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = HexString.encode(bytes)
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    /// Dataset namespace and name for an edge: a path is `file` + the path; a source URL
    /// `scheme://authority` + the rest; otherwise `glaas` + `artifact/<algorithm>:<hex>`.
    public static func datasetName(path: String?, sourceURL: String?, digest: String) -> (namespace: String, name: String) {
        if let path, !path.isEmpty { return (fileNamespace, path) }
        if let sourceURL, let schemeEnd = sourceURL.range(of: "://") {
            let rest = sourceURL[schemeEnd.upperBound...]
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let name = rest[slash...].drop { $0 == "/" }
            if !name.isEmpty { return (String(sourceURL[..<slash]), String(name)) }
        }
        return (jobNamespace, "artifact/\(digest)")
    }
}
