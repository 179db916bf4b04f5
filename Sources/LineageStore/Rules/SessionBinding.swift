/// The binding rule: a registration session whose staged jobs were all published before, by
/// the same creator, in one and the same lineage, with no links staged, is a re-register of that
/// lineage. Finalize then binds the session to it (recording the new publication) instead of
/// publishing anything. Stores compute it from the staging rows when they read an open session.
public enum SessionBinding {
    /// The lineage the session is bound to, from the staged jobs' `already_registered` texts
    /// (nil: published nowhere yet; `a,b`: in several lineages) and whether any link was staged.
    /// The distinct texts decide it, and two of them are enough: a store reads at most two.
    public static func boundLineage(alreadyRegistered: [String?], hasLinks: Bool) -> String? {
        guard !alreadyRegistered.isEmpty, !hasLinks else { return nil }
        var only: String?
        for registered in alreadyRegistered {
            guard let registered, !registered.contains(",") else { return nil }
            if let only, only != registered { return nil }
            only = registered
        }
        return only
    }

    /// The `already_registered` text of a staged job: the lineages (by hash) its creator already
    /// published it in, comma-separated; nil when none.
    public static func registeredText(_ lineageHashes: [String]) -> String? {
        lineageHashes.isEmpty ? nil : lineageHashes.joined(separator: ",")
    }

    /// How staging a job went: already published (whether or not staged before), else new to
    /// the session or staged again.
    public static func stagingState(publishedIn lineageHashes: [String], stagedBefore: Bool) -> JobStagingResult.State {
        if !lineageHashes.isEmpty { return .alreadyRegistered(lineageHashes) }
        return stagedBefore ? .existing : .created
    }
}
