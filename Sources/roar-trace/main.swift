// roar-trace: runs a command under roar's tracer and prints the report.
//
//     roar-trace [--out FILE] [--] CMD [ARG…]
//
// The report (JSON) goes to stderr, or to FILE. Exits with the command's
// status (128 + N when it was killed by signal N). --stats writes only the
// exit status and the tracer's counters (cheap, for measuring overhead);
// --preflight only checks that tracing works here.
import Foundation
import RoarTrace

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: roar-trace [--out FILE] [--stats] [--preflight] [--] CMD [ARG...]\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var outputPath: String?
var preflightOnly = false
var statisticsOnly = false
while let first = arguments.first, first.hasPrefix("-") {
    arguments.removeFirst()
    switch first {
    case "--": break
    case "--out":
        guard !arguments.isEmpty else { usage() }
        outputPath = arguments.removeFirst()
        continue
    case "--preflight":
        preflightOnly = true
        continue
    case "--stats":
        statisticsOnly = true
        continue
    default:
        usage()
    }
    break
}

do {
    if preflightOnly {
        try Tracer.preflight()
        FileHandle.standardError.write(Data("roar-trace: tracing is available\n".utf8))
        exit(0)
    }
    guard !arguments.isEmpty else { usage() }
    let report = try Tracer.run(TraceRequest(arguments))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .secondsSince1970
    /// What --stats prints.
    struct Summary: Encodable {
        var exitStatus: ExitStatus
        var processes: Int
        var files: Int
        var seconds: Double
        var statistics: TraceStatistics
    }
    var data =
        statisticsOnly
        ? try encoder.encode(
            Summary(
                exitStatus: report.exitStatus, processes: report.processes.count, files: report.files.count,
                seconds: report.endTime.timeIntervalSince(report.startTime), statistics: report.statistics))
        : try encoder.encode(report)
    data.append(0x0A)
    if let outputPath {
        try data.write(to: URL(fileURLWithPath: outputPath))
    } else {
        FileHandle.standardError.write(data)
    }
    exit(report.exitStatus.shellStatus)
} catch let error as TraceError {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(127)
} catch {
    FileHandle.standardError.write(Data("roar-trace: \(error)\n".utf8))
    exit(1)
}
