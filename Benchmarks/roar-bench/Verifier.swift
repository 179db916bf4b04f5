import Foundation

/// Checks that a traced run was really recorded, by the tracer it was meant to use, with the
/// inputs and outputs the workload has.
struct Verifier {
    let tools: Tools

    /// What a step is expected to leave in the store.
    struct Expectation: Sendable {
        var inputs: Int
        var outputs: Int
    }

    /// The verdict on one run.
    enum Verdict: Equatable {
        /// Recorded as expected.
        case ok
        /// Recorded by the named tracer but with fewer inputs/outputs than expected; timing kept.
        case incomplete(String)
        /// Not recorded, or recorded by another tracer: the timing is not the variant's.
        case invalid(String)
    }

    /// Counts of the newest job in the project's store: id, inputs, outputs.
    func latestJob(project: Project, variant: Variant) -> (id: Int, inputs: Int, outputs: Int)? {
        let query: String
        let database: String
        if variant == .roar {
            database = project.path + "/.roar/roar.sqlite"
            query = """
                SELECT j.id, (SELECT count(*) FROM job_files f WHERE f.job_id = j.id AND f.role = 'input'),
                (SELECT count(*) FROM job_files f WHERE f.job_id = j.id AND f.role = 'output') FROM jobs j ORDER BY j.id DESC LIMIT 1
                """
        } else {
            database = project.path + "/.roar/roar.db"
            query = """
                SELECT j.id, (SELECT count(*) FROM job_inputs i WHERE i.job_id = j.id),
                (SELECT count(*) FROM job_outputs o WHERE o.job_id = j.id) FROM jobs j ORDER BY j.id DESC LIMIT 1
                """
        }
        let script = """
            import sqlite3, sys
            row = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute(sys.argv[2]).fetchone()
            print(" ".join(map(str, row)) if row else "none")
            """
        guard let text = ChildProcess.capture([tools.python, "-c", script, database, query], in: project.path, environment: tools.environment)
        else { return nil }
        let numbers = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        return (numbers[0], numbers[1], numbers[2])
    }

    /// Verdict for the run that should have recorded job number `jobNumber` (1-based count of
    /// recorded runs in this project).
    func verify(project: Project, variant: Variant, jobNumber: Int, expected: Expectation, reportPath: String) -> Verdict {
        guard variant.records else { return .ok }
        if let tracer = variant.roarCLITracer {
            guard let data = FileManager.default.contents(atPath: reportPath),
                let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return .invalid("no roar-cli run report") }
            let backend = report["tracer_backend"] as? String ?? "none"
            guard backend == tracer else { return .invalid("traced by \(backend), not \(tracer)") }
        }
        guard let job = latestJob(project: project, variant: variant) else { return .invalid("no job in the store") }
        guard job.id >= jobNumber else { return .invalid("job not recorded (store has \(job.id) jobs, expected \(jobNumber))") }
        var missing: [String] = []
        if job.inputs < expected.inputs { missing.append("inputs \(job.inputs)/\(expected.inputs)") }
        if job.outputs < expected.outputs { missing.append("outputs \(job.outputs)/\(expected.outputs)") }
        return missing.isEmpty ? .ok : .incomplete(missing.joined(separator: ", "))
    }
}
