import Foundation

/// A fresh benchmark project: a git repository with the workload scripts in one commit, data
/// and outputs ignored (so the tree stays clean), initialized for the variant's roar if any.
struct Project {
    let path: String

    /// Sizes of the generated data.
    struct Sizes: Sendable {
        var csvMB: Double
        var smallFiles: Int
        var smallFileBytes: Int
        var aggregates: Int
        var pythonChildren: Int

        static let full = Sizes(csvMB: 50, smallFiles: 2000, smallFileBytes: 2048, aggregates: 200, pythonChildren: 20)
        static let quick = Sizes(csvMB: 5, smallFiles: 200, smallFileBytes: 2048, aggregates: 20, pythonChildren: 4)
    }

    /// Creates the project in a new directory of `workspace`; `smallFiles` generates the input
    /// directory of workload (b).
    static func create(
        in workspace: Workspace, label: String, sizes: Sizes, python: String,
        smallFiles: Bool, variant: Variant, tools: Tools
    ) throws -> Project {
        let path = try workspace.freshDirectory(label)
        let files: [(String, String)] = [
            (".gitignore", ".roar/\nout/\ndata/\nsmall/\n"),
            ("gen.py", Scripts.generate + "\n"),
            ("agg.py", Scripts.aggregate + "\n"),
            ("summarize.py", Scripts.summarize + "\n"),
            ("many.py", Scripts.many + "\n"),
            ("spawn.sh", Scripts.spawn(python: python, count: sizes.pythonChildren)),
        ]
        for (name, text) in files {
            try text.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: path + "/out", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path + "/data", withIntermediateDirectories: true)
        try "seed data for the spawn workload\n".write(toFile: path + "/data/seed.txt", atomically: false, encoding: .utf8)
        if smallFiles { try writeSmallFiles(in: path + "/small", sizes: sizes) }
        let project = Project(path: path)
        try project.setup(["git", "init", "-q", "-b", "main"], tools: tools)
        try project.setup(["git", "add", "-A"], tools: tools)
        try project.setup(
            [
                "git", "-c", "user.name=roar-bench", "-c", "user.email=roar-bench@localhost",
                "commit", "-q", "-m", "workloads",
            ], tools: tools)
        if let initCommand = variant.initCommand(tools: tools) {
            try project.setup(initCommand, tools: tools)
            let status = ChildProcess.capture(["git", "status", "--porcelain"], in: path, environment: tools.environment) ?? "?"
            guard status.isEmpty else {
                throw ChildProcess.SpawnError(description: "\(variant.title): tree not clean after init: \(status)")
            }
        }
        return project
    }

    /// Runs an unmeasured setup command; throws when it fails.
    func setup(_ argv: [String], tools: Tools) throws {
        let log = path + ".setup.log"
        defer { unlink(log) }
        let result = try ChildProcess.run(argv, in: path, environment: tools.environment, timeout: 300, logPath: log)
        guard result.succeeded else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ChildProcess.SpawnError(description: "setup failed (\(argv.joined(separator: " "))): \(text.suffix(600))")
        }
    }

    /// Writes the small input files of workload (b): deterministic, `smallFileBytes` each.
    static func writeSmallFiles(in directory: String, sizes: Sizes) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let line = Array("the quick brown fox jumps over the lazy dog 0123456789\n".utf8)
        for index in 0..<sizes.smallFiles {
            var bytes = Array("file \(index)\n".utf8)
            while bytes.count < sizes.smallFileBytes { bytes += line }
            let data = Data(bytes.prefix(sizes.smallFileBytes))
            try data.write(to: URL(fileURLWithPath: directory + String(format: "/f%05d.txt", index)))
        }
    }
}
