import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// A directory's composite-blake3 digest and membership index equal roar-cli 0.4.7's for the
/// same files (values computed with its CompositeArtifactBuilder).
struct CompositeDigestTests {
    static let leaves = [("part-001.csv", "b,2\n"), ("sub/x.txt", "x\n"), ("part-000.csv", "a,1\n")].map {
        CompositeDigest.Leaf(relativePath: $0.0, digest: TestDigest.blake3($0.1), size: Int64($0.1.utf8.count))
    }

    @Test func digestAndBloomMatchRoarCLI() throws {
        let composite = CompositeDigest(leaves: Self.leaves)
        #expect(composite.digest == "795b0b846888a46869ee19934f439cf2c45b35d74601fb220745a1e4d91887c0")
        #expect(composite.leaves.map(\.relativePath) == ["part-000.csv", "part-001.csv", "sub/x.txt"])
        #expect(composite.size == 10)
        let payload = composite.payload(sourceType: "s3", sourceURL: "s3://b/shards/")
        let membership = try #require(payload["membership_index"])
        #expect(membership["bloom_bits"]?.int64Value == 2048)
        #expect(membership["bloom_hashes"]?.int64Value == 12)
        #expect(
            membership["bloom_filter_base64"]?.stringValue
                == "AAAAgAAAAQAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAEAQAIAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAgAAAQAAAAAAAAACAAAAAAQAAAAAAAAEAAAAIAEAAAAAAAAAAAAAAQAAAAAAAAQAAAAAAAAAAAAAAAAAABAAAAAAAACAAAAAAAAAAACABAAAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAABAAABAAAAAAAAAAAABAAAAAAAAAAAAAgAAABAAgAAAIAAAAAAAAAAAAAABAAAAAAAAAAAAAAAABAAAABAAAAAAAAAAAAAAEAAAAAAAQAIAAAAAAAAACAAAAAAAAAAA=="
        )
        #expect(payload["hashes"]?.arrayValue?.first?["algorithm"]?.stringValue == "composite-blake3")
        #expect(payload["components"]?.arrayValue?.first?["component_type"]?.stringValue == "text/csv")
        #expect(payload["component_count_total"]?.int64Value == 3)
    }

    @Test func pathsAndContentBothMoveTheDigest() {
        let base = CompositeDigest(leaves: Self.leaves).digest
        var moved = Self.leaves
        moved[1].relativePath = "other/x.txt"
        #expect(CompositeDigest(leaves: moved).digest != base)
        var changed = Self.leaves
        changed[0].digest = TestDigest.blake3("b,3\n")
        #expect(CompositeDigest(leaves: changed).digest != base)
        #expect(CompositeDigest(leaves: Self.leaves.reversed()).digest == base, "order of discovery does not matter")
    }
}
