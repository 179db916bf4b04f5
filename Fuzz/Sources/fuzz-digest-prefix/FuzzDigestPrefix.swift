import GLaaSWeb
import LineageModel

/// Digest prefixes and digests as every surface reads them (v1 and graph lookups, the web's
/// search box and resolvers): any text is accepted or refused, never a trap; an accepted
/// prefix is lowercase hex within its length bounds (or a whole multipart S3 ETag,
/// `<md5>-<parts>`), and the range a store scans for it (`hex ..< upperBound`) holds exactly
/// the hex strings that start with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDigestPrefix(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    if let prefix = try? DigestPrefix(text) {
        check(prefix)
    }
    if let colon = text.firstIndex(of: ":"),
        let digest = try? Digest(algorithm: String(text[..<colon]), hex: String(text[text.index(after: colon)...]))
    {
        guard digest.description.lowercased() == digest.description, Digest.canonical(of: [digest]) == digest else {
            fatalError("digest \(digest) is not normalized")
        }
        if HexString.isLowercaseHex(digest.hex), let prefix = try? DigestPrefix(digest.hex.prefix(DigestPrefix.minimumLength)) {
            guard inRange(digest.hex, of: prefix) else { fatalError("digest \(digest) is outside the range of its own prefix \(prefix)") }
        }
    }
    if case .digestPrefix(let prefix)? = WebQuery(text) { check(prefix) }
    _ = HexString.isHash256(text)
    return 0
}

private func check(_ prefix: DigestPrefix) {
    let count = prefix.hex.utf8.count
    let isHexPrefix =
        HexString.isLowercaseHex(prefix.hex) && (DigestPrefix.minimumLength...DigestPrefix.maximumLength).contains(count)
    let isWholeETag =
        prefix.hex.contains("-") && prefix.hex.lowercased() == prefix.hex
        && (try? Digest(algorithm: "etag", hex: prefix.hex)) != nil
    guard isHexPrefix || isWholeETag else {
        fatalError("accepted prefix \"\(prefix.hex)\" is neither 8-128 lowercase hex nor a whole S3 ETag")
    }
    for suffix in ["", "0", "f", "ffffffff"] where !inRange(prefix.hex + suffix, of: prefix) {
        fatalError("\(prefix.hex + suffix) starts with \(prefix.hex) but is outside its range")
    }
    if let last = prefix.hex.utf8.last, last != UInt8(ascii: "f") {
        // The next prefix of the same length is past the range.
        var next = Array(prefix.hex.utf8)
        next[next.count - 1] = last == UInt8(ascii: "9") ? UInt8(ascii: "a") : last + 1
        if inRange(String(decoding: next, as: UTF8.self), of: prefix) { fatalError("\(prefix.hex)'s range holds the next prefix") }
    }
}

/// `prefix.hex <= hex < prefix.upperBound` in byte order, as both stores compare text.
private func inRange(_ hex: String, of prefix: DigestPrefix) -> Bool {
    !hex.utf8.lexicographicallyPrecedes(prefix.hex.utf8) && hex.utf8.lexicographicallyPrecedes(prefix.upperBound.utf8)
}
