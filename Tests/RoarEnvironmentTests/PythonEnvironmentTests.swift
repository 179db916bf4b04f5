import Foundation
import Testing

@testable import RoarEnvironment

@Suite struct PythonEnvironmentTests {
    /// A virtualenv-like tree: `bin/python3` → system interpreter, `pyvenv.cfg`, and a site-packages
    /// with three distributions (two with `top_level.txt`, one with only `RECORD`) plus noise.
    private func makeSitePackages() throws -> (root: TemporaryDirectory, site: String) {
        let root = try TemporaryDirectory("roar-site")
        let site = "lib/python3.11/site-packages"
        try root.write("\(site)/PyYAML-6.0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.1\n\nName: not-this\n")
        try root.write("\(site)/PyYAML-6.0.1.dist-info/top_level.txt", "_yaml\nyaml\n")
        try root.write("\(site)/yaml/__init__.py")
        try root.write("\(site)/yaml/__pycache__/__init__.cpython-311.pyc")
        try root.write("\(site)/typing_extensions-4.12.2.dist-info/METADATA", "Name: typing_extensions\nVersion: 4.12.2\n")
        try root.write("\(site)/typing_extensions-4.12.2.dist-info/top_level.txt", "typing_extensions\n")
        try root.write("\(site)/typing_extensions.py")
        try root.write("\(site)/__pycache__/typing_extensions.cpython-311.pyc")
        try root.write("\(site)/numpy-2.0.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: numpy\nVersion: 2.0.0\n")
        try root.write(
            "\(site)/numpy-2.0.0.dist-info/RECORD",
            """
            numpy/__init__.py,sha256=abc,100
            numpy/core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so,sha256=def,200
            numpy.libs/libopenblas64_p-r0.so,sha256=ghi,300
            "numpy/odd,name.py",sha256=jkl,1
            ../../../bin/f2py,sha256=mno,10
            numpy-2.0.0.dist-info/RECORD,,

            """)
        try root.write("\(site)/numpy/__init__.py")
        try root.write("\(site)/unrelated-1.0.dist-info/METADATA", "Name: unrelated\nVersion: 1.0\n")
        try root.write("\(site)/unrelated-1.0.dist-info/top_level.txt", "unrelated\n")
        try root.write("\(site)/setuptools-65.5.0.dist-info/METADATA", "Name: setuptools\nVersion: 65.5.0\n")
        try root.write("\(site)/setuptools-65.5.0.dist-info/top_level.txt", "_distutils_hack\npkg_resources\nsetuptools\n")
        try root.write("\(site)/setuptools/__init__.py")
        try root.write("\(site)/_distutils_hack/__init__.py")
        try root.write(
            "\(site)/distutils-precedence.pth",
            "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; "
                + "enabled and __import__('_distutils_hack').add_shim(); \n")
        return (root, root.path + "/" + site)
    }

    @Test func attributesOpenedFilesToDistributions() throws {
        let (root, site) = try makeSitePackages()
        defer { root.remove() }
        let opened = [
            "\(site)/yaml/__init__.py",
            "\(site)/yaml/__pycache__/__init__.cpython-311.pyc",
            "\(site)/__pycache__/typing_extensions.cpython-311.pyc",
            "\(site)/numpy/core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
            "\(site)/numpy.libs/libopenblas64_p-r0.so",
            "\(site)/distutils-precedence.pth",
            "\(site)/not-installed/__init__.py",
            "\(root.path)/train.py",
            "/etc/passwd",
        ]
        #expect(
            PythonEnvironment.distributions(openedFiles: opened) == [
                PythonDistribution(name: "numpy", version: "2.0.0"),
                PythonDistribution(name: "PyYAML", version: "6.0.1"),
                PythonDistribution(name: "typing_extensions", version: "4.12.2"),
            ])
        // Reading metadata (importlib.metadata, pip) is not using a distribution.
        #expect(PythonEnvironment.distributions(openedFiles: ["\(site)/PyYAML-6.0.1.dist-info/METADATA"]).isEmpty)
        // Without top_level.txt the RECORD's first components (including `numpy.libs`) are numpy's.
        #expect(
            PythonEnvironment.distributions(openedFiles: ["\(site)/numpy.libs/other.so"])
                == [PythonDistribution(name: "numpy", version: "2.0.0")])
    }

    /// What every interpreter's start opens in a venv with setuptools (its `.pth` imports
    /// `_distutils_hack`) shows no use of setuptools; importing setuptools does.
    @Test func startupImportsOfPthFilesAndMetadataShowNoUse() throws {
        let (root, site) = try makeSitePackages()
        defer { root.remove() }
        let startup = [
            "\(site)/distutils-precedence.pth", "\(site)/_distutils_hack/__init__.py",
            "\(site)/_distutils_hack/__pycache__/__init__.cpython-311.pyc", "\(site)/setuptools-65.5.0.dist-info/METADATA",
            "\(site)/typing_extensions-4.12.2.dist-info/top_level.txt",
        ]
        #expect(PythonEnvironment.distributions(openedFiles: startup).isEmpty)
        #expect(
            PythonEnvironment.distributions(openedFiles: startup + ["\(site)/setuptools/__init__.py"])
                == [PythonDistribution(name: "setuptools", version: "65.5.0")])
    }

    @Test func pthLinesNameTheModulesTheyImport() {
        let cases: [(String, Set<String>)] = [
            ("import os; enabled and __import__('_distutils_hack').add_shim(); ", ["os", "_distutils_hack"]),
            ("import _virtualenv", ["_virtualenv"]),
            ("import\tsys, a.b as c ;from coverage.x import process_startup", ["sys", "a", "coverage"]),
            ("import importlib; importlib.import_module(\"hook\")", ["importlib", "hook"]),
            ("/opt/project/src", []),
            ("# import nothing", []),
            ("importer_path", []),
            ("import __import__(x)", []),
            ("import os; __import__('bad name')", ["os"]),
            // A CA-injecting hook seen in the wild: certifi imported inside an exec string.
            (#"import os;exec("try:\n import certifi\n _p=certifi.where()\nexcept Exception: pass\n")"#, ["os", "certifi"]),
        ]
        for (line, modules) in cases {
            #expect(SitePackagesIndex.startupModules(pthLine: line) == modules, "\(line)")
        }
    }

    @Test func cacheNoticesNewDistribution() throws {
        let (root, site) = try makeSitePackages()
        defer { root.remove() }
        let opened = ["\(site)/six.py"]
        #expect(PythonEnvironment.distributions(openedFiles: opened).isEmpty)
        try root.write("lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA", "Name: six\nVersion: 1.16.0\n")
        try root.write("lib/python3.11/site-packages/six-1.16.0.dist-info/top_level.txt", "six\n")
        // Make sure the directory's mtime moves even on coarse-grained file systems.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: site)
        #expect(PythonEnvironment.distributions(openedFiles: opened) == [PythonDistribution(name: "six", version: "1.16.0")])
    }

    @Test func namespacePackageIsNarrowedByRecord() throws {
        let root = try TemporaryDirectory("roar-ns")
        defer { root.remove() }
        let site = root.path + "/site-packages"
        for (name, subpackage) in [("protobuf", "protobuf"), ("googleapis-common-protos", "api")] {
            try root.write("site-packages/\(name)-1.0.dist-info/METADATA", "Name: \(name)\nVersion: 1.0\n")
            try root.write("site-packages/\(name)-1.0.dist-info/top_level.txt", "google\n")
            try root.write("site-packages/\(name)-1.0.dist-info/RECORD", "google/\(subpackage)/__init__.py,,\n")
        }
        #expect(
            PythonEnvironment.distributions(openedFiles: ["\(site)/google/protobuf/__init__.py"])
                == [PythonDistribution(name: "protobuf", version: "1.0")])
        #expect(
            PythonEnvironment.distributions(openedFiles: ["\(site)/google/api/__pycache__/x.cpython-311.pyc"])
                == [PythonDistribution(name: "googleapis-common-protos", version: "1.0")])
    }

    @Test func moduleNames() {
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "yaml/x.py") == "yaml")
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "six.py") == "six")
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "_cffi_backend.cpython-311-x86_64-linux-gnu.so") == "_cffi_backend")
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "__pycache__/six.cpython-311.pyc") == "six")
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "foo-1.0.dist-info/METADATA") == "foo-1.0.dist-info")
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "__editable___foo_finder.py") == nil)
        #expect(SitePackagesIndex.moduleName(ofRelativePath: "x.pth") == nil)
        #expect(SitePackagesIndex.firstCSVField("\"a,\"\"b\",sha,1") == "a,\"b")
    }

    @Test func interpreterNames() {
        for name in ["python", "python3", "python3.11", "python3.13t", "python2.7"] {
            #expect(PythonInterpreter.isInterpreterName(name), "\(name)")
        }
        for name in ["python3-config", "pythonista", "ipython", "python3.", "pythont", "python3.11-dbg"] {
            #expect(!PythonInterpreter.isInterpreterName(name), "\(name)")
        }
    }

    @Test func noPythonMeansNil() {
        #expect(
            PythonEnvironment.capture(
                openedFiles: ["/usr/lib/python3/dist-packages/yaml/__init__.py"],
                executables: ["/bin/sh", "/usr/bin/git"]) == nil)
    }

    @Test func virtualenvVersionComesFromPyvenvConfig() throws {
        let venv = try TemporaryDirectory("roar-venv")
        defer { venv.remove() }
        try venv.write("pyvenv.cfg", "home = /usr/bin\nimplementation = CPython\nversion_info = 3.11.7.final.0\n")
        try FileManager.default.createDirectory(atPath: venv.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: venv.path + "/bin/python", withDestinationPath: "/bin/sh")
        let interpreters = PythonInterpreter.locate(in: [venv.path + "/bin/python", "/usr/bin/env"])
        #expect(interpreters == [PythonInterpreter(path: FileProbe.realPath("/bin/sh")!, version: "3.11.7", prefix: venv.path)])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3"))
    func systemInterpreter() throws {
        let real = try #require(FileProbe.realPath("/usr/bin/python3"))
        let reported = try shell(["/usr/bin/python3", "-I", "-S", "-c", "import sys;print(sys.version.split()[0])"])
        let prefix = try shell(["/usr/bin/python3", "-I", "-S", "-c", "import sys;print(sys.prefix)"])
        let environment = try #require(PythonEnvironment.capture(openedFiles: [], executables: ["/usr/bin/python3", "/bin/sh"]))
        #expect(environment.interpreters == [PythonInterpreter(path: real, version: reported, prefix: prefix)])
        #expect(environment.distributions.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3"))
    func pyenvShimIsReplacedByTheRealInterpreter() throws {
        let fake = try TemporaryDirectory("roar-shim")
        defer { fake.remove() }
        try fake.write("shims/python3", "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n")
        try shell(["chmod", "+x", fake.path + "/shims/python3"])
        let real = try #require(FileProbe.realPath("/usr/bin/python3"))
        let version = try shell(["/usr/bin/python3", "-I", "-S", "-c", "import sys;print(sys.version.split()[0])"])
        // Shim and real binary both ran: the shim is dropped without being run.
        #expect(PythonInterpreter.locate(in: [fake.path + "/shims/python3", "/usr/bin/python3"]).map(\.path) == [real])
        // Only the shim ran: it is asked which interpreter it executes.
        #expect(
            PythonInterpreter.locate(in: [fake.path + "/shims/python3"])
                == [PythonInterpreter(path: real, version: version, prefix: "/usr")])
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
                && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages"), "no Debian python3"))
    func systemDistPackages() throws {
        let site = "/usr/lib/python3/dist-packages"
        let known = [
            ("yaml/__init__.py", "PyYAML"), ("six.py", "six"), ("jwt/__init__.py", "PyJWT"),
            ("pygments/__init__.py", "Pygments"), ("pip/__init__.py", "pip"),
        ]
        var checked = 0
        for (file, distribution) in known where FileProbe.exists("\(site)/\(file)") {
            // The interpreter's own view (importlib.metadata), isolated from the user's site.
            let program = "import importlib.metadata as m;d=m.distribution('\(distribution)');print(d.metadata['Name']);print(d.version)"
            let answer = try shell(["/usr/bin/python3", "-I", "-c", program]).split(separator: "\n").map(String.init)
            let found = PythonEnvironment.distributions(openedFiles: ["\(site)/\(file)"])
            #expect(found == [PythonDistribution(name: answer[0], version: answer[1])], "\(file)")
            checked += 1
        }
        let interpreters = PythonInterpreter.locate(in: ["/usr/bin/python3"])
        #expect(interpreters.count == 1)
        if checked == 0 { print("no known distribution under \(site); attribution check skipped") }
    }
}
