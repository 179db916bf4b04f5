import Foundation

extension Recipe {
    /// One warning per step that ran on code its commit does not hold (modified or untracked
    /// files): a checkout of the commit rebuilds other code, so a different result then says
    /// nothing about the step being nondeterministic.
    public var uncommittedCodeWarnings: [String] {
        steps.compactMap { step in
            let files = step.uncommittedCode
            guard !files.isEmpty else { return nil }
            let listed = files.prefix(5).map { "\($0.path) (\($0.git == .modified ? "modified" : "untracked"))" }.joined(separator: ", ")
            let more = files.count > 5 ? " and \(files.count - 5) more" : ""
            return "\(step.label) ran on code its commit \(step.commit.map { String($0.prefix(7)) } ?? "(none)") does not hold: "
                + "\(listed)\(more); a rebuild from the commit runs other code and may not match"
        }
    }
}
