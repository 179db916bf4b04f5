/// Lexical path normalization on raw bytes: joins a relative path to its
/// base and removes `.`, `..` and repeated slashes. Symlinks are not
/// resolved (that would need the file system, and the path may not exist).
enum PathNormalizer {
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// The absolute form of `raw`: itself if absolute, else joined to
    /// `base` (an absolute directory). `nil` if relative without a base.
    static func absolute(_ raw: UnsafeBufferPointer<UInt8>, base: String?) -> String? {
        if raw.first == slash {
            if isNormal(raw) { return String(decoding: raw, as: UTF8.self) }
            return normalize(Array(raw))
        }
        guard let base else { return nil }
        var bytes = Array(base.utf8)
        bytes.reserveCapacity(bytes.count + raw.count + 1)
        bytes.append(slash)
        bytes.append(contentsOf: raw)
        return normalize(bytes)
    }

    /// `absolute` for a Swift string.
    static func absolute(_ path: String, base: String?) -> String? {
        var path = path
        return path.withUTF8 { absolute($0, base: base) }
    }

    /// True for an absolute path with no empty, `.` or `..` component and
    /// no trailing slash: the common case, returned without copying.
    static func isNormal(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = path.count
        guard count > 0, path[0] == slash else { return false }
        if count == 1 { return true }
        if path[count - 1] == slash { return false }
        var index = 0
        while index < count - 1 {
            if path[index] == slash {
                let next = path[index + 1]
                if next == slash { return false }
                if next == dot {
                    let after = index + 2
                    if after == count || path[after] == slash { return false }
                    if path[after] == dot && (after + 1 == count || path[after + 1] == slash) { return false }
                }
            }
            index += 1
        }
        return true
    }

    /// Normalizes an absolute byte path (`..` at the root stays at the root).
    static func normalize(_ bytes: [UInt8]) -> String {
        var components: [ArraySlice<UInt8>] = []
        for component in bytes.split(separator: slash, omittingEmptySubsequences: true) {
            if component.count == 1 && component.first == dot { continue }
            if component.count == 2 && component.allSatisfy({ $0 == dot }) {
                _ = components.popLast()
                continue
            }
            components.append(component)
        }
        if components.isEmpty { return "/" }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for component in components {
            output.append(slash)
            output.append(contentsOf: component)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
