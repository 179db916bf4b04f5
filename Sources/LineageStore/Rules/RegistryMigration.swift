/// The schema's named migrations, in the order both stores apply them. Each store maps every
/// case to its own SQL (an exhaustive switch, so a new migration cannot be forgotten in one
/// store) and records the names it applied, which `glaas migrate` lists.
public enum RegistryMigration: String, CaseIterable, Sendable {
    /// The history tables: artifacts and their digests, lineages, publications, jobs, edges,
    /// composites, view edges, labels.
    case history = "v1-history"
    /// The database refuses UPDATE and DELETE of history rows.
    case appendOnlyTriggers = "v1-append-only-triggers"
    /// Accounts, their SSH keys, signatures already used.
    case users = "v1-users"
    /// Registration sessions and their staging rows.
    case registrationSessions = "v1-registration-sessions"
    /// Other uids of a lineage's jobs (the same content published under other uids).
    case jobAliases = "v2-job-aliases"
    /// Indexes for the query API's time ranges.
    case queryIndexes = "v3-query-indexes"
    /// A trigram index of edge paths for path-substring search.
    case pathIndex = "v4-path-index"
    /// A trigram index of job commands for command-text search.
    case commandIndex = "v5-command-index"
    /// Accounts an operator disabled (`users.disabled_at`): their keys sign nothing.
    case userStatus = "v6-user-status"
    /// Facts per lineage: each lineage's size, kind, composite counts (`lineage_artifacts`),
    /// alias digests (`lineage_artifact_digests`) and component lists
    /// (`lineage_composite_components`), carried over from the registry-wide values; artifact
    /// label documents moved into a lineage's scope (`artifact:LINEAGE:DIGEST`).
    case lineageFacts = "v7-lineage-facts"
    /// SQLite: history refuses an insert that meets a stored key (REPLACE and UPSERT from any
    /// connection, whatever its pragmas); PostgreSQL's UPSERT already fires the update trigger.
    case insertGuards = "v8-insert-guards"
    /// Bearer tokens (`access_tokens`): their secrets' SHA-256, expiry and revocation.
    case accessTokens = "v9-access-tokens"
    /// Teams: organizations, their members and projects; publications private to a project
    /// (`publications.project_id`); device logins; token kinds and grants.
    case teams = "v10-teams"
    /// Indexes for the jobs search by repository (`lineages.git_repo`) and commit prefix
    /// (`jobs.git_commit`).
    case gitSearchIndexes = "v11-git-search-indexes"
}
