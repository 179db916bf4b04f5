/// JSON of a `FileAccess` lists only what happened: flags that are false
/// and empty pid lists are left out (and read back as false and empty),
/// which keeps a report of thousands of files short and readable.
extension FileAccess {
    private enum CodingKeys: String, CodingKey {
        case path, order, read, written, created, truncated, appended, executed, unlinked, renamedAway
        case modifiedAfterRead, identity, readers, writers
    }

    private static var flags: [(CodingKeys, WritableKeyPath<FileAccess, Bool>)] {
        [
            (.read, \.read), (.written, \.written), (.created, \.created), (.truncated, \.truncated),
            (.appended, \.appended), (.executed, \.executed), (.unlinked, \.unlinked),
            (.renamedAway, \.renamedAway), (.modifiedAfterRead, \.modifiedAfterRead),
        ]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(order, forKey: .order)
        for (key, flag) in Self.flags where self[keyPath: flag] {
            try container.encode(true, forKey: key)
        }
        try container.encodeIfPresent(identity, forKey: .identity)
        if !readers.isEmpty { try container.encode(readers, forKey: .readers) }
        if !writers.isEmpty { try container.encode(writers, forKey: .writers) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            path: try container.decode(String.self, forKey: .path),
            order: try container.decode(Int.self, forKey: .order))
        for (key, flag) in Self.flags {
            self[keyPath: flag] = try container.decodeIfPresent(Bool.self, forKey: key) ?? false
        }
        identity = try container.decodeIfPresent(FileIdentity.self, forKey: .identity)
        readers = try container.decodeIfPresent([Int32].self, forKey: .readers) ?? []
        writers = try container.decodeIfPresent([Int32].self, forKey: .writers) ?? []
    }
}
