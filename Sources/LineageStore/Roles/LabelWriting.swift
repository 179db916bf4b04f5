/// Label changes, planned by `LabelChangePlan` and written as new versions.
public protocol LabelWriting: Sendable {
    /// Applies changes atomically: when any reconcile's base version is stale, nothing is
    /// written and `LineageStoreError.labelConflict` lists the stale targets.
    func applyLabelChanges(_ changes: [LabelChange], actor: String, dryRun: Bool) async throws -> [LabelChangeResult]
}
