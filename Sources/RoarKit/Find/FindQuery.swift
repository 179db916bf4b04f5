import Foundation
import LineageModel

/// What `roar find` looks for: every given criterion must hold.
public struct FindQuery: Sendable {
    /// A compliance tag kind, optionally with one of its values.
    public var tag: (kind: String, value: String?)?
    /// Text contained in an artifact's path.
    public var path: String?
    /// Text contained in a job's command.
    public var command: String?
    /// At or after this instant (when the job ran; for the registry's artifacts, when registered).
    public var since: Date?
    /// Before this instant.
    public var until: Date?
    /// The git repository the job ran in, exactly as recorded.
    public var repo: String?
    /// The start of the job's git commit (lowercase hex).
    public var commit: String?
    /// At most this many matches.
    public var limit: Int

    /// A query.
    public init(limit: Int) {
        self.limit = limit
    }

    /// Whether a criterion names artifacts (then artifacts are listed, jobs only through their tags).
    public var looksForArtifacts: Bool { tag != nil || path != nil }

    /// The instant `text` names (`InstantText`: RFC 3339, a day, Unix seconds, or an age such
    /// as `30m`, `6h`, `2d`, `1w`); a day given to `--until` includes that whole day.
    public static func time(_ text: String, option: String, now: Date = Date()) throws -> Date {
        guard let date = InstantText.parse(text, now: now, endOfDay: option == "until") else {
            throw RoarError.usage("--\(option) \(text) is not a time: give \(InstantText.accepted)")
        }
        return date
    }

    /// A commit prefix: 4 to 40 hex characters, lowercased.
    public static func commit(_ text: String) throws -> String {
        guard (4...64).contains(text.count), text.allSatisfy(\.isHexDigit) else {
            throw RoarError.usage("--commit \(text) is not a commit: give 4 to 40 hex characters")
        }
        return text.lowercased()
    }
}

/// One thing `roar find` found.
public struct FindMatch: Sendable, Hashable {
    /// `job` or `artifact`.
    public var kind: String
    /// The job's uid or the artifact's digest.
    public var id: String
    /// The command (job) or a path (artifact).
    public var text: String
    /// When the job ran (or the artifact was last touched; on the registry, registered).
    public var time: Date?
    /// The lineage it belongs to (registry jobs).
    public var lineage: String?

    /// A match.
    public init(kind: String, id: String, text: String, time: Date?, lineage: String? = nil) {
        self.kind = kind
        self.id = id
        self.text = text
        self.time = time
        self.lineage = lineage
    }
}
