/// The per-path records of a trace, in order of first access, with the
/// index by inode of what was read (to notice writes through other names).
struct FileTable {
    private(set) var records: [FileAccess] = []
    private var index: [String: Int] = [:]
    private var readInodes: [InodeKey: Int] = [:]
    /// The shared clock of `FileAccess.order` and the event orders.
    private(set) var clock = 0

    struct InodeKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Advances the clock for an event.
    mutating func tick() -> Int {
        clock += 1
        return clock
    }

    /// The record of `path`, if any.
    func find(_ path: String) -> Int? {
        index[path]
    }

    /// The record of `path`, created on first use.
    mutating func slot(_ path: String) -> Int {
        if let existing = index[path] { return existing }
        let position = records.count
        records.append(FileAccess(path: path, order: tick()))
        index[path] = position
        return position
    }

    subscript(position: Int) -> FileAccess {
        get { records[position] }
        _modify { yield &records[position] }
    }

    /// Whether `path` has been read in this run.
    func wasRead(_ path: String) -> Bool {
        guard let position = index[path] else { return false }
        return records[position].read
    }

    /// The read record whose first-read identity has this inode.
    func readRecord(inode identity: FileIdentity) -> Int? {
        readInodes[InodeKey(device: identity.device, inode: identity.inode)]
    }

    /// Marks a read by `pid`, keeping the identity of the first read.
    mutating func markRead(_ position: Int, pid: Int32, identity: FileIdentity?) {
        if !records[position].read {
            records[position].read = true
            if records[position].identity == nil { records[position].identity = identity }
            if let identity = records[position].identity {
                readInodes[InodeKey(device: identity.device, inode: identity.inode)] = position
            }
        }
        Self.add(pid, to: &records[position].readers)
    }

    /// Marks a write by `pid`.
    mutating func markWritten(_ position: Int, pid: Int32) {
        records[position].written = true
        Self.add(pid, to: &records[position].writers)
    }

    /// The path no longer names the inode it had when read (unlink or
    /// rename away): writes to that inode no longer concern this path.
    mutating func forgetInode(of position: Int) {
        guard let identity = records[position].identity else { return }
        let key = InodeKey(device: identity.device, inode: identity.inode)
        if readInodes[key] == position { readInodes[key] = nil }
    }

    private static func add(_ pid: Int32, to list: inout [Int32]) {
        if !list.contains(pid) { list.append(pid) }
    }
}
