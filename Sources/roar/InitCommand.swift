import ArgumentParser
import Foundation
import RoarKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make this directory a roar project: .roar/ with the local store and its configuration.")

    @Flag(name: [.customShort("y"), .customLong("gitignore")], help: "Add .roar/ to .gitignore without asking.")
    var addToGitignore = false

    @Flag(name: .customLong("no-gitignore"), help: "Leave .gitignore alone.")
    var leaveGitignore = false

    func run() throws {
        let root = FileManager.default.currentDirectoryPath
        let project = RoarProject(root: root)
        do {
            var isDirectory: ObjCBool = false
            let existed = FileManager.default.fileExists(atPath: project.roarDirectory, isDirectory: &isDirectory) && isDirectory.boolValue
            try FileManager.default.createDirectory(atPath: project.roarDirectory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: project.configurationPath) { try RoarConfiguration.default.save(project) }
            _ = try LocalStore(path: project.storePath)
            print(existed ? "roar: already initialized in \(project.roarDirectory)" : "roar: initialized \(project.roarDirectory)")
            try offerGitignore(project)
        } catch let error as RoarError {
            throw fail(error)
        } catch {
            throw fail(RoarError.failed("cannot initialize \(project.roarDirectory): \(error)"))
        }
    }

    /// roar's own files must not make the git tree dirty: offer to ignore them.
    func offerGitignore(_ project: RoarProject) throws {
        guard FileManager.default.fileExists(atPath: project.root + "/.git"), !leaveGitignore else { return }
        let path = project.root + "/.gitignore"
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard
            !existing.split(separator: "\n").contains(where: {
                [".roar", ".roar/", "/.roar", "/.roar/"].contains($0.trimmingCharacters(in: .whitespaces))
            })
        else { return }
        var add = addToGitignore
        if !add {
            guard isatty(STDIN_FILENO) == 1 else {
                print("hint: add .roar/ to .gitignore (roar init -y does it)")
                return
            }
            print("Add .roar/ to .gitignore? [Y/n] ", terminator: "")
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            add = answer.isEmpty || answer == "y" || answer == "yes"
        }
        guard add else { return }
        let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
        try (existing + separator + ".roar/\n").write(toFile: path, atomically: true, encoding: .utf8)
        print("roar: added .roar/ to .gitignore")
    }
}
