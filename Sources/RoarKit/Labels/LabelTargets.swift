import Foundation
import GLaaSClient

/// The targets `roar label` and `roar tag` accept, as roar-cli does: `dag current` (the active
/// session's lineage), a job (`@N` or its uid) or an artifact (a path or a digest prefix); the
/// kind is inferred when not given (`@N` and job uids are jobs, paths and digests artifacts).
public enum LabelTargets {
    /// Whether `word` names a kind (`composite` is labelled as an artifact).
    public static func kind(_ word: String) -> LocalLabelTarget.Kind? {
        let lowered = word.lowercased()
        return lowered == "composite" ? .artifact : LocalLabelTarget.Kind(rawValue: lowered)
    }

    /// The local target `text` names.
    public static func resolve(kind: LocalLabelTarget.Kind?, _ text: String, store: LocalStore) throws -> LocalLabelTarget {
        if kind == .dag {
            guard ["current", "session", "@session"].contains(text.lowercased()) else {
                throw RoarError.usage("a local dag target is `current` (the active session); a registered lineage needs --remote")
            }
            let session = try store.activeSessionID()
            return LocalLabelTarget(kind: .dag, key: String(session), display: "session \(session)")
        }
        if kind == .job, !text.hasPrefix("@") {
            guard let job = try store.job(uid: text.lowercased()) else { throw RoarError.usage("job not found: \(text)") }
            return LocalLabelTarget(kind: .job, key: job.uid, display: job.uid)
        }
        if text.hasPrefix("@") && text.dropFirst().uppercased().hasPrefix("B") {
            throw RoarError.usage("build steps (@B…) are not labelled by step: use the job's uid")
        }
        switch try Target.resolve(text, store: store) {
        case .job(let job):
            guard kind != .artifact else { throw RoarError.usage("\(text) is a job, not an artifact") }
            return LocalLabelTarget(kind: .job, key: job.uid, display: text.hasPrefix("@") ? text : job.uid)
        case .artifact(let file):
            guard kind != .job else { throw RoarError.usage("\(text) is an artifact, not a job") }
            let isDigest = text.count >= 6 && text.allSatisfy(\.isHexDigit) && file.digest.hasPrefix(text.lowercased())
            return LocalLabelTarget(kind: .artifact, key: file.digest, display: isDigest ? Output.short(file.digest) : text)
        }
    }

    /// The registry target `text` names: a lineage hash (dag), a remote job uid (with
    /// `session`), an artifact digest prefix; a local `@N`, uid or path is translated through
    /// this project's registrations at `registryURL`.
    public static func remote(
        kind: LocalLabelTarget.Kind?, _ text: String, session: String?, store: LocalStore?, registryURL: String
    ) throws -> RemoteLabelTarget {
        let hex = text.lowercased()
        let isHex = hex.count >= 8 && hex.count <= 64 && hex.allSatisfy(\.isHexDigit)
        switch kind {
        case .dag:
            guard hex.count == 64, isHex else { throw RoarError.usage("a remote dag target is a lineage hash (64 hex characters)") }
            return RemoteLabelTarget(entityType: "dag", sessionHash: hex)
        case .job:
            if let session, isHex { return RemoteLabelTarget(entityType: "job", sessionHash: try lineageHash(session), jobUID: hex) }
            guard let store else { throw RoarError.usage("a remote job target needs --session LINEAGE_HASH") }
            let local = try resolve(kind: .job, text, store: store)
            return try registeredJob(local.key, text: text, store: store, registryURL: registryURL)
        case .artifact, nil:
            if isHex && (kind == .artifact || store.map { (try? Target.resolve(text, store: $0)) == nil } ?? true) {
                return RemoteLabelTarget(entityType: "artifact", sessionHash: try session.map(lineageHash), artifactHash: hex)
            }
            guard let store else { throw RoarError.usage("\(text) is not a digest (8 to 64 hex characters)") }
            let local = try resolve(kind: kind, text, store: store)
            if local.kind == .job { return try registeredJob(local.key, text: text, store: store, registryURL: registryURL) }
            return RemoteLabelTarget(entityType: "artifact", sessionHash: try session.map(lineageHash), artifactHash: local.key)
        }
    }

    static func lineageHash(_ text: String) throws -> String {
        let hex = text.lowercased()
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { throw RoarError.usage("--session is a lineage hash (64 hex characters)") }
        return hex
    }

    /// A local job as the registry knows it: its remote uid in the newest lineage that published it.
    static func registeredJob(_ uid: String, text: String, store: LocalStore, registryURL: String) throws -> RemoteLabelTarget {
        guard let registration = try store.registrations(registryURL: registryURL).first(where: { $0.remoteJobUIDs[uid] != nil }) else {
            throw RoarError.usage(
                "job \(text) has not been registered at \(registryURL): run `roar register` first, or give its remote uid and --session")
        }
        return RemoteLabelTarget(entityType: "job", sessionHash: registration.lineageHash, jobUID: registration.remoteJobUIDs[uid])
    }
}
