/// Whole lineages as stored, whatever their visibility: for export (operators) and for
/// comparing two lineages a caller has already found visible.
public protocol LineageArchive: Sendable {
    /// Hashes of every stored lineage greater than `after` (nil: from the start), in ascending
    /// order, at most `limit`: page through the registry with the last hash of each page.
    func lineageHashes(after: String?, limit: Int) async throws -> [String]
    /// One lineage fully, as `glaas export` writes it (normalized order); nil when not stored.
    func lineageRecord(hash: String) async throws -> LineageRecord?
}
