import ArgumentParser
import BLAKE3Hashing
import Foundation
import RoarKit

struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the BLAKE3 digest of files, as b3sum prints them.")

    @Argument(help: "Files to hash; - for standard input.")
    var files: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let paths = files.isEmpty ? ["-"] : files
        var failed = false
        var entries: [(String, String)] = []
        for path in paths {
            do {
                let digest: String
                if path == "-" {
                    var hasher = BLAKE3.Hasher()
                    while case let data = FileHandle.standardInput.readData(ofLength: 1 << 20), !data.isEmpty { hasher.update(data) }
                    digest = hasher.finalize().hex
                } else {
                    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
                    digest = try HashProgress().around(files: 1, bytes: size) { try BLAKE3.hashFile(at: path).hex }
                }
                entries.append((digest, path))
                if !json { print("\(digest)  \(path)") }
            } catch {
                FileHandle.standardError.write(Data("roar: \(path): \(Self.reason(error))\n".utf8))
                failed = true
            }
        }
        if json {
            print(Output.json(.array(entries.map { ["path": .string($0.1), "blake3": .string($0.0)] })))
        }
        if failed { throw ExitCode.failure }
    }

    static func reason(_ error: any Error) -> String {
        if case BLAKE3.HashError.file(_, _, let code) = error { return String(cString: strerror(code)) }
        return "\(error)"
    }
}
