import LineageModel
import LineageStore

extension RequestBodyReaders {
    /// An OpenLineage RunEvent as `POST /api/v1/lineage` reads it, and the job it stages, alone
    /// and merged with itself as a later event of the same run.
    @Sendable static func readOpenLineageEvent(_ body: [UInt8]) throws {
        let event = try RunEvent(try JSONFields.body(body))
        let first = try OpenLineageAPI.job(event, previous: [])
        let merged = try OpenLineageAPI.job(event, previous: [first])
        for job in [first, merged] { try RecordRanges.check(job) }
        for artifact in (event.inputs + event.outputs).map(\.artifact) { try RecordRanges.check(artifact) }
        var job = merged
        job.inputs = event.inputs.map(\.ref)
        job.outputs = event.outputs.map(\.ref)
        try RecordRanges.check(job)
        hashLineage([job])
    }
}
