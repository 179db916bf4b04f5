import Foundation
import LineageModel
import RoarEnvironment
import RoarTrace

/// Runs a command under the tracer and records it as a job: what it read (hashed as it was
/// read), what it wrote, what it ran, and where and with what it ran.
public struct JobRecorder {
    public let project: RoarProject
    public let configuration: RoarConfiguration
    public let store: LocalStore

    public init(project: RoarProject, configuration: RoarConfiguration, store: LocalStore) {
        self.project = project
        self.configuration = configuration
        self.store = store
    }

    /// What a run left behind besides the job: counts of what the filter left out.
    public struct Outcome: Sendable {
        public var job: LocalJob
        public var report: TraceReport
        public var leftOut: [String: Int]
        public var temporaries: Int
    }

    /// Runs `argv` to completion under the tracer and records it. Throws before the command
    /// starts when it cannot be traced (nothing runs untraced). `stepName` is `roar run -n`'s name.
    public func run(
        _ argv: [String], jobType: String = "run", workingDirectory: String = FileManager.default.currentDirectoryPath, stepName: String? = nil
    ) async throws -> Outcome {
        guard !argv.isEmpty else { throw RoarError.usage("nothing to run: give a command, e.g. roar run python train.py") }
        let capture = EnvironmentCapture(
            project: project, configuration: configuration, store: store, workingDirectory: workingDirectory,
            environment: ProcessInfo.processInfo.environment)
        var timing = PhaseTiming()
        let gitBefore = capture.gitBefore()
        timing.end("git")
        let preliminary = PathFilter(project: project, configuration: configuration)
        let keep: @Sendable (String) -> Bool = { preliminary.verdict($0, written: false) == .keep }
        let readAhead = ReadAheadHasher(store: store, keep: keep)
        let guardian = ChangeGuard(keep: keep, readAhead: readAhead)
        let report: TraceReport
        do {
            report = try await Tracer.run(TraceRequest(argv, workingDirectory: workingDirectory), observer: guardian)
        } catch let error as TraceError {
            _ = readAhead.finish()
            throw RoarError.failed("cannot trace the command, so it was not run: \(error)")
        } catch {
            _ = readAhead.finish()
            throw error
        }
        let hashedWhileRunning = readAhead.finish()
        timing.end("trace")
        let python = EnvironmentCapture.python(report, store: store)
        timing.end("python")
        let classified = try classify(
            report, preChange: guardian.preChangeDigests, readAhead: hashedWhileRunning,
            interpreters: EnvironmentCapture.interpreterPrefixes(report, python: python),
            gitRoot: gitBefore?.root)
        timing.end("classify+hash")
        let environment = capture.capture(report: report, git: gitBefore, python: python)
        timing.end("environment")
        let metadata = capture.metadata(environment, report: report, classified: classified)
        var job = LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: jobType, command: ShellQuoting.join(argv), argv: argv,
            cwd: workingDirectory, startedAt: report.startTime, durationSeconds: report.endTime.timeIntervalSince(report.startTime),
            exitCode: nil, signal: nil, gitRepo: gitBefore?.repo, gitCommit: gitBefore?.commit, gitBranch: gitBefore?.branch,
            gitClean: gitBefore?.clean, metadata: CanonicalJSON.string(metadata), inputs: classified.inputs, outputs: classified.outputs,
            executables: classified.executables,
            processes: report.processes.map {
                LocalProcess(
                    pid: $0.pid, parentPID: $0.parentPID, argv: $0.argv, executable: $0.executable,
                    exit: $0.exitStatus.map(\.description) ?? "unknown")
            },
            environment: environment, notes: classified.notes + report.warnings)
        switch report.exitStatus {
        case .exited(let code): job.exitCode = Int(code)
        case .signaled(let signal): job.signal = Int(signal)
        }
        job.stepName = stepName
        let recorded = try store.record(job)
        if let stepName {
            // As roar-cli records it: the job's `name` label, a user key, sent at register.
            try store.updateLabel(LocalLabelTarget(kind: .job, key: recorded.uid, display: recorded.uid)) { document in
                var root = document.root
                root["name"] = .string(stepName)
                return LabelDocument(root)
            }
        }
        timing.end("record")
        timing.report()
        return Outcome(job: recorded, report: report, leftOut: classified.leftOut, temporaries: classified.temporaries)
    }
}
