import LineageModel
import LineageStore

/// One line of the diff page's tables: a readable name and the value on each side (nil: absent
/// there), read from the store's `LineageDiff` (the same value the JSON API's diff route
/// answers), so the page and the API never disagree about what changed.
struct DiffRow: Hashable {
    var name: String
    var before: String?
    var after: String?
    /// Whether the values are artifact digests (shown as links).
    var isDigest = false

    /// The git fields of a lineage that differ.
    static func git(_ changes: [LineageDiff.FieldChange]) -> [DiffRow] {
        changes.map { DiffRow(name: $0.field, before: $0.before, after: $0.after) }
    }

    /// What differs between two paired jobs: fields, the arguments of a changed command, the
    /// digests read and written by path, packages, environment variables, other metadata.
    static func job(_ change: LineageDiff.JobChange) -> [DiffRow] {
        var rows: [DiffRow] = []
        for field in change.fields {
            rows.append(DiffRow(name: fieldNames[field.field] ?? field.field, before: field.before, after: field.after))
            if field.field == "command", let before = field.before, let after = field.after, let arguments = CommandArguments.changed(before, after) {
                rows.append(DiffRow(name: "arguments", before: arguments.before, after: arguments.after))
            }
        }
        for (kind, changes) in [("input", change.inputs), ("output", change.outputs)] {
            for digest in changes {
                rows.append(
                    DiffRow(
                        name: "\(kind) \(digest.path.isEmpty ? "(no path)" : digest.path)", before: digest.before, after: digest.after, isDigest: true
                    ))
            }
        }
        for metadata in change.metadata {
            rows.append(DiffRow(name: metadataName(metadata.key), before: metadata.before.map(jsonText), after: metadata.after.map(jsonText)))
        }
        return rows
    }

    static let fieldNames = [
        "command": "command", "git_commit": "git commit", "git_branch": "git branch", "job_type": "job type",
        "exit_code": "exit status", "step_number": "step",
    ]

    /// A metadata leaf's dotted key as the job page names it: `packages.pip.numpy` is
    /// `package pip:numpy`, `runtime.env_vars.LR` is `variable LR`, `git.commit` is `git commit`.
    static func metadataName(_ key: String) -> String {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 3, parts[0] == "packages" {
            return "package \(parts[1]):\(parts[2...].joined(separator: "."))"
        }
        if parts.count >= 3, parts[0] == "runtime", parts[1] == "env_vars" { return "variable \(parts[2...].joined(separator: "."))" }
        if parts.count >= 2, parts[0] == "env_vars" { return "variable \(parts[1...].joined(separator: "."))" }
        if parts.count >= 2, parts[0] == "git" { return "git \(parts[1...].joined(separator: "."))" }
        return "metadata \(key)"
    }

    /// Compact JSON text as shown: strings bare, everything else as is.
    static func jsonText(_ text: String) -> String {
        (try? JSONParser.parse(text))?.stringValue ?? text
    }
}
