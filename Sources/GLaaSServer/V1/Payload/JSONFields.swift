import GLaaSHTTP
import LineageModel

/// Reads fields of a JSON request body with errors that name the field
/// (`jobs[2].step_number must be an integer`), so a client knows what to fix.
struct JSONFields {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws {
        guard case .object(let members) = value else {
            throw GLaaSError.badRequest(path.isEmpty ? "The request body must be a JSON object" : "\(path) must be an object")
        }
        self.members = members
        self.path = path
    }

    /// Parses a body held in an array (the fuzz targets' `RequestBodyReaders`), with the batch
    /// routes' value limit unless told otherwise.
    static func body(_ bytes: [UInt8], maximumValues: Int = BodyLimit.batch.jsonValues) throws -> JSONFields {
        try bytes.withUnsafeBytes { buffer in try body(buffer, maximumValues: maximumValues) }
    }

    /// Parses a request body of at most `maximumValues` JSON values; an empty body counts as `{}`.
    static func body(_ bytes: UnsafeRawBufferPointer, maximumValues: Int) throws -> JSONFields {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return try JSONFields(.object([:]), path: "") }
        do {
            return try JSONFields(try JSONParser.parse(bytes, maximumValues: maximumValues), path: "")
        } catch let error as JSONParser.Error where error.isOverValueLimit {
            throw GLaaSError(.contentTooLarge, code: "PAYLOAD_TOO_LARGE", "Request body has more than \(maximumValues) JSON values")
        } catch let error as JSONParser.Error {
            throw GLaaSError.badRequest("Malformed JSON: \(error.description)")
        }
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool {
        guard let value = members[key] else { return false }
        return !value.isNull
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw GLaaSError.badRequest("\(name(key)) is required") }
        return value
    }

    func optionalString(_ key: String, maxLength: Int = 1 << 20) throws -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard text.utf8.count <= maxLength else { throw GLaaSError.badRequest("\(name(key)) is longer than \(maxLength) bytes") }
            // No store keeps NUL in text (PostgreSQL refuses it), so no store is sent one.
            guard !text.utf8.contains(0) else { throw GLaaSError.badRequest("\(name(key)) contains a NUL character") }
            return text
        default: throw GLaaSError.badRequest("\(name(key)) must be a string")
        }
    }

    func int(_ key: String) throws -> Int {
        guard let value = try optionalInt(key) else { throw GLaaSError.badRequest("\(name(key)) is required") }
        return value
    }

    func optionalInt(_ key: String) throws -> Int? {
        switch members[key] {
        case nil, .null?: return nil
        case .int(let value)?: return Int(value)
        case .double(let value)? where value.rounded(.towardZero) == value && abs(value) < 9.0e15: return Int(value)
        default: throw GLaaSError.badRequest("\(name(key)) must be an integer")
        }
    }

    func optionalDouble(_ key: String) throws -> Double? {
        switch members[key] {
        case nil, .null?: return nil
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value.isFinite ? value : nil
        default: throw GLaaSError.badRequest("\(name(key)) must be a number")
        }
    }

    func optionalBool(_ key: String) throws -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw GLaaSError.badRequest("\(name(key)) must be true or false")
        }
    }

    /// An array of objects, at most `limit` long.
    func objects(_ key: String, limit: Int, required: Bool = true) throws -> [JSONFields] {
        switch members[key] {
        case nil, .null?:
            if required { throw GLaaSError.badRequest("\(name(key)) is required") }
            return []
        case .array(let items)?:
            guard items.count <= limit else { throw GLaaSError.badRequest("\(name(key)) has \(items.count) entries; at most \(limit) per request") }
            return try items.enumerated().map { try JSONFields($1, path: "\(name(key))[\($0)]") }
        default: throw GLaaSError.badRequest("\(name(key)) must be an array")
        }
    }

    func optionalObject(_ key: String) throws -> JSONFields? {
        switch members[key] {
        case nil, .null?: return nil
        case let value?: return try JSONFields(value, path: name(key))
        }
    }

    func optionalStrings(_ key: String) throws -> [String]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map {
                guard let text = $0.stringValue else { throw GLaaSError.badRequest("\(name(key)) must be an array of strings") }
                return text
            }
        default: throw GLaaSError.badRequest("\(name(key)) must be an array of strings")
        }
    }

    /// A field that the protocol sends as JSON text but some clients send as an object: kept as text.
    func jsonText(_ key: String) throws -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            // As for any text: no store keeps NUL (PostgreSQL had refused it only at finalize).
            guard !text.utf8.contains(0) else { throw GLaaSError.badRequest("\(name(key)) contains a NUL character") }
            return text
        case .object(let value)?: return CanonicalJSON.string(.object(value))
        default: throw GLaaSError.badRequest("\(name(key)) must be a JSON string or object")
        }
    }

    func raw(_ key: String) -> JSONValue? { members[key] }
}
