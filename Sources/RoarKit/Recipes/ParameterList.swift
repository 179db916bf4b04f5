import Foundation

/// A command's argv read as named parameters, so `roar diff` can say `--lr 0.1 → 0.2` rather
/// than "argument 4 differs": `--name value`, `--name=value`, `-n value`, `key=value`, bare
/// flags, and positional arguments (`arg 1`, `arg 2`…, the program being `arg 0`).
struct ParameterList: Equatable {
    /// (name, value) in argv order; flags have an empty value.
    var entries: [(name: String, value: String)]

    static func == (lhs: ParameterList, rhs: ParameterList) -> Bool {
        lhs.entries.map(\.name) == rhs.entries.map(\.name) && lhs.entries.map(\.value) == rhs.entries.map(\.value)
    }

    init(_ argv: [String]) {
        entries = []
        var positional = 0
        var index = 0
        while index < argv.count {
            let word = argv[index]
            index += 1
            if word.hasPrefix("-"), word.count > 1, Double(word) == nil {
                if let equals = word.firstIndex(of: "=") {
                    entries.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
                } else if index < argv.count, !Self.looksLikeOption(argv[index]) {
                    entries.append((word, argv[index]))
                    index += 1
                } else {
                    entries.append((word, ""))
                }
            } else if positional > 0, let equals = word.firstIndex(of: "="), equals != word.startIndex,
                word[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" })
            {
                entries.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else {
                entries.append(("arg \(positional)", word))
                positional += 1
            }
        }
    }

    static func looksLikeOption(_ word: String) -> Bool {
        word.hasPrefix("-") && word.count > 1 && Double(word) == nil
    }

    /// Values by name, repeated names joined with ", ".
    var values: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in entries { result[name] = result[name].map { $0 + ", " + value } ?? value }
        return result
    }

    /// Names in first-appearance order.
    var names: [String] {
        var seen: [String] = []
        for (name, _) in entries where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// (name, before, after) for each parameter whose value differs, appears or disappears;
    /// nil before/after means absent, "" means a flag.
    static func changes(from old: ParameterList, to new: ParameterList) -> [(name: String, before: String?, after: String?)] {
        let before = old.values
        let after = new.values
        var names = old.names
        for name in new.names where !names.contains(name) { names.append(name) }
        return names.compactMap { name in before[name] == after[name] ? nil : (name, before[name], after[name]) }
    }
}
