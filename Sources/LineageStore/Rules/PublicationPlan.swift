import LineageModel

/// A publication resolved into the rows a store writes: every artifact the lineage mentions
/// (with the client's facts, or a stub from the edge when it sent none), and each job's edges
/// collapsed to one per content hash.
package struct PublicationPlan {
    package var artifacts: [Artifact]
    package var composites: [Composite]
    package var jobs: [Job]
    package var viewEdges: [String: [ViewEdge]]
    /// Artifacts the publisher only named on an edge (no facts of its own): the size the edge
    /// gave, if any. Their kind and size are not the publisher's statements (`ArtifactClaim`).
    package var stubSizes: [String: Int64?] = [:]

    package init(_ publication: LineagePublication) throws {
        try RecordText.check(publication.lineage)
        for job in publication.lineage.jobs { try RecordRanges.check(job) }
        for artifact in publication.artifacts { try RecordRanges.check(artifact) }
        for composite in publication.composites { try RecordRanges.check(composite) }
        for edge in publication.viewEdges.values.joined() { try RecordRanges.check(edge) }
        var byHash: [String: Artifact] = [:]
        var order: [String] = []
        func add(_ artifact: Artifact) {
            if byHash[artifact.hash] == nil { order.append(artifact.hash) }
            byHash[artifact.hash] = artifact
        }
        for composite in publication.composites { add(composite.artifact) }
        for artifact in publication.artifacts where byHash[artifact.hash] == nil { add(artifact) }
        jobs = publication.lineage.jobs.map { job in
            var job = job
            job.inputs = ArtifactRef.deduplicatedByHash(job.inputs)
            job.outputs = ArtifactRef.deduplicatedByHash(job.outputs)
            return job
        }
        var stubs: [(String, Int64?)] = []
        for job in jobs {
            for ref in job.inputs + job.outputs where byHash[ref.hash] == nil { stubs.append((ref.hash, ref.size)) }
            for edge in publication.viewEdges[job.jobUID] ?? [] where byHash[edge.targetHash] == nil { stubs.append((edge.targetHash, nil)) }
        }
        for (hash, size) in stubs where byHash[hash] == nil {
            add(try Artifact(digests: [try Self.stubDigest(hash)], size: max(size ?? 0, 0)))
            stubSizes[hash] = size.map { max($0, 0) }
        }
        artifacts = order.map { byHash[$0]! }
        composites = publication.composites
        viewEdges = publication.viewEdges
    }

    /// The size and kind the publisher stated for an artifact of the plan (nil: not stated).
    package func claimed(_ artifact: Artifact) -> (size: Int64?, kind: String?) {
        if let stub = stubSizes[artifact.hash] { return (stub, nil) }
        return (artifact.sizeStated ? artifact.size : nil, artifact.kind.rawValue)
    }

    /// An edge names its artifact by canonical digest only; guess the algorithm from its length
    /// (roar's primary digest is BLAKE3).
    package static func stubDigest(_ hash: String) throws(LineageModelError) -> Digest {
        switch hash.utf8.count {
        case 64: try Digest(algorithm: "blake3", hex: hash)
        case 128: try Digest(algorithm: "sha512", hex: hash)
        case 40: try Digest(algorithm: "sha1", hex: hash)
        case 32: try Digest(algorithm: "md5", hex: hash)
        default: try Digest(algorithm: "unknown", hex: hash)
        }
    }
}
