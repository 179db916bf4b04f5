import Foundation
import Testing

@testable import RoarEnvironment

@Suite(.enabled(if: Subprocess.locate("git") != nil, "git is not installed"))
struct GitStateTests {
    /// A repository with one commit on `main` and an `origin` remote.
    private func makeRepository() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("roar-git")
        let git = [
            "git", "-C", directory.path, "-c", "user.name=Roar Test", "-c", "user.email=roar@example.com",
            "-c", "commit.gpgsign=false",
        ]
        try shell(git + ["init", "-q", "-b", "main"])
        try directory.write("data.csv", "a,b\n1,2\n")
        try directory.write(".gitignore", "ignored.log\n")
        try shell(git + ["add", "."])
        try shell(git + ["commit", "-q", "-m", "first"])
        try shell(git + ["remote", "add", "origin", "https://git.example.com/demo/repo.git"])
        return directory
    }

    @Test func credentialsInTheRemoteURLAreNeverRecorded() {
        #expect(GitState.remoteURL("remote.origin.url https://alice:ghp_token@git.example.com/demo.git") == "https://git.example.com/demo.git")
        #expect(GitState.remoteURL("remote.upstream.url https://token@git.example.com/x.git") == "https://git.example.com/x.git")
        #expect(GitState.remoteURL("remote.origin.url git@git.example.com:demo.git") == "git@git.example.com:demo.git")
    }

    @Test func cleanRepository() throws {
        let repository = try makeRepository()
        defer { repository.remove() }
        try repository.write("sub/dir/.keep")
        try repository.write("ignored.log", "noise")
        try shell(["git", "-C", repository.path, "add", "sub"])
        try shell([
            "git", "-C", repository.path, "-c", "user.name=T", "-c", "user.email=t@e", "-c", "commit.gpgsign=false",
            "commit", "-q", "-m", "sub",
        ])

        let head = try shell(["git", "-C", repository.path, "rev-parse", "HEAD"])
        let state = try #require(GitState.capture(at: repository.path + "/sub/dir"))
        #expect(state.root == repository.path)
        #expect(state.commit == head)
        #expect(state.commit?.count == 40)
        #expect(state.branch == "main")
        #expect(state.repo == "https://git.example.com/demo/repo.git")
        #expect(state.clean, "ignored files do not make the tree dirty")
    }

    @Test func modifiedOrUntrackedFileIsDirty() throws {
        let repository = try makeRepository()
        defer { repository.remove() }
        try repository.write("data.csv", "changed\n")
        #expect(GitState.capture(at: repository.path)?.clean == false)

        try shell(["git", "-C", repository.path, "checkout", "-q", "--", "data.csv"])
        #expect(GitState.capture(at: repository.path)?.clean == true)
        try repository.write("new.txt", "untracked")
        #expect(GitState.capture(at: repository.path)?.clean == false)
    }

    @Test func detachedHeadHasNoBranch() throws {
        let repository = try makeRepository()
        defer { repository.remove() }
        try shell(["git", "-C", repository.path, "checkout", "-q", "--detach"])
        let state = try #require(GitState.capture(at: repository.path))
        #expect(state.branch == nil)
        #expect(state.commit != nil)
    }

    @Test func soleRemoteWithoutOriginIsUsed() throws {
        let repository = try makeRepository()
        defer { repository.remove() }
        try shell(["git", "-C", repository.path, "remote", "rename", "origin", "upstream"])
        #expect(GitState.capture(at: repository.path)?.repo == "https://git.example.com/demo/repo.git")
        try shell(["git", "-C", repository.path, "remote", "remove", "upstream"])
        let state = try #require(GitState.capture(at: repository.path))
        #expect(state.repo == nil)
    }

    @Test func outsideRepositoryIsNil() throws {
        let directory = try TemporaryDirectory("roar-nogit")
        defer { directory.remove() }
        let parent = URL(fileURLWithPath: directory.path).deletingLastPathComponent().path
        // Only meaningful when the temp dir itself is not inside some work tree.
        if Subprocess.run(["git", "-C", parent, "rev-parse"])?.status != 0 {
            #expect(GitState.capture(at: directory.path) == nil)
        }
        #expect(GitState.capture(at: directory.path + "/does-not-exist") == nil)
    }

    /// The plain layout is read without git (its top directory, the remotes in .git/config);
    /// whatever it reads is what git answers, and anything unusual falls back to git.
    @Test func theDirectReadAgreesWithGitAndFallsBackOnAnythingUnusual() throws {
        let repository = try makeRepository()
        defer { repository.remove() }
        try shell(["git", "-C", repository.path, "remote", "add", "fork", "git@git.example.com:me/repo.git"])
        try repository.write("sub/x.txt", "x")
        let home = try TemporaryDirectory("roar-git-home")
        defer { home.remove() }
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/.config"]
        let gitsAnswer = try #require(
            GitState.capture(at: repository.path + "/sub", environment: environment.merging(["GIT_CEILING_DIRECTORIES": ""]) { $1 }))
        #expect(GitState.plainRoot(from: repository.path + "/sub", environment: environment) == repository.path)
        let remotes = try #require(GitState.configuredRemotes(root: repository.path, environment: environment))
        #expect(remotes == (try shell(["git", "-C", repository.path, "config", "--get-regexp", "^remote\\..*\\.url$"])))
        #expect(GitState.capture(at: repository.path + "/sub", environment: environment) == gitsAnswer)

        // Variables that move git's directories, a linked worktree, the inside of .git: git answers.
        #expect(GitState.plainRoot(from: repository.path, environment: ["GIT_DIR": repository.path + "/.git"]) == nil)
        #expect(GitState.plainRoot(from: repository.path + "/.git/refs", environment: environment) == nil)
        try shell(["git", "-C", repository.path, "worktree", "add", "-q", "--detach", repository.path + "/linked"])
        #expect(GitState.plainRoot(from: repository.path + "/linked", environment: environment) == nil)
        #expect(GitState.capture(at: repository.path + "/linked", environment: environment)?.root == repository.path + "/linked")

        // Config this reader does not follow: includes, quoting, a remote in the user's file.
        for (file, text) in [
            (repository.path + "/.git/config", "[include]\n\tpath = other\n"),
            (repository.path + "/.git/config", "[remote \"q\"]\n\turl = \"https://x.example.com/q.git\"\n"),
            (home.path + "/.gitconfig", "[remote \"global\"]\n\turl = https://g.example.com/g.git\n"),
        ] {
            let original = FileManager.default.contents(atPath: file)
            try ((original ?? Data()) + Data(text.utf8)).write(to: URL(fileURLWithPath: file))
            #expect(GitState.configuredRemotes(root: repository.path, environment: environment) == nil, "\(text)")
            if let original { try original.write(to: URL(fileURLWithPath: file)) } else { try FileManager.default.removeItem(atPath: file) }
        }
        #expect(GitState.configuredRemotes(root: repository.path, environment: environment) != nil)
    }
}
