import LineageStore

/// The store roles the web UI reads through: lookups and lineages, the query API's searches
/// and walks, whole lineages for the diff page, and current labels. Nothing that writes.
public typealias WebStore = LineageReading & GraphQuerying & LineageArchive & LabelReading
