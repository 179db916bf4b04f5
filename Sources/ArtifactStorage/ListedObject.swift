import Foundation

/// One object of a listing: where it is, its key relative to the listed prefix, its size.
public struct ListedObject: Sendable, Hashable {
    public var location: StorageLocation
    /// The key below the prefix, as the server gave it (untrusted: it may hold `..`).
    public var relativeKey: String
    public var size: Int64

    public init(location: StorageLocation, relativeKey: String, size: Int64) {
        self.location = location
        self.relativeKey = relativeKey
        self.size = size
    }

    /// The relative key as a local relative path, or nil when it could leave the directory it
    /// is written into: empty, absolute, a `.` or `..` component, a backslash or a NUL, or an
    /// empty component (`a//b`). Keys ending with `/` are folder markers, not files.
    public var safeRelativePath: String? {
        Self.safeRelativePath(relativeKey)
    }

    /// See `safeRelativePath`.
    public static func safeRelativePath(_ key: String) -> String? {
        guard !key.isEmpty, !key.hasPrefix("/"), !key.hasSuffix("/"), !key.contains("\0"), !key.contains("\\") else { return nil }
        let components = key.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return key
    }
}
