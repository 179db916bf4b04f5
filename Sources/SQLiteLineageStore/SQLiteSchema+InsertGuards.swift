import GRDB

extension SQLiteSchema {
    /// Migration v8-insert-guards: a trigger on every history table refuses an insert that
    /// meets a stored row's key (its rowid, primary key or any unique key).
    ///
    /// The delete triggers refuse `INSERT OR REPLACE` only on connections with
    /// `recursive_triggers` on, as the store opens its own; an operator's `sqlite3` shell has it
    /// off, and REPLACE there deleted and rewrote history silently. An insert guard fires on
    /// every connection, so REPLACE and UPSERT of a history row are refused wherever they come
    /// from. The store's own inserts therefore skip rows already stored (`WHERE NOT EXISTS`, or
    /// a lookup first) instead of meeting them `ON CONFLICT DO NOTHING`.
    static func createInsertGuards(_ db: Database, tables: [String]) throws {
        for table in tables {
            var keys: [[String]] = []
            let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) ?? ""
            if !definition.uppercased().contains("WITHOUT ROWID") { keys.append(["rowid"]) }
            for index in try Row.fetchAll(db, sql: "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1", arguments: [table]) {
                let name: String = index["name"]
                keys.append(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name]))
            }
            let conditions = keys.map { columns in
                "EXISTS (SELECT 1 FROM \(table) WHERE " + columns.map { "\($0) = NEW.\($0)" }.joined(separator: " AND ") + ")"
            }
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_append_only_insert BEFORE INSERT ON \(table) WHEN \(conditions.joined(separator: " OR "))
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: a stored row cannot be replaced'); END;
                    """)
        }
    }
}
