import LineageModel

/// The same content published again under other job uids (roar-cli derives uids from its local
/// hash, which differs between publishers) is the same lineage: the new uids become aliases of
/// the stored jobs, so labels and re-registers that name them find their job.
public enum JobAliasPairing {
    /// The aliases a second publication of a stored lineage adds: equal jobs sit at equal
    /// canonical positions, so the jobs pair by position; each pair whose uids differ is an
    /// alias (the new uid, the stored job's id). None when the job counts differ.
    public static func aliases(stored: [PublishedJob], publishing jobs: [Job]) -> [(uid: String, jobID: Int64)] {
        guard stored.count == jobs.count else { return [] }
        let storedOrder = LineageHasher.canonicalJobOrder(stored.map(\.job))
        let newOrder = LineageHasher.canonicalJobOrder(jobs)
        return zip(storedOrder, newOrder).compactMap { storedIndex, newIndex in
            let uid = jobs[newIndex].jobUID
            return stored[storedIndex].job.jobUID == uid ? nil : (uid, stored[storedIndex].id)
        }
    }
}
