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
}
