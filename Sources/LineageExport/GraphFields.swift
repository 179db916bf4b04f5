import LineageModel
import LineageStore

/// Typed access to the members of one JSON object of a graph file; absent and `null` are the
/// same for optional members.
struct Fields {
    let members: [String: JSONValue]
    let context: String

    init(_ value: JSONValue, _ context: String) throws(GraphFormatError) {
        guard let members = value.objectValue else { throw GraphFormatError("a \(context) must be a JSON object") }
        self.members = members
        self.context = context
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(GraphFormatError) -> String {
        guard let text = try optionalString(key) else { throw GraphFormatError("\(context) has no \"\(key)\"") }
        return text
    }

    func optionalString(_ key: String) throws(GraphFormatError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw GraphFormatError("\(context) \"\(key)\" must be a string") }
        return text
    }

    func optionalBool(_ key: String) throws(GraphFormatError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw GraphFormatError("\(context) \"\(key)\" must be true or false") }
        return flag
    }

    func number(_ key: String) throws(GraphFormatError) -> Double {
        guard let number = try optionalNumber(key) else { throw GraphFormatError("\(context) has no \"\(key)\"") }
        return number
    }

    func optionalNumber(_ key: String) throws(GraphFormatError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue else { throw GraphFormatError("\(context) \"\(key)\" must be a number") }
        return number
    }

    func integer(_ key: String) throws(GraphFormatError) -> Int64 {
        guard let number = try optionalInteger(key) else { throw GraphFormatError("\(context) has no \"\(key)\"") }
        return number
    }

    func optionalInteger(_ key: String) throws(GraphFormatError) -> Int64? {
        guard let value = value(key) else { return nil }
        guard case .int(let number) = value else { throw GraphFormatError("\(context) \"\(key)\" must be an integer") }
        return number
    }

    func array(_ key: String, required: Bool = true) throws(GraphFormatError) -> [JSONValue] {
        guard let value = value(key) else {
            if required { throw GraphFormatError("\(context) has no \"\(key)\"") }
            return []
        }
        guard let items = value.arrayValue else { throw GraphFormatError("\(context) \"\(key)\" must be an array") }
        return items
    }
}
