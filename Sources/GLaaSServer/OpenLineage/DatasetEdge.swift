import Crypto
import Foundation
import GLaaSHTTP
import LineageExport
import LineageModel
import LineageStore

/// An OpenLineage input or output dataset as a glaas edge and artifact. OpenLineage names
/// datasets but has no content digests, so the identity is, in order (docs/openlineage.md):
/// the `glaas_artifact` facet's digests; the `version` facet's `datasetVersion` when it reads
/// as `<algorithm>:<hex>`; else `openlineage-name`, SHA-256 of namespace, name and version.
/// The `glaas_artifact` facet, when present, is authoritative: a member it lacks is null.
struct DatasetEdge {
    /// The algorithm name of name-based identities: never a content hash.
    static let nameAlgorithm = "openlineage-name"

    var ref: ArtifactRef
    var artifact: Artifact

    init(_ dataset: JSONFields, statistics: String) throws {
        let namespace = try dataset.string("namespace")
        let name = try dataset.string("name")
        let facets = try dataset.optionalObject("facets")
        let glaas = try facets?.optionalObject(OpenLineageSpec.artifactFacet)
        let version = try facets?.optionalObject("version")?.optionalString("datasetVersion", maxLength: 4096)
        let statisticsSize = try dataset.optionalObject(statistics == "inputStatistics" ? "inputFacets" : "outputFacets")?
            .optionalObject(statistics)?.optionalInt("size")

        var digests: [LineageModel.Digest] = []
        if let glaas {
            for entry in try glaas.objects("digests", limit: 64, required: false) {
                digests.append(try Self.digest(algorithm: try entry.string("algorithm"), hex: try entry.string("digest"), field: entry.path))
            }
        }
        if digests.isEmpty, let version, let colon = version.firstIndex(of: ":"),
            let digest = try? LineageModel.Digest(algorithm: String(version[..<colon]), hex: String(version[version.index(after: colon)...])),
            digest.algorithm != Self.nameAlgorithm
        {
            digests.append(digest)
        }
        if digests.isEmpty {
            let identity = [namespace, name] + (version.map { [$0] } ?? [])
            let hex = HexString.encode(SHA256.hash(data: Array(identity.joined(separator: "\n").utf8)))
            digests.append(try Self.digest(algorithm: Self.nameAlgorithm, hex: hex, field: dataset.path))
        }

        let path: String?
        if let glaas {
            path = try glaas.optionalString("path", maxLength: 8192)
        } else if namespace == OpenLineageSpec.fileNamespace || namespace.hasPrefix("file://") {
            path = name
        } else {
            path = namespace.hasSuffix("/") || name.hasPrefix("/") ? namespace + name : "\(namespace)/\(name)"
        }
        let statedSize = try glaas?.optionalInt("size") ?? statisticsSize
        let size = statedSize ?? 0
        guard size >= 0 else { throw GLaaSError.badRequest("\(dataset.path): size must not be negative") }
        let edgeSize: Int?
        if let glaas { edgeSize = try glaas.optionalInt("edgeSize") } else { edgeSize = statisticsSize }
        let kind = try glaas?.optionalString("kind").flatMap(Artifact.Kind.init(rawValue:)) ?? .file
        var sourceURL = try glaas?.optionalString("sourceURL", maxLength: 8192)
        if glaas == nil, namespace.contains("://"), !namespace.hasPrefix("file://") { sourceURL = path }
        artifact = try Artifact(
            digests: digests, size: Int64(size), sizeStated: statedSize != nil, kind: kind,
            sourceType: try glaas?.optionalString("sourceType", maxLength: 64), sourceURL: sourceURL)
        ref = ArtifactRef(hash: artifact.hash, path: path, size: edgeSize.map(Int64.init), byteRanges: try Self.ranges(glaas))
    }

    static func digest(algorithm: String, hex: String, field: String) throws -> LineageModel.Digest {
        do {
            return try LineageModel.Digest(algorithm: algorithm, hex: hex)
        } catch {
            throw GLaaSError.badRequest("\(field): \(error)")
        }
    }

    static func ranges(_ glaas: JSONFields?) throws -> [[Int64]]? {
        guard let glaas, let value = glaas.raw("byteRanges"), !value.isNull else { return nil }
        let invalid = GLaaSError.badRequest("\(glaas.name("byteRanges")) must be an array of [start, end] pairs")
        guard let items = value.arrayValue else { throw invalid }
        return try items.map { item in
            guard let pair = item.arrayValue, pair.count == 2, let start = pair[0].int64Value, let end = pair[1].int64Value else { throw invalid }
            return [start, end]
        }
    }
}
