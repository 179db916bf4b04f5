import Foundation
import LineageModel

/// The ranges a stored number must fall in, whichever store holds it and whatever surface it
/// came through (v1, OpenLineage, import): what both stores can hold (PostgreSQL's INTEGER for
/// step numbers, exit codes and counts) and what every reader can show (timestamps in years
/// 1-9999, as ISO 8601 writes them). Both stores check staged and published records with it, so
/// a value out of range is a 400 before anything is written, never a crash when it is read.
/// Each check also runs `RecordText`'s (no NUL in any text), so every caller checks both.
public enum RecordRanges {
    /// Step numbers (PostgreSQL INTEGER, never negative).
    public static let stepNumber = 0...Int(Int32.max)
    /// Exit codes (PostgreSQL INTEGER; negative for signals).
    public static let exitCode = Int(Int32.min)...Int(Int32.max)
    /// Counts a client states: a dataset's components, a view's selected and parent totals.
    public static let count = 0...Int(Int32.max)
    /// Seconds since 1970 of 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
    public static let seconds: ClosedRange<Double> = -62_135_596_800...253_402_300_799
    /// A job's duration in seconds, either way (a clock step may make one negative): a century.
    public static let duration: ClosedRange<Double> = -3_155_760_000...3_155_760_000

    /// Checks a job's numbers and its edges' sizes.
    public static func check(_ job: Job) throws(LineageStoreError) {
        try RecordText.check(job)
        try require(stepNumber.contains(job.stepNumber), "job \(job.jobUID): step_number \(job.stepNumber) is outside \(stepNumber)")
        if let code = job.exitCode { try require(exitCode.contains(code), "job \(job.jobUID): exit_code \(code) is outside \(exitCode)") }
        if let time = job.timestamp { try require(seconds.contains(time), "job \(job.jobUID): timestamp \(time) is not a time in years 1-9999") }
        if let length = job.durationSeconds {
            try require(duration.contains(length), "job \(job.jobUID): duration_seconds \(length) is longer than a century")
        }
        for ref in job.inputs + job.outputs {
            if let size = ref.size { try require(size >= 0, "job \(job.jobUID): the size of \(ref.hash) is negative") }
        }
    }

    /// Checks an artifact's size.
    public static func check(_ artifact: Artifact) throws(LineageStoreError) {
        try RecordText.check(artifact)
        try require(artifact.size >= 0, "artifact \(artifact.hash): size \(artifact.size) is negative")
    }

    /// Checks a dataset's counts and its components' sizes.
    public static func check(_ composite: Composite) throws(LineageStoreError) {
        try check(composite.artifact)
        try RecordText.check(composite)
        let hash = composite.artifact.hash
        try require(count.contains(composite.componentCountTotal), "dataset \(hash): component_count_total is outside \(count)")
        for component in composite.components {
            if let size = component.size { try require(size >= 0, "dataset \(hash): the size of \(component.relativePath) is negative") }
        }
    }

    /// Checks a view edge's counts.
    public static func check(_ edge: ViewEdge) throws(LineageStoreError) {
        try RecordText.check(edge)
        for (name, value) in [("selected_count", edge.selectedCount), ("parent_total", edge.parentTotal)] {
            if let value { try require(count.contains(value), "view of \(edge.targetHash): \(name) \(value) is outside \(count)") }
        }
    }

    /// Checks an exported lineage's own times, label versions and label documents (its content
    /// is checked as it is published).
    public static func check(_ record: LineageRecord) throws(LineageStoreError) {
        for label in record.labels { try RecordText.check(label.document) }
        let times = [record.createdAt] + record.publications.map(\.createdAt) + record.labels.map(\.createdAt)
        for time in times { try require(seconds.contains(time.timeIntervalSince1970), "lineage \(record.hash): a time is not in years 1-9999") }
        for label in record.labels {
            try require(count.contains(label.version), "lineage \(record.hash): label version \(label.version) is outside \(count)")
        }
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(LineageStoreError) {
        guard condition else { throw .invalid(message()) }
    }
}
