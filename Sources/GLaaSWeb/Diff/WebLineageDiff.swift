import LineageModel

/// What differs between two lineages, for the diff page: git, and job by job (matched by step
/// number, as `roar diff` does, then by command) the command, exit status, inputs and outputs
/// by path, packages and environment variables. Kept in the web module; the native query API's
/// `LineageDiff` can replace it behind the same page.
struct WebLineageDiff {
    /// One changed value: what it is, its text on each side (nil: absent there).
    struct Change: Hashable {
        var name: String
        var a: String?
        var b: String?
    }

    /// A pair of jobs at one step, or a job on one side only.
    struct JobPair {
        var step: Int
        var a: Job?
        var b: Job?
        var changes: [Change]
    }

    var git: [Change] = []
    var jobs: [JobPair] = []

    /// Jobs that are the same on both sides.
    var unchangedCount: Int { jobs.filter { $0.a != nil && $0.b != nil && $0.changes.isEmpty }.count }

    init(a: (git: GitContext, jobs: [Job]), b: (git: GitContext, jobs: [Job])) {
        for (name, left, right) in [("repository", a.git.repo, b.git.repo), ("commit", a.git.commit, b.git.commit), ("branch", a.git.branch, b.git.branch)]
        where left != right {
            git.append(Change(name: name, a: left, b: right))
        }
        let leftSteps = Dictionary(grouping: a.jobs, by: \.stepNumber)
        let rightSteps = Dictionary(grouping: b.jobs, by: \.stepNumber)
        for step in Set(leftSteps.keys).union(rightSteps.keys).sorted() {
            var left: [Job] = []
            var right = rightSteps[step] ?? []
            // Same command first, then in order.
            for job in leftSteps[step] ?? [] {
                if let match = right.firstIndex(where: { $0.command == job.command }) {
                    jobs.append(Self.pair(step, job, right.remove(at: match)))
                } else {
                    left.append(job)
                }
            }
            while !left.isEmpty || !right.isEmpty {
                jobs.append(Self.pair(step, left.isEmpty ? nil : left.removeFirst(), right.isEmpty ? nil : right.removeFirst()))
            }
        }
    }

    static func pair(_ step: Int, _ a: Job?, _ b: Job?) -> JobPair {
        guard let a, let b else { return JobPair(step: step, a: a, b: b, changes: []) }
        var changes: [Change] = []
        func compare(_ name: String, _ left: String?, _ right: String?) {
            if left != right { changes.append(Change(name: name, a: left, b: right)) }
        }
        compare("command", a.command, b.command)
        compare("exit status", a.exitCode.map(String.init), b.exitCode.map(String.init))
        compare("git commit", a.gitCommit, b.gitCommit)
        for (kind, left, right) in [("input", a.inputs, b.inputs), ("output", a.outputs, b.outputs)] {
            let leftPaths = byPath(left)
            let rightPaths = byPath(right)
            for path in Set(leftPaths.keys).union(rightPaths.keys).sorted() {
                compare("\(kind) \(path)", leftPaths[path], rightPaths[path])
            }
        }
        let leftMetadata = JobMetadata(a.metadata)
        let rightMetadata = JobMetadata(b.metadata)
        for (label, left, right) in [
            ("package", packageVersions(leftMetadata), packageVersions(rightMetadata)),
            ("variable", Dictionary(leftMetadata.variables, uniquingKeysWith: { first, _ in first }),
             Dictionary(rightMetadata.variables, uniquingKeysWith: { first, _ in first })),
        ] {
            for key in Set(left.keys).union(right.keys).sorted() { compare("\(label) \(key)", left[key], right[key]) }
        }
        return JobPair(step: step, a: a, b: b, changes: changes)
    }

    /// Edges by path (the hash when a path is missing).
    static func byPath(_ refs: [ArtifactRef]) -> [String: String] {
        var result: [String: String] = [:]
        for ref in refs { result[ref.path ?? ref.hash] = ref.hash }
        return result
    }

    /// `manager:name` to version.
    static func packageVersions(_ metadata: JobMetadata) -> [String: String] {
        var result: [String: String] = [:]
        for (manager, entries) in metadata.packages {
            for (name, version) in entries { result["\(manager):\(name)"] = version }
        }
        return result
    }
}
