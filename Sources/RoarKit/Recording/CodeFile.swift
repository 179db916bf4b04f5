import Foundation
import LineageModel

/// A code file a job read (a script, a module, a notebook, a shared library of the project):
/// its digest as read and how it stood against the recorded commit, so that a run on
/// uncommitted code is told from one the commit reproduces. Kept in the job's metadata as
/// `code: [{path, digest, git}]`, which `roar register` sends (never the file or a patch).
public struct CodeFile: Sendable, Hashable, Codable {
    /// How the file stood against the commit when the job ran.
    public enum GitState: String, Sendable, Codable {
        /// As committed: the commit holds exactly what ran.
        case committed
        /// Tracked, with changes not committed (staged or not).
        case modified
        /// In no commit: untracked, ignored, or outside any repository.
        case untracked
    }

    /// Relative to the project (or absolute outside it).
    public var path: String
    /// BLAKE3 of the content as read; nil in records made before roar recorded it.
    public var digest: String?
    public var git: GitState

    public init(path: String, digest: String?, git: GitState) {
        self.path = path
        self.digest = digest
        self.git = git
    }

    /// Whether the commit alone cannot rebuild this file.
    public var isUncommitted: Bool { git != .committed }

    /// The metadata form.
    public var json: JSONValue {
        ["path": .string(path), "digest": digest.map(JSONValue.string) ?? .null, "git": .string(git.rawValue)]
    }

    /// Reads `metadata.code`: objects as written now, or plain paths as older records (and
    /// roar-cli, which lists none) have them; those were tracked files the commit stood for.
    public static func list(_ value: JSONValue?) -> [CodeFile] {
        (value?.arrayValue ?? []).compactMap { entry in
            if let path = entry.stringValue { return CodeFile(path: path, digest: nil, git: .committed) }
            guard let path = entry["path"]?.stringValue, !path.isEmpty else { return nil }
            let digest = entry["digest"]?.stringValue.flatMap { HexString.isHash256($0) ? $0 : nil }
            return CodeFile(path: path, digest: digest, git: entry["git"]?.stringValue.flatMap(GitState.init(rawValue:)) ?? .untracked)
        }
    }
}
