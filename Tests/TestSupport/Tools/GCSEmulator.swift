import Foundation
import Testing

/// A Cloud Storage JSON-API emulator (`gcp-storage-emulator` from PyPI, installed by
/// scripts/test.sh, which exports its path as GLAAS_TEST_GCS_EMULATOR), started in memory on
/// 127.0.0.1 for one test and stopped at the end. It cannot report a port it chose, so it gets a
/// `FreePort`.
public final class GCSEmulator: Sendable {
    /// `http://127.0.0.1:PORT`: what STORAGE_EMULATOR_HOST is set to.
    public let endpoint: String
    let process: ChildProcess

    /// The emulator's executable, or nil in local development without it.
    public static var executable: String? {
        ProcessInfo.processInfo.environment["GLAAS_TEST_GCS_EMULATOR"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the Cloud Storage tests can run.
    public static var available: Bool { executable != nil }

    /// Why they cannot, for `.enabled(if:)`.
    public static let unavailableReason: Comment =
        "GLAAS_TEST_GCS_EMULATOR is unset (scripts/test.sh installs gcp-storage-emulator and exports its path)"

    /// Starts an emulator holding `bucket` and waits (at most a minute) until it accepts connections.
    public init(bucket: String) async throws {
        guard let executable = Self.executable else { throw TestFailure("GLAAS_TEST_GCS_EMULATOR is not set") }
        let port = try FreePort.take()
        endpoint = "http://127.0.0.1:\(port)"
        process = try ChildProcess(
            [executable, "start", "-H", "127.0.0.1", "--port", String(port), "--in-memory", "--default-bucket", bucket, "-q"],
            environment: ChildProcess.environment([:]), combineOutput: true)
        let deadline = ContinuousClock.now + .seconds(60)
        while !MotoServer.accepts(port) {
            if let status = process.poll() { throw TestFailure("gcp-storage-emulator exited with status \(status)\(process.outputSummary)") }
            if ContinuousClock.now >= deadline {
                await process.stop(grace: .seconds(1))
                throw TestFailure("gcp-storage-emulator did not listen on port \(port) within a minute\(process.outputSummary)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Stops the emulator and reaps it.
    public func stop() async {
        await process.stop(grace: .seconds(2))
    }
}
