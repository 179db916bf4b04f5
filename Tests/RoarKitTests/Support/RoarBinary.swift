import Foundation

/// The built `roar` executable, run as a user would: `$ROAR_BINARY`, else the `roar` next to
/// the test bundle (swift build puts every product in one directory).
struct RoarBinary {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var path: String {
        if let path = ProcessInfo.processInfo.environment["ROAR_BINARY"], !path.isEmpty { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // The runner may sit inside a bundle directory (name.xctest/...): climb to the products.
        while directory.path != "/" && !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("roar").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("roar").path
    }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `roar ARGS` in `directory` with `input` on stdin, and waits for it.
    static func run(_ arguments: [String], in directory: String, input: String = "", environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}
