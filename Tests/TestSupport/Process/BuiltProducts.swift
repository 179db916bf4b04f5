import Foundation

/// The executables `swift build` made next to the test bundle (it puts every product in one
/// directory), or the ones an environment variable names.
public enum BuiltProducts {
    /// `$variable` when set and not empty, else the product `name` in the build directory;
    /// nil when neither is an executable file.
    public static func path(_ name: String, overriddenBy variable: String) -> String? {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // The runner may sit inside a bundle directory (name.xctest/...): climb to the products.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The `glaas` executable: `$GLAAS_BINARY`, else the built one.
    public static var glaas: String? { path("glaas", overriddenBy: "GLAAS_BINARY") }

    /// The `roar` executable: `$ROAR_BINARY`, else the built one.
    public static var roar: String? { path("roar", overriddenBy: "ROAR_BINARY") }

    /// The package's root directory (where Package.swift is).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}
