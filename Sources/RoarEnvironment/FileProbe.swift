import Foundation

/// Small file-system readers shared by the capture code: everything here is best effort and
/// answers nil instead of throwing, because a missing file only means a fact is unknown.
enum FileProbe {
    /// The whole file as UTF-8 text (lossy), or nil when it cannot be read.
    static func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The file's lines without line terminators, or nil when it cannot be read.
    static func lines(_ path: String) -> [String]? {
        text(path).map { $0.split(whereSeparator: \.isNewline).map(String.init) }
    }

    /// The canonical path with every symlink resolved (`realpath(3)`), or nil when it does not exist.
    /// The lines of the first `limit` bytes of a file: enough for a metadata header without
    /// reading a long description after it.
    static func headerLines(_ path: String, limit: Int = 4096) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: limit) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0[...])
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Directory entries, or an empty list when the directory cannot be read.
    static func entries(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    /// The modification time of `path`, used to notice that a directory changed.
    static func modificationStamp(_ path: String) -> Double? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970
    }

    /// True when the file starts with `#!`: a script (a pyenv shim, a wrapper), not a real binary.
    static func isScript(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 2)) ?? Data()
        return head == Data("#!".utf8)
    }

    /// `KEY=value` lines as found in `/etc/os-release` and `pyvenv.cfg` (`key = value`), with
    /// surrounding whitespace and one level of quotes removed.
    static func keyValues(_ path: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in lines(path) ?? [] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            result[key] = value
        }
        return result
    }
}
