import Foundation
import RoarEnvironment

extension Reproducer {
    /// `--venv`: a virtual environment in the checkout's `.roar/reproduce-venv` (never recorded,
    /// never in `git status`) with the recipe's pip packages at their recorded versions, put
    /// first on the replayed steps' PATH. Needs the package index (or a pip configuration) for
    /// any package to install.
    func makeVenv(_ recipe: Recipe, root: String, progress: @Sendable (String) -> Void) throws -> [String: String] {
        let venv = (RoarProject.find(from: root) ?? RoarProject(root: root)).roarDirectory + "/reproduce-venv"
        guard let python = Subprocess.locate("python3", searchPath: environment["PATH"]) else {
            throw RoarError.failed("--venv needs python3 on PATH")
        }
        let packages = try recipe.pipPackages.map { package in
            guard let requirement = ReplayGuard.pipRequirement(name: package.name, version: package.version) else {
                throw RoarError.failed(
                    "refusing to install the recorded pip package \(TerminalText.escaped("\(package.name)==\(package.version)")): not a PEP 508 name with a plain version"
                )
            }
            return requirement
        }
        progress("creating \(venv)")
        try runTool([python, "-m", "venv"] + (packages.isEmpty ? ["--without-pip"] : []) + [venv], what: "python3 -m venv")
        if !packages.isEmpty {
            progress("installing \(packages.count) pip package\(packages.count == 1 ? "" : "s") into it")
            try runTool([venv + "/bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + packages, what: "pip install")
        }
        var environment = environment
        environment["PATH"] = venv + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["VIRTUAL_ENV"] = venv
        return environment
    }

    /// Runs a setup tool; on failure, its last line of output in the error.
    func runTool(_ argv: [String], what: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw RoarError.failed("cannot start \(argv[0]): \(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw RoarError.failed("\(what) failed: \(lastLine(output))") }
    }
}
