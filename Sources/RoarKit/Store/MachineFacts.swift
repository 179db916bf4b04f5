import Foundation
import GRDB

/// Facts about this machine that every project would otherwise ask for again: which Debian
/// package owns a file, the version an interpreter reports. Kept per user in
/// `$XDG_CACHE_HOME/roar/facts.sqlite` (else `~/.cache/roar/facts.sqlite`), each under the
/// stamp it holds for (dpkg's database, the interpreter's size and mtime), so a new project's
/// first job does not pay for them (`dpkg-query -S` alone takes about 0.1-0.5 s).
///
/// A cache only: any failure (no home, a read-only disk, a locked file) leaves the answers to
/// be asked, never fails a run. `ROAR_MACHINE_CACHE=off` turns it off.
final class MachineFacts: Sendable {
    private let queue: DatabaseQueue

    /// The cache of the current user, opened once per process; nil when it is off or cannot
    /// be opened.
    static let shared: MachineFacts? = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["ROAR_MACHINE_CACHE"] != "off", let path = defaultPath(environment: environment) else { return nil }
        return try? MachineFacts(path: path)
    }()

    /// `$XDG_CACHE_HOME/roar/facts.sqlite`, else under `$HOME/.cache` (the XDG base directory
    /// rules); nil without an absolute home.
    static func defaultPath(environment: [String: String]) -> String? {
        func absolute(_ name: String) -> String? {
            guard let value = environment[name], value.hasPrefix("/") else { return nil }
            return value
        }
        guard let base = absolute("XDG_CACHE_HOME") ?? absolute("HOME").map({ $0 + "/.cache" }) else { return nil }
        return base + "/roar/facts.sqlite"
    }

    init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(2)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-facts") { db in
            try db.execute(sql: "CREATE TABLE facts (key TEXT PRIMARY KEY, stamp INTEGER NOT NULL, value TEXT NOT NULL)")
        }
        try migrator.migrate(queue)
    }

    /// The facts stored under `keys` with this `stamp`; empty when the cache cannot answer.
    func facts(_ keys: [String], stamp: Int64) -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        return
            (try? queue.read { db in
                var found: [String: String] = [:]
                let statement = try db.cachedStatement(sql: "SELECT value FROM facts WHERE key = ? AND stamp = ?")
                for key in keys {
                    if let value = try String.fetchOne(statement, arguments: [key, stamp]) { found[key] = value }
                }
                return found
            }) ?? [:]
    }

    /// Keeps `facts` under `stamp`, replacing what older stamps said; failures are ignored.
    func store(_ facts: [String: String], stamp: Int64) {
        guard !facts.isEmpty else { return }
        try? queue.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO facts (key, stamp, value) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET stamp = excluded.stamp, value = excluded.value
                    """)
            for (key, value) in facts { try statement.execute(arguments: [key, stamp, value]) }
        }
    }
}
