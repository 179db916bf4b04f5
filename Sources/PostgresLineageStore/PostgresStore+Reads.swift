import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    public func artifacts(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [ArtifactInfo] {
        try await read { connection in
            var rows: [ArtifactLookupStatement.Row] = []
            let statement = ArtifactLookupStatement(viewer: viewer.userID, low: prefix.hex, high: prefix.upperBound, limit: Int64(limit * 2))
            for try await row in try await connection.execute(statement, logger: self.logger) { rows.append(row) }
            var seen = Set<Int64>()
            var result: [ArtifactInfo] = []
            for row in rows {
                let (id, hash, algorithm, created, original, isPublic, owner) = row
                guard seen.insert(id).inserted, result.count < limit else { continue }
                let ownerParts = owner?.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let claims = try await self.claims(connection, artifactID: id, viewer: viewer)
                let facts = try ArtifactFacts(canonical: try Digest(algorithm: algorithm, hex: hash), claims: claims)
                result.append(
                    ArtifactInfo(
                        id: id, artifact: facts.artifact, registeredAt: Date(timeIntervalSince1970: created), originalLineageHash: original,
                        visibility: isPublic ? .public : .private, ownerName: (ownerParts?.count ?? 0) > 1 ? ownerParts?[1] : nil,
                        ownerID: ownerParts?.first, componentCount: facts.componentCount,
                        labels: try await self.artifactLabels(connection, artifactID: id, hash: hash, viewer: viewer), claims: claims,
                        conflicts: facts.conflicts))
            }
            return result
        }
    }

    static let lineageColumns = "l.id, l.hash, l.git_repo, l.git_commit, l.git_branch, l.creator_identity, l.job_count, l.created_at"

    public func lineage(hash: String, visibleTo viewer: Viewer) async throws -> LineageInfo? {
        var builder = QueryBuilder()
        let sql = """
            SELECT \(Self.lineageColumns) FROM lineages l
            WHERE l.hash = \(builder.bind(hash)) AND \(Self.visible(lineage: "l.id", viewer: builder.bind(viewer.userID)))
            """
        let query = builder.query(sql)
        return try await read { connection in
            guard let row = try await connection.query(query, logger: self.logger).collect().first else { return nil }
            return try await self.lineageInfo(connection, row, viewer: viewer)
        }
    }

    public func lineages(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [LineageInfo] {
        var builder = QueryBuilder()
        let sql = """
            SELECT \(Self.lineageColumns) FROM lineages l WHERE l.hash >= \(builder.bind(prefix.hex)) AND l.hash < \(builder.bind(prefix.upperBound))
              AND \(Self.visible(lineage: "l.id", viewer: builder.bind(viewer.userID)))
            ORDER BY l.hash LIMIT \(builder.bind(limit))
            """
        let query = builder.query(sql)
        return try await read { connection in
            var result: [LineageInfo] = []
            for row in try await connection.query(query, logger: self.logger).collect() {
                result.append(try await self.lineageInfo(connection, row, viewer: viewer))
            }
            return result
        }
    }

    public func recentLineages(_ listing: LineageListing, visibleTo viewer: Viewer) async throws -> (lineages: [LineageInfo], total: Int) {
        // Signed-in users list their own and their projects' lineages; anonymous readers list
        // public lineages.
        var builder = QueryBuilder()
        var conditions = [
            viewer.userID.map { Self.editable(lineage: "l.id", viewer: builder.bind($0)) }
                ?? "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = l.id AND p.visibility = 'public')"
        ]
        if let since = listing.since { conditions.append("l.created_at >= \(builder.bind(since.timeIntervalSince1970))") }
        if let until = listing.until { conditions.append("l.created_at < \(builder.bind(until.timeIntervalSince1970))") }
        let window = conditions.joined(separator: " AND ")
        let count = builder.query("SELECT count(*) FROM lineages l WHERE \(window)")
        let sql = """
            SELECT \(Self.lineageColumns) FROM lineages l WHERE l.id < \(builder.bind(listing.beforeID ?? Int64.max)) AND \(window)
            ORDER BY l.id DESC LIMIT \(builder.bind(max(0, listing.limit)))
            """
        let page = builder.query(sql)
        return try await read { connection in
            let total = try await connection.query(count, logger: self.logger).collect().first!.decode(Int64.self)
            var result: [LineageInfo] = []
            for row in try await connection.query(page, logger: self.logger).collect() {
                result.append(try await self.lineageInfo(connection, row, viewer: viewer))
            }
            return (result, Int(total))
        }
    }

    /// A lineage's header from its row, with its visibility and owner as `PublicationVisibility`
    /// decides them from its publications.
    func lineageInfo(_ connection: PostgresConnection, _ row: PostgresRow, viewer: Viewer) async throws -> LineageInfo {
        let (id, hash, repo, commit, branch, creator, jobCount, created) =
            try row.decode((Int64, String, String?, String?, String?, String, Int32, Double).self)
        let publications = try await publications(connection, lineageID: id)
        let ownerID = PublicationVisibility.attributedOwner(publications, viewer: viewer)
        var ownerName: String?
        if let ownerID {
            ownerName = try await connection.query("SELECT name FROM users WHERE id = \(ownerID)", logger: logger).collect().first?.decode(
                String.self)
        }
        return LineageInfo(
            id: id, hash: hash, git: GitContext(repo: repo, commit: commit, branch: branch), creatorIdentity: creator,
            jobCount: Int(jobCount), createdAt: Date(timeIntervalSince1970: created), visibility: PublicationVisibility.visibility(of: publications),
            ownerID: ownerID, ownerName: ownerName)
    }
}
