import Foundation

extension Reproducer {
    /// Writes into the checkout at `root` the kept copies (`KeptCode`) of the code `step` ran
    /// that its commit does not hold, so the replay runs what was recorded. Returns the files
    /// that could not be restored: no copy kept here (another machine's record, a record made
    /// before roar kept copies), or a path that leaves the checkout or passes a symbolic link.
    func restoreCode(_ step: RecipeStep, root: String, progress: @Sendable (String) -> Void) -> [CodeFile] {
        var missing: [CodeFile] = []
        for file in step.uncommittedCode {
            guard let digest = file.digest, let data = keptCode?.content(digest), let destination = Self.confined(file.path, root: root) else {
                missing.append(file)
                continue
            }
            do {
                try FileManager.default.createDirectory(
                    atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: destination), options: .atomic)
                progress("restored \(TerminalText.escaped(file.path)) as \(step.label) read it (\(file.git.rawValue), \(Output.short(digest)))")
            } catch {
                missing.append(file)
            }
        }
        return missing
    }

    /// `root/relative` when `relative` stays inside `root` and no existing component of it
    /// (the file included) is a symbolic link; nil otherwise.
    static func confined(_ relative: String, root: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !relative.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        var path = root
        for part in parts {
            path += "/" + part
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK { return nil }
        }
        return path
    }
}
