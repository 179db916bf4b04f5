import Foundation
import LineageModel
import LineageStore
import Logging
import PostgresLineageStore
import SQLiteLineageStore
import TestSupport
import Testing

/// Migration v7-lineage-facts carries a registry written before facts were per lineage over on
/// both stores: each lineage naming an artifact gets the registry-wide size, kind, alias
/// digests and component list, and each artifact label document moves, with all its versions,
/// into the scope of a lineage that names the artifact.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct LineageFactsMigrationTests {
    /// Rows as a v6 registry held them: one artifact (a composite with a sha256 alias) named by
    /// two lineages, and a two-version label document keyed by the digest alone, its latest
    /// version set through the second lineage.
    static func v6Rows(_ now: Double) -> String {
        let (artifact, alias, l1, l2) = (
            TestDigest.label("old-data"), TestDigest.label("old-sha"), TestDigest.label("old-l1"), TestDigest.label("old-l2")
        )
        return """
            INSERT INTO artifacts (hash, algorithm, size, kind, created_at) VALUES ('\(artifact)', 'blake3', 4096, 'composite', \(now));
            INSERT INTO artifact_digests (digest, algorithm, artifact_id) SELECT '\(artifact)', 'blake3', id FROM artifacts;
            INSERT INTO artifact_digests (digest, algorithm, artifact_id) SELECT '\(alias)', 'sha256', id FROM artifacts;
            INSERT INTO composites (artifact_id, component_count_total, membership_index) SELECT id, 2, '{"bits": 8}' FROM artifacts;
            INSERT INTO composite_components (artifact_id, position, relative_path, component_algorithm, component_digest)
                SELECT id, 0, 'a.txt', 'blake3', 'aa' FROM artifacts;
            INSERT INTO composite_components (artifact_id, position, relative_path, component_algorithm, component_digest)
                SELECT id, 1, 'b.txt', 'blake3', 'bb' FROM artifacts;
            INSERT INTO lineages (hash, creator_identity, job_count, created_at) VALUES ('\(l1)', 'anonymous', 0, \(now));
            INSERT INTO lineages (hash, creator_identity, job_count, created_at) VALUES ('\(l2)', 'anonymous', 0, \(now));
            INSERT INTO publications (lineage_id, visibility, created_at) SELECT id, 'public', \(now) FROM lineages;
            INSERT INTO lineage_artifacts (artifact_id, lineage_id, source_type, source_url) SELECT a.id, l.id, 's3', 's3://b/d' FROM artifacts a, lineages l;
            INSERT INTO labels (target_key, entity_type, session_hash, artifact_hash, version, document, tombstones, actor, created_at)
                VALUES ('artifact:\(artifact)', 'artifact', '\(l1)', '\(artifact)', 1, '{"team": "a"}', '[]', 'glaas:user:u1', \(now));
            INSERT INTO labels (target_key, entity_type, session_hash, artifact_hash, version, document, tombstones, actor, created_at)
                VALUES ('artifact:\(artifact)', 'artifact', '\(l2)', '\(artifact)', 2, '{"team": "b"}', '[]', 'glaas:user:u1', \(now));
            """
    }

    @Test(arguments: StoreKind.available)
    func aV6RegistryKeepsEveryFactAndLabelAfterMigrating(kind: StoreKind) async throws {
        let location = try await kind.makeLocation()
        let rows = Self.v6Rows(Date().timeIntervalSince1970).components(separatedBy: ";\n").filter { !$0.isEmpty }
        let store: any RegistryStore & StoreMaintenance
        switch kind {
        case .sqlite:
            // The SQLite store migrates when it opens: the v6 rows are written before it does.
            try SQLiteStore.migrate(path: location, through: .userStatus)
            for row in rows { try SQLiteStore.executeBeforeOpening(path: location, sql: row) }
        case .postgres:
            let old = try await PostgresStore(
                url: location + "&max_connections=2", logger: Logger(label: "test"), access: .migrateThrough(.userStatus))
            #expect(try await old.appliedMigrations().last == RegistryMigration.userStatus.rawValue)
            for row in rows { try await old.execute(sql: row) }
            old.shutdown()
        }
        store = try await kind.open(location)
        #expect(try await store.appliedMigrations() == RegistryMigration.allCases.map(\.rawValue))

        let (artifact, l1, l2) = (TestDigest.label("old-data"), TestDigest.label("old-l1"), TestDigest.label("old-l2"))
        let info = try #require(
            try await store.artifacts(matching: try DigestPrefix(TestDigest.label("old-sha")), visibleTo: .anonymous, limit: 5).first)
        #expect(info.artifact.hash == artifact && info.artifact.size == 4096 && info.artifact.kind == .composite)
        #expect(info.artifact.digests.map(\.algorithm) == ["blake3", "sha256"] && info.artifact.sourceURL == "s3://b/d")
        #expect(info.claims.map(\.lineageHash).sorted() == [l1, l2].sorted() && info.claims.allSatisfy { $0.size == 4096 && $0.componentCount == 2 })
        #expect(info.conflicts.isEmpty)
        #expect(try await store.components(ofComposite: artifact, visibleTo: .anonymous).map(\.relativePath) == ["a.txt", "b.txt"])
        // The label moved, both versions, into the lineage its latest version was set through.
        let scoped = LabelTarget(kind: .artifact, lineageHash: l2, artifactHash: artifact)
        #expect(try await store.labelHistory(scoped).map(\.version) == [1, 2])
        #expect(try await store.currentLabel(scoped)?.document == LabelDocument(["team": "b"]))
        #expect(try await store.labelHistory(LabelTarget(kind: .artifact, lineageHash: nil, artifactHash: artifact)).isEmpty)
        #expect(info.labels.map(\.target) == [scoped])
        // Each lineage's record now carries the facts.
        let record = try #require(try await store.lineageRecord(hash: l1))
        #expect(record.artifacts.map(\.size) == [4096] && record.composites.map(\.componentCountTotal) == [2])
    }
}
