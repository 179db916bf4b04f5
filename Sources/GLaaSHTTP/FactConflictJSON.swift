import LineageModel
import LineageStore

/// Conflicting artifact facts as every JSON surface shows them: each fact with all its values,
/// each value with the lineage and publisher that stated it (`ArtifactFacts`).
public enum FactConflictJSON {
    public static func json(_ conflicts: [FactConflict]) -> JSONValue {
        .array(
            conflicts.map { conflict in
                [
                    "fact": .string(conflict.fact),
                    "values": .array(
                        conflict.values.map { value in
                            [
                                "value": .string(value.value), "lineage_hash": .string(value.lineageHash), "publisher": .string(value.publisher),
                                "signed": .bool(value.signed),
                            ]
                        }),
                ]
            })
    }
}
