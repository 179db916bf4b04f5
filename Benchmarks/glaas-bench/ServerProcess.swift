import AsyncHTTPClient
import Foundation

/// A `glaas serve` child process on a scratch database, stopped when done.
final class ServerProcess {
    let process = Process()
    let url: String

    init(binary: String, port: Int, database: String, log: URL) throws {
        url = "http://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: binary)
        // The benchmark's scratch database belongs to the role it connects as.
        process.arguments =
            ["serve", "--port", String(port), "--database", database, "--log-level", "warning"]
            + (database.hasPrefix("postgres") ? ["--allow-owner-role"] : [])
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Waits until `/health` answers (at most 30 s).
    func waitUntilReady(_ client: HTTPClient) async throws {
        for _ in 0..<300 {
            if let response = try? await client.execute(HTTPClientRequest(url: url + "/api/v1/health"), timeout: .seconds(1)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("glaas did not start at \(url)")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    /// The HTTP status that made the request fail, when one did.
    var status: UInt?
    init(_ description: String, status: UInt? = nil) {
        self.description = description
        self.status = status
    }
}
