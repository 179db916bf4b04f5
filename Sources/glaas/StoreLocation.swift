import ArgumentParser
import Foundation
import LineageStore

/// Resolves `--database` to a store.
enum StoreLocation {
    static func path(_ option: String?) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var location = option ?? environment["GLAAS_DATABASE"] ?? defaultPath(environment)
        if location.hasPrefix("sqlite://") {
            location = String(location.dropFirst("sqlite://".count))
        } else if location.hasPrefix("sqlite:") {
            location = String(location.dropFirst("sqlite:".count))
        } else if location.contains("://") {
            throw CommandFailure("unsupported database \"\(location)\": give a SQLite file path or sqlite:PATH")
        }
        guard !location.isEmpty else { throw CommandFailure("--database needs a path") }
        return (location as NSString).expandingTildeInPath
    }

    static func defaultPath(_ environment: [String: String]) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("glaas/registry.sqlite")
    }

    static func open(_ option: String?) throws -> SQLiteLineageStore {
        let path = try path(option)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            return try SQLiteLineageStore(path: path)
        } catch {
            throw CommandFailure("cannot open the database at \(path): \(error)")
        }
    }
}
