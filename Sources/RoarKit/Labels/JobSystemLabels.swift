import Foundation
import LineageModel

/// A job's system labels (`roar.*`), derived from its roar-cli-compatible metadata as roar-cli
/// derives them: the roar version, git, working directory, runtime, packages, and the kind of
/// operation. `roar register` refreshes them (origin `system`) before sending the documents.
public enum JobSystemLabels {
    /// The `roar` subtree for `job`.
    public static func subtree(_ job: LocalJob) -> JSONValue {
        let metadata = (try? JSONParser.parse(job.metadata))?.objectValue ?? [:]
        var roar = LabelDocument()
        roar.set("schema_version", to: 1)
        let kind = ["get", "put", "osmo_submit", "osmo_attach"].first { metadata[$0]?.objectValue != nil } ?? operationKind(job.jobType)
        roar.set("operation.kind", to: .string(kind))
        func put(_ key: String, _ value: JSONValue?) {
            guard let value, !value.isNull else { return }
            roar.set(key, to: value)
        }
        put("version", metadata["roar_version"])
        if let git = metadata["git"]?.objectValue {
            for key in ["commit", "branch", "remote_url", "clean", "commit_timestamp"] { put("git.\(key)", git[key]) }
        }
        put("cwd", metadata["cwd"])
        if let runtime = metadata["runtime"]?.objectValue {
            put("runtime.hostname", runtime["hostname"])
            for group in ["os", "python", "container", "vm", "cuda", "cpu", "memory", "gpu_accounting"] {
                for (key, value) in runtime[group]?.objectValue ?? [:] where !key.contains(".") { put("runtime.\(group).\(key)", value) }
            }
            if let gpus = runtime["gpu"]?.arrayValue, !gpus.isEmpty {
                put("runtime.gpu.count", .int(Int64(gpus.count)))
                for (index, gpu) in gpus.enumerated() {
                    for key in ["name", "memory_mb", "compute_cap"] { put("runtime.gpu.\(index).\(key)", gpu[key]) }
                }
            }
        }
        for (manager, packages) in metadata["packages"]?.objectValue ?? [:] where !manager.contains(".") {
            for (name, version) in packages.objectValue ?? [:] where !name.isEmpty && !name.contains(".") {
                put("packages.\(manager).\(name)", version)
            }
        }
        return roar.json
    }

    static func operationKind(_ jobType: String) -> String {
        let type = jobType.lowercased()
        if type == "build" { return "build" }
        return ["get", "put", "ray_task", "osmo_task"].contains(type) ? type : "run"
    }

    /// Writes `job`'s current system labels into its document (a new `system` version when they changed).
    public static func refresh(_ job: LocalJob, store: LocalStore) throws {
        let system = subtree(job)
        try store.updateLabel(LocalLabelTarget(kind: .job, key: job.uid, display: job.uid), origin: "system") { document in
            var root = document.root
            root["roar"] = system
            return LabelDocument(root)
        }
    }
}
