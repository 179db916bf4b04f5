import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// Facts about the machine are asked once per user, not once per project: a second project's
/// first job finds them in the user's cache. The cache is only a cache: stale stamps miss, a
/// broken file is not used, and nothing fails when it cannot be opened.
@Suite struct MachineFactsTests {
    @Test func aSecondProjectFindsWhatTheFirstAsked() throws {
        let scratch = try ProjectFixture()
        let machine = try MachineFacts(path: scratch.path("cache/roar/facts.sqlite"))
        let first = try LocalStore(path: scratch.path("one.sqlite"), machineFacts: machine)
        let second = try LocalStore(path: scratch.path("two.sqlite"), machineFacts: machine)
        try first.storeFacts(["dpkg-owner:/usr/bin/true": "coreutils"], stamp: 7)

        #expect(try second.facts(["dpkg-owner:/usr/bin/true", "dpkg-owner:/nowhere"], stamp: 7) == ["dpkg-owner:/usr/bin/true": "coreutils"])
        // Another stamp (dpkg's database changed since) is not an answer.
        #expect(try second.facts(["dpkg-owner:/usr/bin/true"], stamp: 8).isEmpty)
        // The answer was kept in the project too: it holds without the cache.
        let alone = try LocalStore(path: scratch.path("two.sqlite"), machineFacts: nil)
        #expect(try alone.facts(["dpkg-owner:/usr/bin/true"], stamp: 7) == ["dpkg-owner:/usr/bin/true": "coreutils"])
    }

    @Test func anInterpreterVersionIsAskedOncePerMachine() throws {
        let scratch = try ProjectFixture()
        let machine = try MachineFacts(path: scratch.path("cache/facts.sqlite"))
        let counter = scratch.path("runs")
        let executable = scratch.path("python3")
        try scratch.write("python3", "#!/bin/sh\necho run >> \(counter)\necho 3.11.2\n")
        #expect(chmod(executable, 0o755) == 0)
        for name in ["a", "b", "c"] {
            let store = try LocalStore(path: scratch.path("\(name).sqlite"), machineFacts: machine)
            #expect(store.interpreterVersion(executable) == "3.11.2")
        }
        #expect((scratch.read("runs") ?? "").split(separator: "\n").count == 1)
    }

    @Test func aBrokenOrUnwritableCacheIsNotUsed() throws {
        let scratch = try ProjectFixture()
        try scratch.write("garbage.sqlite", String(repeating: "not a database ", count: 200))
        #expect(throws: (any Error).self) { try MachineFacts(path: scratch.path("garbage.sqlite")) }
        try scratch.write("file", "a file where the cache directory would go")
        #expect(throws: (any Error).self) { try MachineFacts(path: scratch.path("file/roar/facts.sqlite")) }
    }

    @Test func theCacheLivesWhereXDGSays() {
        #expect(MachineFacts.defaultPath(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/roar/facts.sqlite")
        #expect(MachineFacts.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/roar/facts.sqlite")
        #expect(MachineFacts.defaultPath(environment: [:]) == nil)
    }
}
