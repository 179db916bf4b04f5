import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// An interpreter whose version no file states is run once per build of it, not once per job:
/// the answer is kept in the project's store under the executable's size and time.
@Suite struct InterpreterVersionCacheTests {
    @Test func theVersionIsAskedOnceUntilTheExecutableChanges() throws {
        let fixture = try ProjectFixture()
        let counter = fixture.path("runs")
        let executable = fixture.path("python3")
        try fixture.write("python3", "#!/bin/sh\necho run >> \(counter)\necho 3.11.2\n")
        #expect(chmod(executable, 0o755) == 0)
        func runs() -> Int { (fixture.read("runs") ?? "").split(separator: "\n").count }

        #expect(fixture.store.interpreterVersion(executable) == "3.11.2")
        #expect(fixture.store.interpreterVersion(executable) == "3.11.2")
        #expect(runs() == 1)
        // Another build of it (here: another size, as mtimes may not tick between two writes) is asked again.
        try fixture.write("python3", "#!/bin/sh\necho run >> \(counter)\necho 3.12.10\n")
        #expect(fixture.store.interpreterVersion(executable) == "3.12.10")
        #expect(runs() == 2)
        // One that fails to answer is not remembered.
        try fixture.write("python3", "#!/bin/sh\necho run >> \(counter)\nexit 1\n")
        #expect(fixture.store.interpreterVersion(executable) == nil)
        #expect(fixture.store.interpreterVersion(executable) == nil)
        #expect(runs() == 4)
    }
}
