import Foundation

extension ForwardWalk {
    /// The walk down from `file` over the local store: the jobs that read its digest, their
    /// outputs, the jobs that read those, breadth first, every session included. Stops after
    /// `depth` jobs (saying so when more lay beyond) or at `limit` nodes.
    public static func local(from file: LocalFile, store: LocalStore, project: RoarProject, depth: Int, limit: Int) throws -> ForwardWalk {
        var walk = ForwardWalk(
            origin: "local", start: Artifact(digest: file.digest, path: project.relative(file.path), size: file.size, depth: 0), depth: depth,
            limit: limit)
        var jobIDs = Set<Int64>()
        var digests: Set<String> = [file.digest]
        var frontier = [file.digest]
        var level = 0
        walking: while !frontier.isEmpty {
            let readers = try frontier.map { digest in (digest, try store.consumers(ofDigest: digest)) }
            guard readers.contains(where: { $0.1.contains { !jobIDs.contains($0.id) } }) else { break }
            if level == depth {
                walk.depthLimitHit = true
                break
            }
            level += 1
            walk.depthReached = level
            var next: [String] = []
            for (digest, jobs) in readers {
                for job in jobs {
                    let key = "/" + job.uid
                    if jobIDs.contains(job.id) {
                        walk.edges.append(Edge(digest: digest, jobKey: key, relation: "input"))
                        continue
                    }
                    guard walk.jobs.count + walk.artifacts.count < limit else {
                        walk.nodeLimitHit = true
                        break walking
                    }
                    jobIDs.insert(job.id)
                    walk.jobs.append(
                        Job(lineageHash: nil, session: job.sessionID, uid: job.uid, step: job.stepNumber, command: job.command, depth: level))
                    walk.edges.append(Edge(digest: digest, jobKey: key, relation: "input"))
                    for output in job.outputs {
                        if digests.insert(output.digest).inserted {
                            guard walk.jobs.count + walk.artifacts.count < limit else {
                                walk.nodeLimitHit = true
                                break walking
                            }
                            walk.artifacts.append(
                                Artifact(digest: output.digest, path: project.relative(output.path), size: output.size, depth: level))
                            next.append(output.digest)
                        }
                        walk.edges.append(Edge(digest: output.digest, jobKey: key, relation: "output"))
                    }
                }
            }
            frontier = next
        }
        return walk
    }
}
