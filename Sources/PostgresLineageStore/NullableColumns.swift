import LineageModel
import LineageStore

/// Edge columns as parallel arrays for `unnest`, with a null flag per nullable column:
/// PostgresNIO encodes arrays of non-optional values only.
struct NullableColumns {
    var hashes: [String] = []
    var paths: [String] = []
    var pathIsNull: [Bool] = []
    var sizes: [Int64] = []
    var sizeIsNull: [Bool] = []
    var ranges: [String] = []
    var rangesIsNull: [Bool] = []

    init(_ refs: some Sequence<ArtifactRef>) {
        for ref in refs {
            hashes.append(ref.hash)
            paths.append(ref.path ?? "")
            pathIsNull.append(ref.path == nil)
            sizes.append(ref.size ?? 0)
            sizeIsNull.append(ref.size == nil)
            let encoded = StoredJSON.encodeByteRanges(ref.byteRanges)
            ranges.append(encoded ?? "")
            rangesIsNull.append(encoded == nil)
        }
    }
}
