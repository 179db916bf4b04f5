import Foundation

/// ML Metadata, run by its Python API in a subprocess (Benchmarks/mlmd-peer/mlmd_peer.py) on
/// its SQLite store: the same registrations and walks as ours, timed inside the same run.
struct MLMDPeer {
    struct Summary: Decodable {
        let n: Int
        let median: Double
        let p99: Double
        let nodes: Int?

        /// Milliseconds, as mlmd_peer.py names them.
        enum CodingKeys: String, CodingKey {
            case n, nodes
            case median = "median_ms"
            case p99 = "p99_ms"
        }
    }

    struct Result: Decodable {
        let jobs: Int
        let fan: Int
        let registration: Summary
        let walks: [String: Summary]
        let prefixLookup: Summary
        let pathSearch: Summary

        enum CodingKeys: String, CodingKey {
            case jobs, fan, registration, walks
            case prefixLookup = "prefix_lookup"
            case pathSearch = "path_search"
        }
    }

    let python: String
    let work: URL
    let jobs: Int

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mlmd-peer/mlmd_peer.py")
    }

    func run() throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Self.script.path, "--store", work.appendingPathComponent("mlmd.sqlite").path,
            "--jobs", String(jobs), "--fan", "4", "--hops", "10,50,100", "--repeat", "50",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("the ML Metadata peer failed (exit \(process.terminationStatus)); is ml-metadata==1.17.1 installed for \(python)?")
        }
        return try JSONDecoder().decode(Result.self, from: data)
    }
}
