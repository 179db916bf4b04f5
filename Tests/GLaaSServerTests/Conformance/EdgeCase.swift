import HTTPTypes
import TestSupport

/// One edge case of the store conformance test: the requests of one registration (and the reads
/// after it), sent alike to every store. Bodies are raw JSON text, so that duplicate keys, `NaN`
/// and lone surrogate escapes reach the server as a client would send them.
struct EdgeCase: Sendable, CustomStringConvertible {
    /// One request. `{session}` in a path is the case's registration session, `{hash}` the
    /// lineage its finalize published.
    struct Step: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
    }

    /// What the case is about (it names the lines of the transcript).
    var name: String
    /// Its requests, in order.
    var steps: [Step]

    var description: String { name }

    /// The job uid of the case's job (its own, so that cases do not bind to each other).
    static func uid(_ name: String) -> String { "c" + String(TestDigest.label(name).prefix(20)) }

    /// A registration: jobs, artifacts, links, finalize, then the reads of what was published.
    /// Each of `job`, `artifact` and `link` is the inside of a JSON object, with defaults added
    /// for the members it leaves out.
    static func registration(
        _ name: String, job: String = "", artifact: String = "", link: String = "", extra: [Step] = [], finalize: String = "{}",
        after: [Step] = [], reads: [String] = []
    ) -> EdgeCase {
        let uid = uid(name)
        let digest = TestDigest.label(name + "-out")
        let base = "/api/v1/registration-sessions/{session}"
        var jobFields = [#""job_uid": "\#(uid)""#]
        if !job.contains(#""step_number""#) { jobFields.append(#""step_number": 1"#) }
        if !job.contains(#""command""#) { jobFields.append(#""command": "python train.py""#) }
        if !job.isEmpty { jobFields.append(job) }
        var artifactFields = artifact.contains(#""hashes""#) ? [] : [#""hashes": [{"algorithm": "blake3", "digest": "\#(digest)"}]"#]
        if !artifact.contains(#""size""#) { artifactFields.append(#""size": 7"#) }
        if !artifact.isEmpty { artifactFields.append(artifact) }
        var linkFields = link.contains(#""hash""#) ? [] : [#""hash": "\#(digest)""#]
        if !link.contains(#""path""#) { linkFields.append(#""path": "/work/out.bin""#) }
        if !link.isEmpty { linkFields.append(link) }
        var steps = [
            Step(method: .post, path: "\(base)/jobs/batch", body: #"{"jobs": [{\#(jobFields.joined(separator: ", "))}]}"#),
            Step(method: .post, path: "\(base)/artifacts/batch", body: #"{"artifacts": [{\#(artifactFields.joined(separator: ", "))}]}"#),
            Step(method: .post, path: "\(base)/jobs/\(uid)/outputs", body: #"{"artifacts": [{\#(linkFields.joined(separator: ", "))}]}"#),
        ]
        steps += extra
        steps.append(Step(method: .post, path: "\(base)/finalize", body: finalize))
        steps += after
        steps.append(Step(method: .get, path: "/api/v1/public/sessions/{hash}/reproduction"))
        steps.append(Step(method: .get, path: "/api/graph/v1/lineages/{hash}"))
        steps.append(Step(method: .get, path: "/api/v1/public/artifacts/\(digest)"))
        steps += reads.map { Step(method: .get, path: $0) }
        return EdgeCase(name: name, steps: steps)
    }
}
