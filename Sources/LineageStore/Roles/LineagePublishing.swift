/// Writing lineages: publishing a staged one (closing its session), binding a re-register to
/// the lineage it repeats, and importing an exported one. Each call is one transaction.
public protocol LineagePublishing: Sendable {
    /// Publishes a lineage (or records another publication of an existing one) and closes the
    /// session with the receipt, all in one transaction. When another finalize closed the
    /// session first, nothing is written and that finalize's receipt is returned.
    func publish(_ publication: LineagePublication, closing sessionID: String?) async throws -> PublishResult
    /// Closes a re-register session onto the lineage its jobs already belong to, recording the
    /// publication (visibility, owner, project) when it is new.
    func bind(sessionID: String, toLineage hash: String, visibility: Visibility, ownerUserID: String?, projectID: String?) async throws
        -> PublishResult
    /// Stores an exported lineage, its publications and label history in one transaction.
    /// Throws `LineageStoreError.invalid` (and writes nothing) when the record's content does
    /// not hash to its recorded hash; answers `.existing` (writing nothing) when the hash is stored.
    func importLineage(_ record: LineageRecord) async throws -> LineageImportResult
}
