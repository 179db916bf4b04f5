import Foundation

/// What changed between two recipes (`roar diff A B`, and `roar reproduce --run` when the
/// rebuilt artifact differs): the steps aligned by what they write, each pair's differences,
/// steps only on one side, and the first difference upstream named as the likely cause.
public struct RecipeDiff: Sendable {
    /// One difference within a pair of aligned steps.
    public struct Change: Sendable, Hashable {
        /// `code`, `commit`, `command`, `parameter`, `cwd`, `input`, `output`, `python`, `pip`, `dpkg`, `env`.
        public var kind: String
        /// What changed: a parameter name, a path, a package, a variable (empty for commit/cwd/python).
        public var name: String
        /// The A and B values; nil when absent on that side.
        public var before: String?
        public var after: String?
        /// An input whose change an upstream step explains (it is that step's output).
        public var fromUpstream: Bool
        /// A word on the change (`uncommitted` for code that no commit holds).
        public var note: String?

        public init(kind: String, name: String, before: String?, after: String?, fromUpstream: Bool = false, note: String? = nil) {
            self.kind = kind
            self.name = name
            self.before = before
            self.after = after
            self.fromUpstream = fromUpstream
            self.note = note
        }
    }

    /// Two aligned steps (or one, when the other side has no counterpart) and their differences.
    public struct StepPair: Sendable {
        public var a: RecipeStep?
        public var b: RecipeStep?
        public var changes: [Change]
    }

    /// The first difference upstream: the step and what about it.
    public struct Cause: Sendable {
        public var pair: Int
        public var summary: String
    }

    public var a: Recipe
    public var b: Recipe
    public var pairs: [StepPair]
    public var cause: Cause?

    /// True when the targets and every step agree.
    public var identical: Bool {
        a.target?.digest == b.target?.digest && pairs.allSatisfy { $0.a != nil && $0.b != nil && $0.changes.isEmpty }
    }

    /// Variables that differ between any two checkouts and say nothing about the result.
    static let ignoredVariables: Set<String> = ["PWD", "OLDPWD", "SHLVL", "_"]

    public init(_ a: Recipe, _ b: Recipe) {
        self.a = a
        self.b = b
        let matches = Self.align(a.steps, b.steps, rootA: a.root, rootB: b.root)
        let producedA = Set(a.steps.flatMap(\.outputs).map(\.path))
        let producedB = Set(b.steps.flatMap(\.outputs).map(\.path))
        var pairs: [StepPair] = []
        var emittedA = Set<Int>()
        let matchedA = Dictionary(uniqueKeysWithValues: matches.map { ($0.b, $0.a) })
        for (indexB, stepB) in b.steps.enumerated() {
            if let indexA = matchedA[indexB] {
                for earlier in 0..<indexA where !emittedA.contains(earlier) && !matches.contains(where: { $0.a == earlier }) {
                    pairs.append(StepPair(a: a.steps[earlier], b: nil, changes: []))
                    emittedA.insert(earlier)
                }
                emittedA.insert(indexA)
                let changes = Self.changes(a.steps[indexA], stepB, rootA: a.root, rootB: b.root, produced: producedA.union(producedB))
                pairs.append(StepPair(a: a.steps[indexA], b: stepB, changes: changes))
            } else {
                pairs.append(StepPair(a: nil, b: stepB, changes: []))
            }
        }
        for index in a.steps.indices where !emittedA.contains(index) {
            pairs.append(StepPair(a: a.steps[index], b: nil, changes: []))
        }
        self.pairs = pairs
        self.cause = Self.likelyCause(pairs)
    }

    /// Pairs (index in A, index in B): first by a shared output path, then by the same command,
    /// then by the same program and script (`python train.py`), each in execution order.
    static func align(_ a: [RecipeStep], _ b: [RecipeStep], rootA: String?, rootB: String?) -> [(a: Int, b: Int)] {
        var matches: [(a: Int, b: Int)] = []
        var usedB = Set<Int>()
        let criteria: [(RecipeStep, RecipeStep) -> Bool] = [
            { x, y in x.isBuild == y.isBuild && !Set(x.outputs.map(\.path)).isDisjoint(with: y.outputs.map(\.path)) },
            { x, y in x.isBuild == y.isBuild && normalized(x.argv, rootA) == normalized(y.argv, rootB) },
            { x, y in x.isBuild == y.isBuild && scriptKey(normalized(x.argv, rootA)) == scriptKey(normalized(y.argv, rootB)) },
        ]
        for criterion in criteria {
            for (indexA, stepA) in a.enumerated() where !matches.contains(where: { $0.a == indexA }) {
                if let indexB = b.indices.first(where: { !usedB.contains($0) && criterion(stepA, b[$0]) }) {
                    matches.append((indexA, indexB))
                    usedB.insert(indexB)
                }
            }
        }
        return matches
    }

    /// argv with paths inside the recipe's root made relative, so two checkouts compare equal.
    static func normalized(_ argv: [String], _ root: String?) -> [String] {
        argv.map { Recipe.relative($0, to: root) }
    }

    /// The program's name and its first non-option argument: what a step "is" across parameter changes.
    static func scriptKey(_ argv: [String]) -> [String] {
        guard let program = argv.first else { return [] }
        let script = argv.dropFirst().first { !$0.hasPrefix("-") && !$0.contains("=") }
        return [(program as NSString).lastPathComponent] + (script.map { [$0] } ?? [])
    }
}
