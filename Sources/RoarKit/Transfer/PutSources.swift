import ArtifactStorage
import Foundation

/// What `roar put FILE|DIR… DEST` uploads: each file to DEST/<its name>, each directory's
/// regular files to DEST/<path inside the directory> (symbolic links and other special files
/// are left out), every remote name used once.
struct PutSources {
    /// One file to upload.
    struct Item: Sendable {
        var path: String
        /// Its name under DEST.
        var remoteName: String
    }

    /// A directory given on the command line, uploaded as one composite.
    struct Directory: Sendable {
        var root: String
        var items: [Item]
    }

    var items: [Item] = []
    var directories: [Directory] = []

    static func resolve(_ arguments: [String], target: StorageLocation, workingDirectory: String) throws -> PutSources {
        var sources = PutSources()
        var owners: [String: String] = [:]
        func claim(_ item: Item, _ text: String) throws {
            if let other = owners[item.remoteName], other != item.path {
                throw RoarError.usage("\(text) and \(other) would both be stored as \(target.appending(item.remoteName))")
            }
            owners[item.remoteName] = item.path
        }
        for text in arguments {
            let path = ArtifactPut.absolute(text, in: workingDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw RoarError.usage("\(text): no such file") }
            if isDirectory.boolValue {
                let files = try regularFiles(under: path)
                guard !files.isEmpty else { throw RoarError.usage("\(text): the directory holds no regular file to put") }
                let directory = Directory(root: path, items: files.map { Item(path: path + "/" + $0, remoteName: $0) })
                for item in directory.items { try claim(item, text) }
                if !sources.directories.contains(where: { $0.root == path }) { sources.directories.append(directory) }
                sources.items += directory.items
            } else {
                guard FileStamp(path: path) != nil else { throw RoarError.usage("\(text): not a regular file") }
                let item = Item(path: path, remoteName: (path as NSString).lastPathComponent)
                try claim(item, text)
                sources.items.append(item)
            }
        }
        var seen: Set<String> = []
        sources.items = sources.items.filter { seen.insert($0.path).inserted }
        return sources
    }

    /// The regular files below `root`, as sorted relative paths (links are not followed).
    static func regularFiles(under root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { throw RoarError.usage("\(root): cannot be read") }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + relative),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            files.append(relative)
        }
        return files.sorted()
    }
}
