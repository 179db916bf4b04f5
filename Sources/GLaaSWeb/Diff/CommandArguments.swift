/// The part of two command lines that differs, word by word, so a diff shows `--lr 0.01` →
/// `--lr 0.02` next to the whole commands.
enum CommandArguments {
    /// The differing middle of the two commands' words (after the common first and last words),
    /// with the option that names it (`--lr`) when the change starts at a value; nil on a side
    /// with no words there; nil altogether when the words are the same or differ from the first.
    static func changed(_ before: String, _ after: String) -> (before: String?, after: String?)? {
        let left = before.split(whereSeparator: \.isWhitespace).map(String.init)
        let right = after.split(whereSeparator: \.isWhitespace).map(String.init)
        guard left != right else { return nil }
        var start = 0
        while start < left.count, start < right.count, left[start] == right[start] { start += 1 }
        guard start > 0 else { return nil }
        var end = 0
        while end < left.count - start, end < right.count - start, left[left.count - 1 - end] == right[right.count - 1 - end] { end += 1 }
        if left[start - 1].hasPrefix("-") { start -= 1 }
        func words(_ all: [String]) -> String? {
            let middle = all[start..<(all.count - end)]
            return middle.isEmpty ? nil : middle.joined(separator: " ")
        }
        return (words(left), words(right))
    }
}
