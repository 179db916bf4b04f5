import Foundation

/// A directory where roar records jobs: the one holding `.roar/`, found from the working
/// directory upwards like git finds `.git/`.
public struct RoarProject: Sendable {
    public static let directoryName = ".roar"

    /// The directory that contains `.roar/`.
    public let root: String
    public var roarDirectory: String { root + "/" + Self.directoryName }
    public var storePath: String { roarDirectory + "/roar.sqlite" }
    public var configurationPath: String { roarDirectory + "/config.json" }

    public init(root: String) {
        self.root = root
    }

    /// The project enclosing `directory`, or nil when there is none up to `/`.
    public static func find(from directory: String = FileManager.default.currentDirectoryPath) -> RoarProject? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL.path
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: current + "/" + directoryName, isDirectory: &isDirectory), isDirectory.boolValue {
                return RoarProject(root: current)
            }
            if current == "/" || current.isEmpty { return nil }
            current = (current as NSString).deletingLastPathComponent
        }
    }

    /// The project enclosing the working directory, or an error telling how to make one.
    public static func require(from directory: String = FileManager.default.currentDirectoryPath) throws -> RoarProject {
        guard let project = find(from: directory) else {
            throw RoarError.usage("not in a roar project (no .roar/ here or above); run `roar init` first")
        }
        return project
    }

    /// Whether `path` (absolute) lies inside the project.
    public func contains(_ path: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// `path` relative to the project root when inside it, else unchanged.
    public func relative(_ path: String) -> String {
        guard contains(path), path != root else { return path }
        return String(path.dropFirst(root == "/" ? 1 : root.count + 1))
    }
}

/// A failure the user can act on, printed as one line.
public enum RoarError: Error, Sendable, CustomStringConvertible {
    case usage(String)
    case failed(String)

    public var description: String {
        switch self {
        case .usage(let message), .failed(let message): message
        }
    }
}
