import LineageModel

/// The JSON parser every body, import line and metadata text goes through: any bytes are
/// parsed or refused, never a trap; what it accepts has a canonical form (the one the lineage
/// hash is taken over) that parses back to the same canonical form, from bytes and from text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    if let text = String(validating: bytes, as: UTF8.self) {
        guard let fromText = try? JSONParser.parse(text), CanonicalJSON.bytes(fromText) == CanonicalJSON.bytes(value) else {
            fatalError("the text entry point reads this document differently from the bytes entry point")
        }
    }
    let canonical = CanonicalJSON.bytes(value)
    guard let reparsed = try? JSONParser.parse(canonical) else {
        fatalError("the canonical form does not parse: \(String(decoding: canonical, as: UTF8.self))")
    }
    guard CanonicalJSON.bytes(reparsed) == canonical else {
        fatalError("the canonical form changes when parsed again: \(String(decoding: canonical, as: UTF8.self))")
    }
    _ = CanonicalJSON.bytes(LineageHasher.normalizedValue(value))
    visit(value)
    return 0
}

/// Every accessor on every value: none may trap.
private func visit(_ value: JSONValue) {
    _ = value.int64Value
    _ = value.doubleValue
    _ = value.stringValue
    _ = value.boolValue
    _ = value.isNull
    _ = value[0]
    _ = value["key"]
    switch value {
    case .array(let items): for item in items { visit(item) }
    case .object(let members): for member in members.values { visit(member) }
    case .double(let number): _ = PythonFloat.roundedToSixteenDigits(number)
    default: break
    }
}
