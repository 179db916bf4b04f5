import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// A notebook run with `jupyter nbconvert --execute`: the kernel is another process, started
/// by nbconvert, that reads the notebook's data and imports the project's modules. The
/// notebook is the job's code (with its digest and git state), the data its input, the
/// executed notebook and what the cells wrote its outputs; an uncommitted edit to the notebook
/// shows as modified and is kept. Needs nbconvert and ipykernel (scripts/test.sh installs them
/// in `.build-venv/jupyter`, or `$ROAR_TEST_JUPYTER_VENV`).
@Suite(
    .enabled(
        if: JupyterVenv.jupyter != nil,
        "needs nbconvert and ipykernel in .build-venv/jupyter or $ROAR_TEST_JUPYTER_VENV (scripts/test.sh installs them)"), .timeLimit(.minutes(3)))
struct NotebookCaptureTests {
    /// A notebook of one code cell, in nbformat 4.
    static func notebook(_ source: String) throws -> String {
        let cell: [String: Any] = [
            "cell_type": "code", "id": "cell-1", "execution_count": NSNull(), "metadata": [:], "outputs": [], "source": source,
        ]
        let document: [String: Any] = [
            "cells": [cell], "metadata": ["kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"]],
            "nbformat": 4, "nbformat_minor": 5,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func aNotebookRunByNbconvertIsCodeWithItsDataAndOutputs() async throws {
        let jupyter = try #require(JupyterVenv.jupyter)
        let first = try Self.notebook(
            "import csv, helper\nrows = list(csv.reader(open('data.csv')))[1:]\nopen('total.txt', 'w').write(str(helper.total(rows)))\n")
        let fixture = try await CodeCaptureTests.repository([
            "analysis.ipynb": first, "helper.py": "def total(rows):\n    return sum(int(x) for row in rows for x in row)\n",
            "data.csv": "a,b\n1,2\n3,4\n", ".gitignore": ".roar/\nhome/\n",
        ])
        // Jupyter's own files (runtime, IPython profile) go to a home of the test's.
        let argv = [
            "/usr/bin/env", "HOME=\(fixture.path("home"))", "JUPYTER_PLATFORM_DIRS=1", jupyter, "nbconvert", "--to", "notebook", "--execute",
            "analysis.ipynb", "--output", "executed.ipynb",
        ]
        let outcome = try await fixture.run(argv)
        #expect(outcome.job.exitCode == 0, "\(outcome.job.notes)")
        var code = CodeCaptureTests.code(outcome)
        #expect(code["analysis.ipynb"] == CodeFile(path: "analysis.ipynb", digest: TestDigest.blake3(first), git: .committed), "\(code)")
        #expect(code["helper.py"]?.git == .committed, "\(code)")
        let inputs = Set(outcome.job.inputs.map { fixture.project.relative($0.path) })
        #expect(inputs.contains("data.csv"), "\(inputs)")
        let outputs = Set(outcome.job.outputs.map { fixture.project.relative($0.path) })
        #expect(outputs.isSuperset(of: ["executed.ipynb", "total.txt"]), "\(outputs)")
        #expect(fixture.read("total.txt") == "10")

        // An edit not committed: the notebook that ran is modified, and kept as it ran.
        let edited = try Self.notebook("import csv\nrows = list(csv.reader(open('data.csv')))[1:]\nopen('total.txt', 'w').write(str(len(rows)))\n")
        try fixture.write("analysis.ipynb", edited)
        code = CodeCaptureTests.code(try await fixture.run(argv))
        let notebook = try #require(code["analysis.ipynb"])
        #expect(notebook.git == .modified && notebook.digest == TestDigest.blake3(edited), "\(notebook)")
        #expect(KeptCode(project: fixture.project).content(try #require(notebook.digest)).map { String(decoding: $0, as: UTF8.self) } == edited)
        #expect(fixture.read("total.txt") == "2")
    }
}

/// Where the tests find `jupyter`.
enum JupyterVenv {
    static var jupyter: String? {
        let environment = ProcessInfo.processInfo.environment
        let venv =
            environment["ROAR_TEST_JUPYTER_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? BuiltProducts.packageRoot.appendingPathComponent(".build-venv/jupyter").path
        let path = venv + "/bin/jupyter"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
