/// Reads the SSH wire encoding (RFC 4251 §5): big-endian `uint32`, length-prefixed `string`
/// and `mpint`. Every read is bounds-checked; a short or lying length is an error, not a crash.
struct SSHWireReader {
    struct Truncated: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else { throw Truncated() }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func readUInt32() throws -> UInt32 {
        try readBytes(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readString() throws -> [UInt8] {
        try readBytes(Int(try readUInt32()))
    }

    mutating func readText() throws -> String {
        String(decoding: try readString(), as: UTF8.self)
    }

    /// A positive mpint in its one canonical encoding (RFC 4251 §5: no leading zero byte unless
    /// the next has its high bit set, never negative, never zero), without its sign byte. A
    /// non-canonical encoding is refused: one number, one encoding, so signatures cannot be
    /// re-encoded into new byte strings that still verify.
    mutating func readPositiveMPInt() throws -> [UInt8] {
        let bytes = try readString()
        guard let first = bytes.first else { throw NonCanonical() }
        if first == 0 {
            guard bytes.count > 1, bytes[1] & 0x80 != 0 else { throw NonCanonical() }
            return Array(bytes.dropFirst())
        }
        guard first & 0x80 == 0 else { throw NonCanonical() }
        return bytes
    }

    struct NonCanonical: Error {}
}

/// Writes the SSH wire encoding; used to build the data an SSHSIG signature covers.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeRaw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func writeString(_ data: some Collection<UInt8>) {
        let count = UInt32(data.count)
        bytes.append(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)])
        bytes.append(contentsOf: data)
    }

    mutating func writeString(_ text: String) { writeString(Array(text.utf8)) }
}
