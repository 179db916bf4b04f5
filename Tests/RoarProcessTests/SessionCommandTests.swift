import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `roar reset`, `roar pop`, `roar inputs`, `roar session` and `roar run -n/-q` through the
/// built executable.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(5)))
struct SessionCommandTests {
    /// No ~/.ssh key, login or AWS settings of the machine: a HOME of the project's own.
    static func environment(_ fixture: ProjectFixture) -> [String: String] {
        ["HOME": fixture.root, "ROAR_SSH_KEY": "", "AWS_PROFILE": "", "AWS_ENDPOINT_URL": ""]
    }

    static func roar(_ arguments: [String], _ fixture: ProjectFixture, input: String? = nil) async throws -> RoarBinary.Result {
        try await RoarBinary.run(arguments, in: fixture.root, input: input, environment: environment(fixture))
    }

    /// Runs roar and parses its JSON, failing with its stderr when it fails.
    static func json(_ arguments: [String], _ fixture: ProjectFixture) async throws -> JSONValue {
        let result = try await roar(arguments + ["--json"], fixture)
        guard result.status == 0 else { throw TestFailure("roar \(arguments) failed (\(result.status)): \(result.stderr)") }
        return try JSONParser.parse(result.stdout)
    }

    /// Expects one `roar: …` line on stderr, a non-zero status, nothing on stdout.
    static func expectOneLineFailure(_ result: RoarBinary.Result, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("roar: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    static func run(_ script: String, _ fixture: ProjectFixture, options: [String] = []) async throws {
        let result = try await roar(["run"] + options + ["sh", "-c", script], fixture)
        guard result.status == 0 else { throw TestFailure("roar run \(script) failed (\(result.status)): \(result.stderr)") }
    }

    @Test func resetStartsANewSessionAndEarlierOnesStayQueryable() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("in.txt", "one\n")
        try await Self.run("cat in.txt > a.txt", fixture)
        let first = try #require(try fixture.store.jobs().first)

        let reset = try await Self.json(["reset"], fixture)
        #expect(reset["created"]?.boolValue == true)
        #expect(reset["previous_session"]?.int64Value == first.sessionID)
        #expect(reset["previous_jobs"]?.int64Value == 1)
        let session = try #require(reset["session"]?.int64Value)
        #expect(session != first.sessionID)
        // An empty session is reused, and said so in one line.
        let again = try await Self.roar(["reset"], fixture)
        #expect(again.status == 0)
        #expect(again.stdout == "session \(session) has no jobs yet: the next roar run records into it\n")
        #expect(try fixture.store.sessions().count == 2)

        try await Self.run("cat a.txt > b.txt", fixture)
        let log = try await Self.json(["log"], fixture)
        #expect(log.arrayValue?.count == 1)
        #expect(log[0]?["step"]?.int64Value == 1)
        #expect(log[0]?["command"]?.stringValue?.contains("b.txt") == true)
        #expect(try fixture.store.jobs().first?.sessionID == session)

        let list = try await Self.json(["session", "list"], fixture)
        #expect(list.arrayValue?.map { $0["jobs"]?.int64Value } == [1, 1])
        #expect(list.arrayValue?.map { $0["active"]?.boolValue } == [false, true])
        let earlier = try await Self.json(["session", "show", String(first.sessionID)], fixture)
        #expect(earlier[0]?["uid"]?.stringValue == first.uid)
        #expect(try await Self.roar(["show", first.uid], fixture).stdout.contains("a.txt"))
        Self.expectOneLineFailure(try await Self.roar(["session", "show", "99"], fixture), containing: "no session 99")
        Self.expectOneLineFailure(try await Self.roar(["session", "show", "1;\u{1b}[2J"], fixture), containing: "\\x1b")
    }

    @Test func popUndoesTheLastJobKeepingWhatChanged() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("in.txt", "source\n")
        try await Self.run("cat in.txt > mid.txt", fixture)
        try await Self.run("cat mid.txt > out.txt; echo side > side.txt", fixture)

        // No terminal and no -y: refused, nothing changed.
        let refused = try await Self.roar(["pop"], fixture)
        Self.expectOneLineFailure(refused, containing: "pass -y")
        #expect(try fixture.store.jobs().count == 2)
        #expect(fixture.read("out.txt") == "source\n")

        try fixture.write("side.txt", "edited by hand\n")
        let popped = try await Self.json(["pop", "-y"], fixture)
        #expect(popped["popped"]?["step"]?.int64Value == 2)
        #expect(popped["deleted"]?.arrayValue?.compactMap(\.stringValue) == [fixture.path("out.txt")])
        #expect(popped["kept"]?[0]?["path"]?.stringValue == fixture.path("side.txt"))
        #expect(popped["kept"]?[0]?["reason"]?.stringValue?.contains("changed since the job") == true)
        #expect(fixture.read("out.txt") == nil)
        #expect(fixture.read("side.txt") == "edited by hand\n")
        #expect(try fixture.store.jobs().map(\.stepNumber) == [1])

        // The second pop pops the previous job; its input stays.
        let second = try await Self.roar(["pop", "-y"], fixture)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("popped"))
        #expect(second.stdout.contains("deleted"))
        #expect(second.stdout.contains("mid.txt"))
        #expect(fixture.read("mid.txt") == nil)
        #expect(fixture.read("in.txt") == "source\n")
        #expect(try fixture.store.jobs().isEmpty)
        Self.expectOneLineFailure(try await Self.roar(["pop", "-y"], fixture), containing: "nothing to pop")

        // The next run takes the freed step number.
        try await Self.run("cat in.txt > again.txt", fixture)
        #expect(try fixture.store.jobs().map(\.stepNumber) == [1])
    }

    /// On a terminal (a pseudo-terminal from util-linux `script`) pop asks, and only a yes pops.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs /usr/bin/script for a terminal"))
    func popAsksOnATerminal() async throws {
        let fixture = try ProjectFixture()
        try await Self.run("echo made > made.txt", fixture)
        func popOnTerminal(answer: String) async throws -> ChildProcess.Result {
            try await ChildProcess.run(
                ["/usr/bin/script", "-qec", "'\(RoarBinary.path)' pop", "/dev/null"],
                environment: ChildProcess.environment(Self.environment(fixture)),
                workingDirectory: fixture.root, input: Data(answer.utf8), timeout: .seconds(60))
        }
        let declined = try await popOnTerminal(answer: "n\n")
        #expect(declined.stdout.contains("Remove job @1"), "\(declined.stdout)")
        #expect(declined.stdout.contains("nothing popped"))
        #expect(try fixture.store.jobs().count == 1)
        #expect(fixture.read("made.txt") == "made\n")
        let accepted = try await popOnTerminal(answer: "y\n")
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("deleted  made.txt"), "\(accepted.stdout)")
        #expect(try fixture.store.jobs().isEmpty)
        #expect(fixture.read("made.txt") == nil)
    }

    @Test func popKeepsOutputsOutsideTheProjectAndFilesItDidNotMake() async throws {
        let fixture = try ProjectFixture()
        let outside = try ProjectFixture()
        try outside.write("victim.txt", "precious\n")
        try FileManager.default.createSymbolicLink(atPath: fixture.path("link"), withDestinationPath: outside.root)
        try fixture.write("appended.txt", "log\n")
        func file(_ path: String, _ content: String) -> LocalFile {
            LocalFile(path: path, digest: TestDigest.blake3(content), size: Int64(content.utf8.count))
        }
        let job = LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "run", command: "evil", argv: ["evil"], cwd: fixture.root, startedAt: Date(),
            durationSeconds: 0, exitCode: 0, signal: nil, gitRepo: nil, gitCommit: nil, gitBranch: nil, gitClean: nil, metadata: "{}",
            inputs: [file(fixture.path("appended.txt"), "log\n")],
            outputs: [
                file(outside.path("victim.txt"), "precious\n"), file(fixture.path("link/victim.txt"), "precious\n"),
                file(fixture.root + "/../" + (outside.root as NSString).lastPathComponent + "/victim.txt", "precious\n"),
                file(fixture.path("appended.txt"), "log\n"), file(fixture.path(".roar/config.json"), "{}"),
            ],
            executables: [], processes: [], environment: nil, notes: [])
        _ = try fixture.store.record(job)

        let popped = try await Self.json(["pop", "-y"], fixture)
        #expect(popped["deleted"]?.arrayValue?.isEmpty == true)
        let reasons = Dictionary(
            uniqueKeysWithValues: (popped["kept"]?.arrayValue ?? []).compactMap { entry in
                entry["path"]?.stringValue.map { ($0, entry["reason"]?.stringValue ?? "") }
            })
        #expect(reasons.count == 5, "\(reasons)")
        #expect(reasons[outside.path("victim.txt")] == "outside the project")
        #expect(reasons[fixture.path("link/victim.txt")] == "outside the project")
        #expect(reasons[fixture.path("appended.txt")]?.contains("existed before the job") == true)
        #expect(reasons[fixture.path(".roar/config.json")] == "roar's or git's own file")
        #expect(outside.read("victim.txt") == "precious\n")
        #expect(fixture.read("appended.txt") == "log\n")
        #expect(try fixture.store.allJobs().isEmpty)
    }

    @Test func inputsWalkUpTheRecipeAndNameWhatMustBeFetched() async throws {
        let fixture = try ProjectFixture()
        let storage = try ProjectFixture()
        try storage.write("remote.csv", "a,b\n1,2\n")
        let got = try await Self.roar(["get", "file://\(storage.path("remote.csv"))", "remote.csv"], fixture)
        #expect(got.status == 0, "\(got.stderr)")
        try fixture.write("local.txt", "local\n")
        try fixture.write("notes.txt", "notes\n")
        let put = try await Self.roar(["put", "local.txt", "file://\(storage.path("put"))"], fixture)
        #expect(put.status == 0, "\(put.stderr)")
        try await Self.run("cat remote.csv local.txt > mid.txt", fixture)
        try await Self.run("cat mid.txt notes.txt > out.txt", fixture)
        let last = try #require(try fixture.store.jobs().last)

        func byPath(_ answer: JSONValue) -> [String: JSONValue] {
            Dictionary(
                uniqueKeysWithValues: (answer["inputs"]?.arrayValue ?? []).compactMap { entry in entry["path"]?.stringValue.map { ($0, entry) } })
        }
        let roots = byPath(try await Self.json(["inputs", "out.txt"], fixture))
        #expect(Set(roots.keys) == [fixture.path("remote.csv"), fixture.path("local.txt"), fixture.path("notes.txt")])
        #expect(roots[fixture.path("remote.csv")]?["origin"]?.stringValue == "fetched")
        #expect(roots[fixture.path("remote.csv")]?["source_url"]?.stringValue == "file://\(storage.path("remote.csv"))")
        #expect(roots[fixture.path("notes.txt")]?["origin"]?.stringValue == "unsourced")
        #expect(roots[fixture.path("notes.txt")]?["digest"]?.stringValue == TestDigest.blake3("notes\n"))
        #expect(roots[fixture.path("notes.txt")]?["size"]?.int64Value == 6)
        #expect(roots[fixture.path("local.txt")]?["origin"]?.stringValue == "unsourced")
        #expect(roots[fixture.path("local.txt")]?["source_url"]?.stringValue?.hasPrefix("file://\(storage.path("put"))") == true)

        let all = byPath(try await Self.json(["inputs", "out.txt", "--all"], fixture))
        #expect(all.count == 4)
        #expect(all[fixture.path("mid.txt")]?["origin"]?.stringValue == "made")
        #expect(byPath(try await Self.json(["inputs", "@\(last.stepNumber)"], fixture)).keys == roots.keys)
        #expect(byPath(try await Self.json(["inputs", last.uid], fixture)).keys == roots.keys)

        let unsourced = byPath(try await Self.json(["inputs", "out.txt", "--unsourced"], fixture))
        #expect(Set(unsourced.keys) == [fixture.path("local.txt"), fixture.path("notes.txt")])
        let text = try await Self.roar(["inputs", "out.txt", "--unsourced"], fixture)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("PATH") == true)
        #expect(lines.first?.contains("SIZE") == true && lines.first?.contains("DIGEST") == true)
        #expect(
            lines.contains { $0.hasPrefix("notes.txt") && $0.contains(String(TestDigest.blake3("notes\n").prefix(12))) && $0.hasSuffix("unsourced") })
        #expect(lines.contains { $0.hasPrefix("local.txt") && $0.contains("put to file://") })
        // Columns line up: every row's digest starts where the header's DIGEST does.
        let column = try #require(lines.first?.range(of: "DIGEST")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst().prefix(2) { #expect(line.count > column && line[line.index(line.startIndex, offsetBy: column)].isHexDigit) }

        // Copies carry the same digest: the maker of what a job read is looked for before it ran.
        try await Self.run("cat notes.txt > copy1.txt", fixture)
        try await Self.run("cat copy1.txt > copy2.txt", fixture)
        let copies = byPath(try await Self.json(["inputs", "copy2.txt", "--all"], fixture))
        #expect(Set(copies.keys) == [fixture.path("copy1.txt"), fixture.path("notes.txt")])
        #expect(copies[fixture.path("notes.txt")]?["origin"]?.stringValue == "unsourced")

        let source = try await Self.roar(["inputs", "notes.txt"], fixture)
        #expect(source.stdout.contains("no recorded job made it"))
        for (target, message) in [
            ("../../../etc/passwd", "not read or written by any recorded job"), ("@0", "is not a step"), ("@999", "no step @999"),
            ("zzzz; rm -rf /", "is not a recorded path"), ("$(touch pwned)", "is not a recorded path"), ("a\u{1b}[31m", "a\\x1b[31m is not"),
        ] {
            Self.expectOneLineFailure(try await Self.roar(["inputs", target], fixture), containing: message)
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.path("pwned")))
    }

    @Test func runNameShowsEverywhereAndQuietPrintsNothingOfRoars() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("in.txt", "x\n")
        let named = try await Self.roar(["run", "-n", "prepare", "sh", "-c", "cat in.txt > a.txt"], fixture)
        #expect(named.status == 0)
        #expect(named.stderr.contains("(prepare)"))
        #expect(try fixture.store.jobs().first?.stepName == "prepare")
        #expect(try await Self.json(["log"], fixture)[0]?["name"]?.stringValue == "prepare")
        #expect(try await Self.json(["show", "@1"], fixture)["job"]?["name"]?.stringValue == "prepare")
        #expect(try await Self.json(["status"], fixture)["latest"]?["name"]?.stringValue == "prepare")
        #expect(try await Self.json(["dag"], fixture)["nodes"]?[0]?["name"]?.stringValue == "prepare")
        #expect(try await Self.roar(["dag"], fixture).stdout.hasPrefix("@1 prepare: sh -c"))
        let log = try await Self.roar(["log"], fixture)
        #expect(log.stdout.hasPrefix("STEP"))
        #expect(log.stdout.contains("NAME"))
        #expect(log.stdout.contains("prepare"))
        #expect(
            try await Self.roar(["show", "@1"], fixture).stdout.split(separator: "\n").contains { $0.hasPrefix("name") && $0.hasSuffix("prepare") })

        let quiet = try await Self.roar(["run", "-q", "sh", "-c", "echo hello; echo oops >&2; cat a.txt > b.txt"], fixture)
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "hello\n")
        #expect(quiet.stderr == "oops\n")
        #expect(try fixture.store.jobs().count == 2)
        let failing = try await Self.roar(["run", "--quiet", "sh", "-c", "exit 3"], fixture)
        #expect(failing.status == 3)
        #expect(failing.stderr.isEmpty)
        let missing = try await Self.roar(["run", "-q", "roar-no-such-program"], fixture)
        Self.expectOneLineFailure(missing, containing: "command not found: roar-no-such-program")

        let jobs = try fixture.store.allJobs().count
        for name in ["", "   ", "bad\u{1b}]0;title\u{07}", String(repeating: "n", count: 200)] {
            Self.expectOneLineFailure(try await Self.roar(["run", "-n", name, "sh", "-c", "echo ran > ran.txt"], fixture), containing: "-n takes")
        }
        #expect(try fixture.store.allJobs().count == jobs)
        #expect(fixture.read("ran.txt") == nil, "a refused name runs nothing")
    }

    @Test func sessionHashIsTheHashRegisterDryRunShows() async throws {
        let fixture = try ProjectFixture()
        try fixture.recordChain(3)
        let hash = try await Self.roar(["session", "hash"], fixture)
        #expect(hash.status == 0, "\(hash.stderr)")
        let dry = try await Self.json(["register", "--dry-run"], fixture)
        #expect(hash.stdout == (dry["lineage_hash"]?.stringValue ?? "none") + "\n")
        let expected = RegistrationPlan(
            selection: RegistrationSelection(target: "session", jobs: try fixture.store.jobs()), creatorIdentity: "anonymous")
        #expect(hash.stdout == expected.lineageHash + "\n")
        let json = try await Self.json(["session", "hash"], fixture)
        #expect(json["hash"]?.stringValue == expected.lineageHash)
        #expect(json["creator_identity"]?.stringValue == "anonymous")
        #expect(json["jobs"]?.int64Value == 3)

        try fixture.recordChain(1, tag: "more")
        let grown = try await Self.roar(["session", "hash", "--anonymous"], fixture)
        #expect(grown.status == 0)
        #expect(grown.stdout != hash.stdout, "another job is another lineage")
        #expect(try await Self.roar(["reset"], fixture).status == 0)
        Self.expectOneLineFailure(try await Self.roar(["session", "hash"], fixture), containing: "no jobs yet")
    }

    @Test(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
    func sessionHashAndStepNamesAreWhatTheRegistryGets() async throws {
        try await GlaasProcess.with { registry in
            var configuration = RoarConfiguration.default
            configuration.glaasURL = registry.url
            let fixture = try ProjectFixture(configuration: configuration)
            try fixture.write("in.txt", "x\n")
            try await Self.run("cat in.txt > a.txt", fixture, options: ["-n", "prepare"])
            try await Self.run("cat a.txt > b.txt", fixture)
            let local = try await Self.json(["session", "hash"], fixture)
            #expect(local["creator_identity"]?.stringValue == "anonymous")
            let registered = try await Self.json(["register", "-y"], fixture)
            let hash = try #require(registered["lineage_hash"]?.stringValue)
            #expect(local["hash"]?.stringValue == hash)

            // The step name went with the job, as its `name` label (roar-cli's labels/batch).
            let job = try #require(try fixture.store.jobs().first)
            let remote = RegistrationPlan.remoteUID(lineageHash: hash, localUID: job.uid)
            let url = try #require(URL(string: "\(registry.url)/api/v1/labels/current?entity_type=job&session_hash=\(hash)&job_uid=\(remote)"))
            let (data, response) = try await URLSession.shared.data(from: url)
            let body = String(decoding: data, as: UTF8.self)
            #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(body)")
            #expect(try JSONParser.parse(body)["data"]?["metadata"]?["name"]?.stringValue == "prepare")
        }
    }
}
