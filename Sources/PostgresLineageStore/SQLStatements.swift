import Foundation

/// Splits a migration script into statements: PostgresNIO sends each query as one prepared
/// statement, which may hold one command only. Semicolons inside quotes, double quotes and
/// dollar-quoted bodies (`$$ … $$`, as in PL/pgSQL functions) do not split.
enum SQLStatements {
    static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inDollarBody = false
        var previous: Character?
        for character in script {
            current.append(character)
            if inDollarBody {
                if character == "$", previous == "$" { inDollarBody = false }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "$", previous == "$" {
                inDollarBody = true
                previous = nil
                continue
            } else if character == ";" {
                let statement = current.dropLast().trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            }
            previous = character
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
