import Foundation

extension RecipeDiff {
    /// Every difference between two aligned steps, in the order a reader checks them: code,
    /// command and parameters, working directory, inputs, outputs, interpreter, packages, variables.
    static func changes(_ a: RecipeStep, _ b: RecipeStep, rootA: String?, rootB: String?, produced: Set<String>) -> [Change] {
        var changes = code(a, b)
        if a.commit != b.commit { changes.append(Change(kind: "commit", name: "", before: a.commit, after: b.commit)) }
        let argvA = normalized(a.argv, rootA)
        let argvB = normalized(b.argv, rootB)
        if argvA != argvB {
            if scriptKey(argvA) != scriptKey(argvB) {
                changes.append(Change(kind: "command", name: "", before: a.command, after: b.command))
            } else {
                for change in ParameterList.changes(from: ParameterList(argvA), to: ParameterList(argvB)) {
                    changes.append(Change(kind: "parameter", name: change.name, before: change.before, after: change.after))
                }
            }
        }
        if a.cwd != b.cwd { changes.append(Change(kind: "cwd", name: "", before: a.cwd, after: b.cwd)) }
        changes += files(a.inputs, b.inputs, kind: "input", produced: produced)
        changes += files(a.outputs, b.outputs, kind: "output", produced: [])
        if let pythonA = a.python, let pythonB = b.python, pythonA != pythonB {
            changes.append(Change(kind: "python", name: "", before: pythonA, after: pythonB))
        }
        changes += map(a.pip, b.pip, kind: "pip")
        changes += map(a.dpkg, b.dpkg, kind: "dpkg")
        changes += map(
            a.environment.filter { !ignoredVariables.contains($0.key) }, b.environment.filter { !ignoredVariables.contains($0.key) }, kind: "env")
        return changes
    }

    /// Code files whose digest as read differs, named first: `code train.py 1a2b… → 9f8e…
    /// (uncommitted)`. A file recorded without a digest (older records) is compared only when
    /// both sides name a commit: then the commit stands for it.
    static func code(_ a: RecipeStep, _ b: RecipeStep) -> [Change] {
        func digests(_ step: RecipeStep) -> [String: (digest: String?, uncommitted: Bool)] {
            Dictionary(step.code.map { ($0.path, ($0.digest, $0.isUncommitted)) }) { first, _ in first }
        }
        let before = digests(a)
        let after = digests(b)
        var changes: [Change] = []
        for path in Set(before.keys).union(after.keys).sorted() {
            let old = before[path]
            let new = after[path]
            if let old, let new, old.digest == nil || new.digest == nil { continue } // an older record: the commit decides
            guard old?.digest != new?.digest else { continue }
            let uncommitted = (old?.uncommitted ?? false) || (new?.uncommitted ?? false)
            changes.append(
                Change(
                    kind: "code", name: path, before: old.map { $0.digest ?? "?" }, after: new.map { $0.digest ?? "?" },
                    note: uncommitted ? "uncommitted" : nil))
        }
        return changes
    }

    static func files(_ a: [RecipeFile], _ b: [RecipeFile], kind: String, produced: Set<String>) -> [Change] {
        let byPathA = Dictionary(a.map { ($0.path, $0.digest) }) { first, _ in first }
        let byPathB = Dictionary(b.map { ($0.path, $0.digest) }) { first, _ in first }
        let paths = Set(byPathA.keys).union(byPathB.keys).sorted()
        return paths.compactMap { path in
            byPathA[path] == byPathB[path]
                ? nil : Change(kind: kind, name: path, before: byPathA[path], after: byPathB[path], fromUpstream: produced.contains(path))
        }
    }

    static func map(_ a: [String: String], _ b: [String: String], kind: String) -> [Change] {
        Set(a.keys).union(b.keys).sorted().compactMap { name in
            a[name] == b[name] ? nil : Change(kind: kind, name: name, before: a[name], after: b[name])
        }
    }

    /// The first step, in execution order, that explains the rest: one only on one side; one
    /// whose code, command, parameters, working directory, source inputs or interpreter changed;
    /// or one whose outputs changed though its inputs did not (then its packages or variables,
    /// if they changed, else the step itself is not deterministic).
    static func likelyCause(_ pairs: [StepPair]) -> Cause? {
        let strong: Set<String> = ["code", "commit", "command", "parameter", "cwd", "input", "python"]
        for (index, pair) in pairs.enumerated() {
            guard pair.a != nil, let b = pair.b else {
                let step = pair.a ?? pair.b!
                return Cause(pair: index, summary: "\(step.label) \(step.command) only in \(pair.a == nil ? "B" : "A")")
            }
            let label = "\(b.label) \(b.command)"
            if let change = pair.changes.first(where: { strong.contains($0.kind) && !$0.fromUpstream }) {
                return Cause(pair: index, summary: "\(label): \(describe(change))")
            }
            let inputsChanged = pair.changes.contains { $0.kind == "input" }
            let outputsChanged = pair.changes.contains { $0.kind == "output" }
            if outputsChanged && !inputsChanged {
                if let change = pair.changes.first(where: { ["pip", "dpkg", "env"].contains($0.kind) }) {
                    return Cause(pair: index, summary: "\(label): \(describe(change))")
                }
                return Cause(pair: index, summary: "\(label): same inputs, code and parameters, different output (the step is not deterministic)")
            }
        }
        if let index = pairs.firstIndex(where: { !$0.changes.isEmpty }), let step = pairs[index].b, let change = pairs[index].changes.first {
            return Cause(pair: index, summary: "\(step.label) \(step.command): \(describe(change))")
        }
        return nil
    }

    /// One change in words: `--lr 0.1 → 0.2`, `input data.csv 1a2b3c… → 4d5e6f…`, `pip numpy added (1.26.4)`.
    public static func describe(_ change: Change) -> String {
        func value(_ text: String?) -> String {
            guard let text else { return "(none)" }
            if text.count == 64, text.allSatisfy(\.isHexDigit) { return Output.short(text) }
            return text.isEmpty ? "(flag)" : text
        }
        let subject = change.name.isEmpty ? change.kind : (change.kind == "parameter" ? change.name : "\(change.kind) \(change.name)")
        let note = change.note.map { " (\($0))" } ?? ""
        switch (change.before, change.after) {
        case (nil, let after?): return "\(subject) added (\(value(after)))\(note)"
        case (let before?, nil): return "\(subject) removed (was \(value(before)))\(note)"
        default: return "\(subject) \(value(change.before)) → \(value(change.after))\(note)"
        }
    }
}
