import LineageModel
import LineageStore

extension RequestBodyReaders {
    /// The v1 routes that read a JSON body into records or labels (not the session, finalize or
    /// query fields, which are plain optional strings and integers).
    static let v1Readers: [Reader] = [
        Reader(route: "POST registration-sessions/:session/jobs/batch") { body in
            let jobs = try JSONFields.body(body).objects("jobs", limit: V1Requests.maximumBatch).map(V1Requests.job)
            for job in jobs { try RecordRanges.check(job) }
            hashLineage(jobs)
        },
        Reader(route: "POST registration-sessions/:session/jobs") { body in
            let job = try V1Requests.job(try JSONFields.body(body))
            try RecordRanges.check(job)
            hashLineage([job])
        },
        Reader(route: "POST registration-sessions/:session/artifacts/batch") { body in
            for artifact in try JSONFields.body(body).objects("artifacts", limit: V1Requests.maximumBatch).map({ try V1Requests.artifact($0) }) {
                try RecordRanges.check(artifact)
            }
        },
        Reader(route: "POST registration-sessions/:session/artifacts/composites") { body in
            try RecordRanges.check(try V1Requests.composite(try JSONFields.body(body)))
        },
        Reader(route: "POST registration-sessions/:session/jobs/:job/inputs") { body in
            let links = try JSONFields.body(body).objects("artifacts", limit: V1Requests.maximumLinks).map(V1Requests.link)
            let job = Job(jobUID: "fuzz", command: nil, stepNumber: 1, inputs: links, outputs: links)
            try RecordRanges.check(job)
            hashLineage([job])
        },
        Reader(route: "POST registration-sessions/:session/jobs/:job/view-edges") { body in
            for edge in try JSONFields.body(body).objects("view_edges", limit: V1Requests.maximumLinks).map(V1Requests.viewEdge) {
                try RecordRanges.check(edge)
            }
        },
        Reader(route: "POST labels/reconcile, labels/sync, registration-sessions/:session/labels/batch (documents and merges)") { body in
            let fields = try JSONFields.body(body)
            _ = try fields.optionalBool("dry_run")
            _ = try fields.optionalBool("prune")
            _ = try fields.optionalString("session_hash").map(V1API.lineageHash)
            for entry in try fields.objects("labels", limit: V1Requests.maximumBatch) {
                let document = try V1API.labelDocument(entry)
                let deleted = try entry.optionalStrings("deleted_keys") ?? []
                _ = (Array(document.root.keys) + deleted).first(where: LabelDocument.isReserved)
                _ = try entry.optionalInt("base_version")
                let synced = LabelMerge.sync(current: document, tombstones: Set(deleted), incoming: document)
                _ = LabelMerge.reconcile(current: synced.document, tombstones: synced.tombstones, patch: document, deletedKeys: deleted, prune: true)
            }
        },
    ]
}
