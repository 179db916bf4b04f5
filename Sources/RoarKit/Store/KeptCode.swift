import BLAKE3Hashing
import Foundation
import LineageModel

/// Copies of code files that no commit holds as a job read them (modified or untracked), kept
/// in `.roar/code/<blake3>` so `roar reproduce --run` can rebuild with the exact code. Each copy
/// is the whole file, named by the digest recorded for it: what a patch against the commit
/// would rebuild, checked by its hash. Copies stay with the user: `roar register` sends the
/// digests, never these files.
public struct KeptCode: Sendable {
    public let directory: String

    public init(project: RoarProject) {
        directory = project.roarDirectory + "/code"
    }

    /// Keeps the content of `path` under `digest` unless a copy is there; false when the file
    /// no longer hashes to `digest` (it changed since it was read) or cannot be copied.
    @discardableResult
    public func keep(_ path: String, digest: String) -> Bool {
        let destination = directory + "/" + digest
        if FileManager.default.fileExists(atPath: destination) { return true }
        guard let data = FileManager.default.contents(atPath: path), BLAKE3.hash(data).hex == digest else { return false }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = directory + "/.\(digest).\(UUID().uuidString)"
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, destination) != 0 {
                try? FileManager.default.removeItem(atPath: temporary)
                return FileManager.default.fileExists(atPath: destination)
            }
            return true
        } catch {
            return false
        }
    }

    /// The kept content for `digest`, nil when there is none or it no longer hashes to it.
    public func content(_ digest: String) -> Data? {
        guard HexString.isHash256(digest), let data = FileManager.default.contents(atPath: directory + "/" + digest),
            BLAKE3.hash(data).hex == digest
        else { return nil }
        return data
    }
}
