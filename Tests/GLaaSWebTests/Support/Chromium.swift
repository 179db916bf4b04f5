import Foundation

/// Headless Chromium (the Debian package) driven as a subprocess: the DOM after load, or a
/// screenshot. Every run is bounded: past `timeout` the browser is killed and the call throws.
struct Chromium {
    let binary: String
    let profile: URL

    /// The browser from `CHROMIUM` or the PATH; throws when it is not installed.
    init() throws {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"]].compactMap { $0 } + ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw WebTestFailure("chromium is not installed (scripts/test.sh installs the Debian package)")
        }
        self.binary = binary
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-chromium-\(UUID().uuidString)")
    }

    var baseArguments: [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--user-data-dir=\(profile.path)"]
    }

    /// The DOM of `url` once loaded.
    func dumpDOM(_ url: String) async throws -> String {
        let output = try await run(baseArguments + ["--dump-dom", url])
        guard output.contains("</html>") else { throw WebTestFailure("chromium printed no document for \(url): \(output.prefix(300))") }
        return output
    }

    /// Writes a 1400×1000 PNG of `url` to `file`.
    func screenshot(_ url: String, to file: URL) async throws {
        try? FileManager.default.removeItem(at: file)
        _ = try await run(baseArguments + ["--hide-scrollbars", "--window-size=1400,1000", "--screenshot=\(file.path)", url])
        guard FileManager.default.fileExists(atPath: file.path) else { throw WebTestFailure("chromium wrote no screenshot of \(url)") }
    }

    /// Runs the browser; its standard output, or a failure with its standard error.
    private func run(_ arguments: [String], timeout: Duration = .seconds(90)) async throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-chromium-out-\(UUID().uuidString)")
        let stdoutURL = scratch.appendingPathExtension("out")
        let stderrURL = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                try await Task.sleep(for: .seconds(2))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                throw WebTestFailure("chromium did not finish within \(timeout): \(arguments.last ?? "")")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw WebTestFailure("chromium exited \(process.terminationStatus): \(errors.suffix(600))")
        }
        return output
    }

    /// Removes the browser profile.
    func cleanUp() {
        try? FileManager.default.removeItem(at: profile)
    }
}
