import Foundation

/// `file://` storage: a directory tree on this machine or a mounted share. Writes go to a
/// temporary name first and are renamed into place, so readers never see half a file.
public struct FileBackend: StorageBackend {
    public init() {}

    public func upload(file path: String, to location: StorageLocation) async throws {
        let target = try Self.path(location)
        let directory = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError.transfer("cannot create \(directory): \((error as NSError).localizedDescription)")
        }
        try Self.place(path, at: target)
    }

    public func download(_ location: StorageLocation, to path: String) async throws -> Int64 {
        let source = try Self.path(location)
        guard FileManager.default.fileExists(atPath: source) else { throw StorageError.notFound("\(location): no such file") }
        return try LocalFile.copy(source, to: path)
    }

    public func stat(_ location: StorageLocation) async throws -> StoredObject? {
        let path = try Self.path(location)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return StoredObject(size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, etag: nil)
    }

    public func list(_ prefix: StorageLocation) async throws -> [ListedObject] {
        let root = try Self.path(prefix)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StorageError.notFound("\(prefix): no such directory")
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { throw StorageError.transfer("\(prefix): cannot be read") }
        var objects: [ListedObject] = []
        while let relative = enumerator.nextObject() as? String {
            let full = (root as NSString).appendingPathComponent(relative)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full), attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            objects.append(
                ListedObject(
                    location: prefix.appending(relative), relativeKey: relative,
                    size: (attributes[.size] as? NSNumber)?.int64Value ?? 0))
        }
        return objects.sorted { $0.relativeKey < $1.relativeKey }
    }

    static func path(_ location: StorageLocation) throws -> String {
        guard case .file(let path) = location.kind else { throw StorageError.badURL("\(location) is not a file:// URL") }
        return path
    }

    /// Copies `source` to a temporary name beside `target`, then renames it into place.
    static func place(_ source: String, at target: String) throws {
        let temporary = LocalFile.temporaryName(beside: target)
        do {
            _ = try LocalFile.copy(source, to: temporary)
            guard rename(temporary, target) == 0 else { throw LocalFile.failure(target, errno, missing: false) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
