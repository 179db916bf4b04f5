import LineageModel

/// A job's metadata JSON (as roar-cli and roar record it) read into what the job page shows:
/// git state, the environment it ran in, environment variables, and packages by manager.
/// Fields it does not know stay visible in the raw JSON on the page.
struct JobMetadata {
    /// `(name, value)` rows about the source code.
    var git: [(String, String)] = []
    /// `(name, value)` rows about the machine and runtime.
    var environment: [(String, String)] = []
    /// Environment variables the job read or was given.
    var variables: [(String, String)] = []
    /// Packages per manager (`pip`, `dpkg`, ...), sorted by name.
    var packages: [(manager: String, entries: [(String, String)])] = []
    /// The argv of the root process, when recorded.
    var argv: [String]?

    init(_ text: String?) {
        guard let text, let root = try? JSONParser.parse(text), case .object = root else { return }
        if let git = root["git"]?.objectValue {
            for (key, name) in [
                ("commit", "Commit"), ("branch", "Branch"), ("remote_url", "Remote"), ("clean", "Clean"),
                ("uncommitted_changes", "Uncommitted changes"), ("commit_message", "Message"), ("commit_timestamp", "Committed"),
            ] {
                if let value = git[key], !value.isNull { self.git.append((name, Self.text(value))) }
            }
        }
        let runtime = root["runtime"]
        func add(_ name: String, _ value: JSONValue?) {
            guard let value, !value.isNull else { return }
            let shown = Self.text(value)
            if !shown.isEmpty { environment.append((name, shown)) }
        }
        add("Host", runtime?["hostname"])
        if let os = runtime?["os"]?.objectValue {
            add("OS", .string(["system", "release", "machine"].compactMap { os[$0]?.stringValue }.joined(separator: " ")))
        }
        if let python = runtime?["python"]?.objectValue {
            add("Python", .string([python["implementation"]?.stringValue, python["version"]?.stringValue].compactMap { $0 }.joined(separator: " ")))
        }
        if let cpu = runtime?["cpu"]?.objectValue {
            let count = cpu["count"].map(Self.text).map { " × \($0)" } ?? ""
            add("CPU", .string((cpu["model"]?.stringValue ?? "") + count))
        }
        if let memory = runtime?["memory"]?["total_mb"] { add("Memory", .string("\(Self.text(memory)) MB")) }
        add("Container", runtime?["container"]?["type"])
        add("Virtualization", runtime?["vm"]?["hypervisor"])
        add("CUDA", runtime?["cuda"])
        add("GPU", runtime?["gpu"])
        add("Working directory", root["cwd"])
        add("Python capture", root["python_capture"])
        add("Recorder", root["roar_version"].map { .string("roar \(Self.text($0))") })
        for source in [runtime?["env_vars"], root["env_vars"]] {
            for (key, value) in (source?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) { variables.append((key, Self.text(value))) }
        }
        for (manager, list) in (root["packages"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let entries = (list.objectValue ?? [:]).map { ($0.key, Self.text($0.value)) }.sorted { $0.0.lowercased() < $1.0.lowercased() }
            if !entries.isEmpty { packages.append((manager, entries)) }
        }
        argv = runtime?["command"]?.arrayValue?.compactMap(\.stringValue)
    }

    /// A JSON value as text: strings bare, everything else as compact JSON.
    static func text(_ value: JSONValue) -> String {
        value.stringValue ?? CanonicalJSON.string(value)
    }
}
