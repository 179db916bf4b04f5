import Foundation

extension SitePackagesIndex {
    /// Name and version of the distribution described by the metadata entry `infoName`
    /// (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, or a `*.egg-info` file), falling back to the
    /// `name-version` spelled in the entry name. Nil for anything else.
    static func readMetadata(site: String, infoName: String) -> PythonDistribution? {
        let path = "\(site)/\(infoName)"
        let metadataFile: String
        if infoName.hasSuffix(".dist-info") {
            metadataFile = path + "/METADATA"
        } else if infoName.hasSuffix(".egg-info") {
            metadataFile = FileProbe.isDirectory(path) ? path + "/PKG-INFO" : path
        } else {
            return nil
        }
        var name: String?
        var version: String?
        for line in FileProbe.headerLines(metadataFile) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break } // end of the header block
            if name == nil, line.hasPrefix("Name:") {
                name = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            } else if version == nil, line.hasPrefix("Version:") {
                version = line.dropFirst(8).trimmingCharacters(in: .whitespaces)
            }
        }
        let stem = infoName.split(separator: ".").dropLast().joined(separator: ".")
        let spelled = stem.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        if name == nil || name!.isEmpty, let first = spelled.first, !first.isEmpty { name = String(first) }
        if version == nil || version!.isEmpty, spelled.count > 1 { version = String(spelled[1]) }
        guard let name, !name.isEmpty, let version, !version.isEmpty else { return nil }
        return PythonDistribution(name: name, version: version)
    }

    /// The site-relative paths a distribution installed: the first CSV column of `RECORD`
    /// (dist-info) or the lines of `installed-files.txt` (egg-info, relative to the egg-info
    /// directory). Paths outside the site directory (scripts in `bin/`) are dropped.
    static func readFileList(site: String, infoName: String) -> [String] {
        let path = "\(site)/\(infoName)"
        if infoName.hasSuffix(".dist-info") {
            return (FileProbe.lines(path + "/RECORD") ?? []).compactMap { line in
                let first = firstCSVField(line)
                return first.isEmpty || first.hasPrefix("../") || first.hasPrefix("/") ? nil : first
            }
        }
        return (FileProbe.lines(path + "/installed-files.txt") ?? []).compactMap { line in
            let entry = line.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { return nil }
            if entry.hasPrefix("../") {
                let relative = String(entry.dropFirst(3))
                return relative.hasPrefix("../") ? nil : relative
            }
            return "\(infoName)/\(entry)"
        }
    }

    /// The first field of a CSV line, honouring `"…"` quoting with doubled quotes.
    static func firstCSVField(_ line: String) -> String {
        guard line.first == "\"" else { return String(line.prefix { $0 != "," }) }
        var field = ""
        var index = line.index(after: line.startIndex)
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            if character == "\"" {
                guard next < line.endIndex, line[next] == "\"" else { break }
                field.append("\"")
                index = line.index(after: next)
                continue
            }
            field.append(character)
            index = next
        }
        return field
    }
}
