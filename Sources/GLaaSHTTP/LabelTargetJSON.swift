import LineageModel
import LineageStore

/// A label target as the v1 protocol names it (`entityType`, `sessionHash`, `jobUid`,
/// `artifactHash`): in label answers and in the details of a label conflict.
public enum LabelTargetJSON {
    public static func json(_ target: LabelTarget) -> JSONValue {
        .object([
            "entityType": .string(target.kind.rawValue),
            "sessionHash": target.lineageHash.map(JSONValue.string) ?? .null,
            "jobUid": target.jobUID.map(JSONValue.string) ?? .null,
            "artifactHash": target.artifactHash.map(JSONValue.string) ?? .null,
        ])
    }
}
