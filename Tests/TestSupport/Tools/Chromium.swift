import Foundation
import Testing

/// Headless Chromium (the Debian package) driven as a subprocess: the DOM after load, or a
/// screenshot. Every run is bounded: past its deadline the browser's process group is killed
/// and the call throws.
public struct Chromium: Sendable {
    /// The browser executable.
    public let binary: String
    let profile: URL

    /// The browser from `CHROMIUM`, else the Debian package's; nil when not installed.
    public static var executable: String? {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"]].compactMap { $0 } + ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the browser tests can run.
    public static var available: Bool { executable != nil }

    /// Why they cannot, for `.enabled(if:)`.
    public static let unavailableReason: Comment = "chromium is not installed (scripts/test.sh installs the Debian package)"

    /// A browser with a profile of its own; throws when it is not installed.
    public init() throws {
        guard let binary = Self.executable else { throw TestFailure("chromium is not installed (scripts/test.sh installs the Debian package)") }
        self.binary = binary
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-chromium-\(UUID().uuidString)")
    }

    var baseArguments: [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--user-data-dir=\(profile.path)",
        ]
    }

    /// The DOM of `url` once loaded.
    public func dumpDOM(_ url: String) async throws -> String {
        let output = try await run(baseArguments + ["--dump-dom", url])
        guard output.contains("</html>") else { throw TestFailure("chromium printed no document for \(url): \(output.prefix(300))") }
        return output
    }

    /// Writes a 1400×1000 PNG of `url` to `file`.
    public func screenshot(_ url: String, to file: URL) async throws {
        try? FileManager.default.removeItem(at: file)
        _ = try await run(baseArguments + ["--hide-scrollbars", "--window-size=1400,1000", "--screenshot=\(file.path)", url])
        guard FileManager.default.fileExists(atPath: file.path) else { throw TestFailure("chromium wrote no screenshot of \(url)") }
    }

    /// Runs the browser; its standard output, or a failure with its standard error.
    func run(_ arguments: [String], timeout: Duration = .seconds(90)) async throws -> String {
        let result = try await ChildProcess.run([binary] + arguments, timeout: timeout)
        guard result.status == 0 else { throw TestFailure("chromium exited \(result.status): \(result.stderr.suffix(600))") }
        return result.stdout
    }

    /// Removes the browser profile.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: profile)
    }
}
