import Foundation
import RoarKit

/// The few lines `roar run` prints after the command: what was recorded.
struct RunSummary {
    let project: RoarProject
    let outcome: JobRecorder.Outcome

    var text: String {
        let job = outcome.job
        var rows: [[String]] = []
        rows.append(["inputs", files(job.inputs)])
        rows.append(["outputs", files(job.outputs)])
        let leftOut = outcome.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        if !leftOut.isEmpty || outcome.temporaries > 0 {
            rows.append(["left out", (leftOut + (outcome.temporaries > 0 ? ["\(outcome.temporaries) temporary"] : [])).joined(separator: ", ")])
        }
        for note in job.notes { rows.append(["note", note]) }
        let head =
            "roar: @\(job.stepNumber) \(job.uid)\(job.stepName.map { " (\($0))" } ?? "")  \(job.command)  ·  \(Output.duration(job.durationSeconds))  ·  \(job.statusText)\n"
        return head + Output.table(rows, indent: "  ") + "\n"
    }

    func files(_ list: [LocalFile]) -> String {
        guard !list.isEmpty else { return "none" }
        let shown = list.prefix(4).map { "\(project.relative($0.path)) \(Output.short($0.digest))\($0.note == nil ? "" : " *")" }
        return "\(list.count): " + shown.joined(separator: ", ") + (list.count > 4 ? ", …" : "")
    }
}
