import Foundation
import GRDB
import RoarEnvironment

extension LocalStore {
    /// The facts stored under `keys` with this `stamp` (others are stale or unknown), from the
    /// project's store, else from the user's machine-wide cache (`MachineFacts`), whose answers
    /// are then kept in the project too.
    func facts(_ keys: [String], stamp: Int64) throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        var found = try queue.read { db in
            var found: [String: String] = [:]
            let statement = try db.cachedStatement(sql: "SELECT value FROM facts WHERE key = ? AND stamp = ?")
            for key in keys {
                if let value = try String.fetchOne(statement, arguments: [key, stamp]) { found[key] = value }
            }
            return found
        }
        let missing = keys.filter { found[$0] == nil }
        if !missing.isEmpty, let machine = machineFacts {
            let known = machine.facts(missing, stamp: stamp)
            try storeLocally(known, stamp: stamp)
            found.merge(known) { local, _ in local }
        }
        return found
    }

    /// Keeps `facts` in the project's store and in the user's machine-wide cache.
    func storeFacts(_ facts: [String: String], stamp: Int64) throws {
        try storeLocally(facts, stamp: stamp)
        machineFacts?.store(facts, stamp: stamp)
    }

    private func storeLocally(_ facts: [String: String], stamp: Int64) throws {
        guard !facts.isEmpty else { return }
        try queue.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO facts (key, stamp, value) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET stamp = excluded.stamp, value = excluded.value
                    """)
            for (key, value) in facts { try statement.execute(arguments: [key, stamp, value]) }
        }
    }

    /// The version `executable` reports when run (`PythonInterpreter.versionByRunning`), asked
    /// once per build of it: kept under its size and modification time.
    public func interpreterVersion(_ executable: String) -> String? {
        guard let stamp = FileStamp(path: executable) else { return PythonInterpreter.versionByRunning(executable) }
        let key = "python-version:" + executable
        let stamped = stamp.size &* 1_000_003 &+ stamp.mtimeNanoseconds
        if let known = try? facts([key], stamp: stamped)[key] { return known }
        guard let answer = PythonInterpreter.versionByRunning(executable) else { return nil }
        try? storeFacts([key: answer], stamp: stamped)
        return answer
    }

    /// The Debian packages owning `paths`, asking dpkg only about what it was not asked since
    /// its database last changed (`dpkg-query -S` takes about half a second per call).
    public func debianPackages(owning paths: [String]) -> [DebianPackage] {
        guard !paths.isEmpty, let stamp = DebianPackage.databaseStamp else { return [] }
        let ownerKeys = paths.map { "dpkg-owner:" + $0 }
        var owners: [String: [String]] = [:]
        for (key, value) in (try? facts(ownerKeys, stamp: stamp)) ?? [:] {
            owners[String(key.dropFirst("dpkg-owner:".count))] = value.split(separator: ",").map(String.init)
        }
        let unknown = paths.filter { owners[$0] == nil }
        if !unknown.isEmpty, let asked = DebianPackage.owners(of: unknown) {
            owners.merge(asked) { _, new in new }
            try? storeFacts(Dictionary(uniqueKeysWithValues: asked.map { ("dpkg-owner:" + $0.key, $0.value.joined(separator: ",")) }), stamp: stamp)
        }
        let names = Set(owners.values.joined()).sorted()
        let packageKeys = names.map { "dpkg-package:" + $0 }
        var packages: [DebianPackage] = []
        let known = (try? facts(packageKeys, stamp: stamp)) ?? [:]
        for value in known.values {
            if let package = try? JSONDecoder().decode(DebianPackage.self, from: Data(value.utf8)) { packages.append(package) }
        }
        let missing = names.filter { known["dpkg-package:" + $0] == nil }
        if !missing.isEmpty {
            let found = DebianPackage.installed(missing)
            packages += found
            var entries: [String: String] = [:]
            for name in missing {
                let plain = name.split(separator: ":").first.map(String.init) ?? name
                let architecture = name.contains(":") ? String(name.split(separator: ":").last!) : nil
                if let package = found.first(where: { $0.name == plain && (architecture == nil || $0.architecture == architecture) }),
                    let data = try? JSONEncoder().encode(package)
                {
                    entries["dpkg-package:" + name] = String(decoding: data, as: UTF8.self)
                }
            }
            try? storeFacts(entries, stamp: stamp)
        }
        return Set(packages).sorted { ($0.name, $0.architecture) < ($1.name, $1.architecture) }
    }
}
