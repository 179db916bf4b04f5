import BLAKE3Hashing
import Foundation
import LineageModel

extension Reproducer {
    /// One output of a rebuilt lineage: recorded, and what the rebuild left at its path.
    public struct OutputCheck: Sendable, Hashable {
        public var expected: RecipeFile
        /// The rebuilt file's digest, nil when the rebuild left no file there.
        public var rebuilt: String?
        /// Whether the rebuild wrote the recorded digest.
        public var matches: Bool { rebuilt == expected.digest }
    }

    /// What rebuilding a whole lineage found.
    public struct LineageOutcome: Sendable {
        public var lineage: String
        public var directory: String
        public var inPlace: Bool
        /// Every path the lineage wrote inside the checkout, with its last recorded digest.
        public var outputs: [OutputCheck]
        /// Outputs written outside the checkout, not compared.
        public var outside: [RecipeFile]
        public var packageIssues: [String]
        public var unrestoredCode: [String]
        /// Whether every compared output matches.
        public var matches: Bool { outputs.allSatisfy(\.matches) }
    }

    /// `roar reproduce HASH --lineage --run`: replays every job of the lineage in order, then
    /// hashes each path it wrote and compares it with the digest last recorded for it.
    public func runLineage(_ recipe: Recipe, progress: @Sendable (String) -> Void) throws -> LineageOutcome {
        let (root, inPlace, _, issues, unrestored) = try replayAll(recipe, progress: progress)
        let finals = recipe.finalOutputs
        let inside = finals.filter { !$0.path.hasPrefix("/") && ReplayGuard.cwdProblem($0.path) == nil }
        let outputs = try inside.map { file -> OutputCheck in
            let path = absolute(file.path, root: root)
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue else {
                return OutputCheck(expected: file, rebuilt: nil)
            }
            return OutputCheck(expected: file, rebuilt: try BLAKE3.hashFile(at: path).hex)
        }
        return LineageOutcome(
            lineage: recipe.lineage ?? "", directory: root, inPlace: inPlace, outputs: outputs,
            outside: finals.filter { file in !inside.contains(file) }, packageIssues: issues, unrestoredCode: unrestored)
    }
}
