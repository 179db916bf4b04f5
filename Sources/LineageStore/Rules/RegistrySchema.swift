/// The tables both stores have, by what their rows are. A store may add tables of its own (a
/// search index, its migration log); the append-only test reads every table from the database
/// and requires each to be classified here or by its store.
public enum RegistrySchema {
    /// Tables whose rows are history: inserted, never changed. The database itself refuses an
    /// UPDATE or a DELETE of them (triggers), not only the code.
    public static let historyTables = [
        "artifacts", "artifact_digests", "lineages", "publications", "jobs", "job_inputs", "job_outputs",
        "lineage_artifacts", "composites", "composite_components", "view_edges", "labels", "job_aliases",
        "lineage_artifact_digests", "lineage_composite_components",
    ]

    /// History tables created by migrations after v1, each with its triggers made by its own
    /// migration (v1's trigger migration covers the others).
    public static let laterHistoryTables: Set<String> = ["job_aliases", "lineage_artifact_digests", "lineage_composite_components"]

    /// The staging rows of registration sessions, dropped when a session closes or is purged.
    public static let stagingTables = ["staged_jobs", "staged_artifacts", "staged_composites", "staged_links", "staged_view_edges"]

    /// Tables that change as accounts and sessions do (not history): users and keys, used
    /// signatures, registration sessions and their staging.
    public static let operationalTables =
        [
            "users", "user_keys", "used_signatures", "registration_sessions", "access_tokens", "organizations", "organization_members", "projects",
            "device_authorizations",
        ] + stagingTables
}
