import Foundation

extension SitePackagesIndex {
    /// Top-level modules that the site directory's `.pth` files import when any interpreter
    /// starts (`distutils-precedence.pth` imports setuptools' `_distutils_hack`): opening their
    /// files says nothing about what the job used.
    static func startupModules(site: String) -> Set<String> {
        var modules: Set<String> = []
        for name in FileProbe.entries(site) where name.hasSuffix(".pth") {
            for line in FileProbe.lines("\(site)/\(name)") ?? [] { modules.formUnion(startupModules(pthLine: line)) }
        }
        return modules
    }

    /// The modules one `.pth` line imports. `site` executes a line only when it starts with
    /// `import` and a space or tab; in it, `import a, b.c as d`, `from x import y`,
    /// `__import__('m')` and `importlib.import_module("m")` name modules, also inside an
    /// `exec("…")` string whose statements are separated by `\n`.
    static func startupModules(pthLine line: String) -> Set<String> {
        guard line.hasPrefix("import ") || line.hasPrefix("import\t") else { return [] }
        var modules: Set<String> = []
        func topLevel(_ name: some StringProtocol) -> String? {
            let module = name.trimmingCharacters(in: .whitespaces).split(separator: ".").first.map(String.init) ?? ""
            return module.isEmpty || !module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? nil : module
        }
        // Code in an exec("…") string spells its line breaks `\n`: its statements count too.
        let statements = line.replacingOccurrences(of: "\\n", with: "\n").split { $0 == ";" || $0 == "\n" }
        for statement in statements {
            let words = statement.trimmingCharacters(in: .whitespaces)
            if words.hasPrefix("import ") || words.hasPrefix("import\t") {
                for clause in words.dropFirst("import".count).split(separator: ",") {
                    if let name = clause.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, let module = topLevel(name) {
                        modules.insert(module)
                    }
                }
            } else if words.hasPrefix("from "), let name = words.dropFirst("from".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
                let module = topLevel(name)
            {
                modules.insert(module)
            }
        }
        for call in ["__import__(", "import_module("] {
            var rest = Substring(line)
            while let range = rest.range(of: call) {
                rest = rest[range.upperBound...]
                let argument = rest.drop { $0 == " " }
                guard let quote = argument.first, quote == "'" || quote == "\"" else { continue }
                if let module = topLevel(argument.dropFirst().prefix { $0 != quote }) { modules.insert(module) }
            }
        }
        return modules
    }

    /// Whether opening `relative` shows the job used the distribution owning it: a module, an
    /// extension or a data file, not its metadata (`*.dist-info`, which `importlib.metadata`
    /// and pip read without importing anything) and not a module a `.pth` file imports at
    /// every interpreter's start.
    func showsUse(_ relative: String) -> Bool {
        guard let module = Self.moduleName(ofRelativePath: relative) else { return false }
        if module.hasSuffix(".dist-info") || module.hasSuffix(".egg-info") || module.hasSuffix(".data") { return false }
        return !startupModules.contains(module)
    }
}
