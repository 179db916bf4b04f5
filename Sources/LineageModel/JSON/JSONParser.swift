/// Parses JSON text the way Python's `json.loads` does, so that documents written by the
/// Python client (which may contain `NaN` or `Infinity`) are read with the same values that the
/// client hashed. Integers and floats stay distinct; duplicate keys keep the last value.
public struct JSONParser {
    /// Why a document could not be parsed, with the byte offset where it went wrong.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public let message: String
        public let offset: Int
        /// The document has more values than the caller allowed (a size limit, not bad syntax).
        public var isOverValueLimit = false
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// Deeper documents are refused rather than risking the stack.
    public static let maximumDepth = 256

    public static func parse(_ text: String) throws(JSONParser.Error) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in Result { () throws(JSONParser.Error) in try parse(UnsafeRawBufferPointer(buffer)) } }.get()
    }

    /// Parses `bytes`, refusing documents of more than `maximumValues` values (every scalar,
    /// array and object counts one) as soon as the count is passed, so that a small body of many
    /// tiny entries cannot make the parsed tree many times larger than the body.
    public static func parse(_ bytes: some Collection<UInt8>, maximumValues: Int = .max) throws(JSONParser.Error) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBytes { buffer in
            Result { () throws(JSONParser.Error) in try parse(buffer, maximumValues: maximumValues) }
        }.get()
    }

    public static func parse(_ buffer: UnsafeRawBufferPointer, maximumValues: Int = .max) throws(JSONParser.Error) -> JSONValue {
        var parser = JSONParser(bytes: buffer, valuesLeft: maximumValues)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index != buffer.count { throw parser.failure("Extra data after the JSON value") }
        return value
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var valuesLeft: Int
    private let maximumValues: Int

    private init(bytes: UnsafeRawBufferPointer, valuesLeft: Int) {
        self.bytes = bytes
        self.valuesLeft = valuesLeft
        self.maximumValues = valuesLeft
    }

    private func failure(_ message: String) -> JSONParser.Error {
        JSONParser.Error(message: message, offset: index)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        index += count
        return true
    }

    private mutating func parseValue(depth: Int) throws(JSONParser.Error) -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("JSON nested deeper than \(Self.maximumDepth) levels") }
        guard valuesLeft > 0 else {
            var error = failure("JSON document has more than \(maximumValues) values")
            error.isOverValueLimit = true
            throw error
        }
        valuesLeft -= 1
        guard let byte = current else { throw failure("Unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): if consume("true") { return .bool(true) }
        case UInt8(ascii: "f"): if consume("false") { return .bool(false) }
        case UInt8(ascii: "n"): if consume("null") { return .null }
        case UInt8(ascii: "N"): if consume("NaN") { return .double(.nan) }
        case UInt8(ascii: "I"): if consume("Infinity") { return .double(.infinity) }
        case UInt8(ascii: "-"):
            if consume("-Infinity") { return .double(-.infinity) }
            return try parseNumber()
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: break
        }
        throw failure("Unexpected character")
    }

    private mutating func parseObject(depth: Int) throws(JSONParser.Error) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("Expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("Expected ':' after an object key") }
            index += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw failure("Expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParser.Error) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw failure("Expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseNumber() throws(JSONParser.Error) -> JSONValue {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw failure("Invalid number")
        }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        var isFloat = false
        if current == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw failure("Expected digits after '.'") }
            isFloat = true
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw failure("Expected digits in the exponent") }
            isFloat = true
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isFloat {
            guard let value = Double(text) else { throw failure("Invalid number") }
            return .double(value)
        }
        if let value = Int64(text) { return .int(value) }
        return .bigInt(text)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    private mutating func parseString() throws(JSONParser.Error) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw failure("Invalid control character in a string") }
            index += 1
        }
        guard let stop = current else { throw failure("Unterminated string") }
        var scalars = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if stop == UInt8(ascii: "\"") {
            index += 1
            return scalars
        }
        var pending: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("Unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                scalars += String(decoding: pending, as: UTF8.self)
                return scalars
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = current else { throw failure("Unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): pending.append(0x22)
                case UInt8(ascii: "\\"): pending.append(0x5C)
                case UInt8(ascii: "/"): pending.append(0x2F)
                case UInt8(ascii: "b"): pending.append(0x08)
                case UInt8(ascii: "f"): pending.append(0x0C)
                case UInt8(ascii: "n"): pending.append(0x0A)
                case UInt8(ascii: "r"): pending.append(0x0D)
                case UInt8(ascii: "t"): pending.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    pending.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw failure("Invalid escape")
                }
            default:
                guard byte >= 0x20 else { throw failure("Invalid control character in a string") }
                pending.append(byte)
                index += 1
            }
        }
    }

    /// Reads the four hex digits after `\u` (and a following low surrogate when the first is a
    /// high surrogate). A lone surrogate, which Swift strings cannot hold, becomes U+FFFD.
    private mutating func parseUnicodeEscape() throws(JSONParser.Error) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800..<0xDC00).contains(high) {
            let saved = index
            if consume("\\u") {
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
            }
            index = saved
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONParser.Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("Truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("Invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
