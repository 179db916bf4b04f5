import Foundation

extension Recipe {
    /// The recipe of a recorded artifact: the job that last wrote it and, upstream, the jobs
    /// that wrote its inputs, plus the build steps of that session recorded before it.
    /// A file nothing recorded wrote (a source) has a recipe without steps.
    public static func local(file: LocalFile, store: LocalStore, project: RoarProject) throws -> Recipe {
        guard let producer = try store.producer(ofDigest: file.digest) else {
            return Recipe(
                origin: "local", target: RecipeFile(path: relative(file.path, to: project.root), digest: file.digest),
                repo: nil, commit: nil, branch: nil, root: project.root, steps: [])
        }
        return try local(producer: producer, target: file, store: store, project: project)
    }

    /// The recipe of a recorded job (`@3`): that job and what it depends on; its target is the
    /// job's only output (nil when it wrote none or several).
    public static func local(job: LocalJob, store: LocalStore, project: RoarProject) throws -> Recipe {
        try local(producer: job, target: job.outputs.count == 1 ? job.outputs[0] : nil, store: store, project: project)
    }

    static func local(producer: LocalJob, target: LocalFile?, store: LocalStore, project: RoarProject) throws -> Recipe {
        var jobs: [Int64: LocalJob] = [producer.id: producer]
        var pending = [producer]
        while let job = pending.popLast() {
            for input in job.inputs {
                guard let upstream = try store.producer(ofDigest: input.digest, before: job.id), jobs[upstream.id] == nil else { continue }
                jobs[upstream.id] = upstream
                pending.append(upstream)
            }
        }
        for job in try store.jobs(session: producer.sessionID) where job.jobType == "build" && job.id < producer.id {
            jobs[job.id] = job
        }
        let ordered = jobs.values.sorted { ($0.jobType == "build" ? 0 : 1, $0.id) < ($1.jobType == "build" ? 0 : 1, $1.id) }
        let root = producer.environment?.git?.root ?? project.root
        return Recipe(
            origin: "local", target: target.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) },
            repo: producer.gitRepo, commit: producer.gitCommit, branch: producer.gitBranch, root: root,
            steps: ordered.map { step($0, root: root) })
    }

    static func step(_ job: LocalJob, root: String) -> RecipeStep {
        let facts = RecipeStep.facts(.string(job.metadata))
        var environment = facts.environment
        for variable in job.environment?.variables ?? [] {
            if let value = variable.value, !variable.redacted { environment[variable.name] = value }
        }
        let cwd = relative(job.cwd, to: root)
        return RecipeStep(
            number: job.stepNumber, uid: job.uid, jobType: job.jobType, command: job.command, argv: job.argv,
            cwd: cwd == "." ? "" : cwd, commit: job.gitCommit, branch: job.gitBranch, clean: job.gitClean,
            inputs: job.inputs.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) },
            outputs: job.outputs.map { RecipeFile(path: relative($0.path, to: root), digest: $0.digest) },
            pip: facts.pip, dpkg: facts.dpkg, python: facts.python, environment: environment, code: facts.code)
    }
}
