import Testing

@testable import RoarTrace

@Suite struct PathNormalizerTests {
    @Test(
        arguments: [
            ("/a/b", nil, "/a/b"),
            ("/a//b/", nil, "/a/b"),
            ("/a/./b/../c", nil, "/a/c"),
            ("/..", nil, "/"),
            ("/a/..", nil, "/"),
            ("/.hidden/..x/.", nil, "/.hidden/..x"),
            ("b", "/a", "/a/b"),
            ("../b", "/a/c", "/a/b"),
            ("./", "/a", "/a"),
            ("../../../x", "/a", "/x"),
        ] as [(String, String?, String)])
    func normalizes(path: String, base: String?, expected: String) {
        #expect(PathNormalizer.absolute(path, base: base) == expected)
    }

    @Test func relativeWithoutBaseIsUnresolved() {
        #expect(PathNormalizer.absolute("a", base: nil) == nil)
    }

    @Test func normalPathsAreRecognized() {
        for path in ["/", "/a", "/a/b.c", "/a/..b", "/a/.b"] {
            var copy = path
            #expect(copy.withUTF8 { PathNormalizer.isNormal($0) }, "\(path)")
        }
        for path in ["/a/", "//a", "/a/.", "/a/..", "/./a", "/a/../b"] {
            var copy = path
            #expect(!copy.withUTF8 { PathNormalizer.isNormal($0) }, "\(path)")
        }
    }
}
