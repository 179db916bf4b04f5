import Foundation

/// What applying a batch of label changes does, decided before anything is written: the result
/// of each change and the new versions to insert. Both stores read the current versions of the
/// targets (under a lock on PostgreSQL), plan, then insert `versions` unless it is a dry run.
public struct LabelChangePlan: Sendable {
    /// One result per change, in order.
    public var results: [LabelChangeResult]
    /// The versions to insert, in order (a target changed twice gets two).
    public var versions: [LabelVersion]

    /// Plans `changes` against `current` (the latest version of each target, by target key).
    /// Throws `labelConflict` listing every reconcile whose base version is stale: then nothing
    /// may be written. Changes to one target apply in order, each after the one before.
    public init(_ changes: [LabelChange], current: [String: LabelVersion], actor: String, at date: Date) throws(LineageStoreError) {
        let stale = changes.filter { $0.isStale(currentVersion: current[$0.target.key]?.version ?? 0) }
        guard stale.isEmpty else { throw .labelConflict(stale.map(\.target)) }
        var latest = current
        results = []
        versions = []
        for change in changes {
            let (result, next) = change.apply(after: latest[change.target.key], actor: actor, at: date)
            results.append(result)
            guard let next else { continue }
            versions.append(next)
            latest[change.target.key] = next
        }
    }

    /// The distinct target keys of `changes`, sorted: what a store reads (and locks, in this
    /// order, so that concurrent batches cannot deadlock).
    public static func targetKeys(_ changes: [LabelChange]) -> [String] {
        Set(changes.map(\.target.key)).sorted()
    }
}
