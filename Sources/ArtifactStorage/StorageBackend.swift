import Foundation

/// What is known about a stored object without reading it.
public struct StoredObject: Sendable, Hashable {
    public var size: Int64
    /// The server's entity tag (S3: MD5 for single-part uploads), when it has one.
    public var etag: String?

    public init(size: Int64, etag: String?) {
        self.size = size
        self.etag = etag
    }
}

/// One kind of storage `roar put`/`roar get` can move files to and from, chosen by URL scheme.
/// Implementations stream: files are never held in memory whole.
public protocol StorageBackend: Sendable {
    /// Copies the local regular file at `path` to `location`, replacing what is there.
    func upload(file path: String, to location: StorageLocation) async throws

    /// Copies the object at `location` into the local file `path` (created or truncated);
    /// returns the number of bytes written.
    func download(_ location: StorageLocation, to path: String) async throws -> Int64

    /// The object at `location`, or nil when there is none.
    func stat(_ location: StorageLocation) async throws -> StoredObject?

    /// Every object whose key starts with `prefix` (a directory URL ending with `/`), each named
    /// by its key relative to the prefix, as the server spells it: callers must check the names
    /// before using them as local paths (see `ListedObject.safeRelativePath`).
    func list(_ prefix: StorageLocation) async throws -> [ListedObject]
}

extension StorageBackend {
    /// Whether an object exists at `location`.
    public func exists(_ location: StorageLocation) async throws -> Bool {
        try await stat(location) != nil
    }
}
