import TestSupport

/// Digests in upper case and as prefixes, other algorithms, datasets (composites) and view edges
/// at their edges, labels, and searches for what the other cases stored.
extension EdgeCase {
    static let digests: [EdgeCase] = {
        let upper = TestDigest.label("upper-case-out").uppercased()
        let mixed = TestDigest.label("mixed").prefix(32).uppercased() + TestDigest.label("mixed").suffix(32)
        let prefix = String(TestDigest.label("prefixed-out").prefix(12))
        return [
            registration(
                "digest-upper-case", artifact: #""hashes": [{"algorithm": "BLAKE3", "digest": "\#(upper)"}]"#, link: #""hash": "\#(upper)""#,
                reads: ["/api/v1/public/artifacts/\(upper)", "/api/v1/public/artifacts/\(upper.prefix(8))"]),
            registration(
                "digest-mixed-case", artifact: #""hashes": [{"algorithm": "blake3", "digest": "\#(mixed)"}]"#, link: #""hash": "\#(mixed)""#),
            registration(
                "digest-prefixes",
                reads: [
                    "/api/v1/public/artifacts/\(prefix)", "/api/v1/public/artifacts/\(prefix.uppercased())",
                    "/api/v1/public/artifacts/\(prefix.prefix(7))",
                    "/api/v1/public/artifacts/\(prefix.prefix(1))", "/api/v1/public/artifacts/\(prefix)zz", "/api/v1/public/artifacts/\(prefix)%00",
                    "/api/v1/public/artifacts/\(prefix)%20", "/api/v1/public/artifacts/\(TestDigest.label("prefixed-out"))0",
                    "/api/v1/public/artifacts/\(String(repeating: "0", count: 64))", "/api/v1/public/artifacts/%F0%9F%9A%80",
                    "/api/graph/v1/artifacts?digest_prefix=\(prefix.uppercased())", "/api/graph/v1/artifacts?digest_prefix=\(prefix.prefix(3))",
                    "/api/graph/v1/artifacts/\(prefix.uppercased())",
                ]),
            registration(
                "digest-other-algorithms",
                artifact: #"""
                    "hashes": [{"algorithm": "blake3", "digest": "\#(TestDigest.label("algorithms"))"}, {"algorithm": "SHA256", "digest": "\#(TestDigest.label("sha").uppercased())"}, {"algorithm": "md5", "digest": "\#(TestDigest.label("md5").prefix(32))"}, {"algorithm": "etag", "digest": "\#(TestDigest.label("etag").prefix(32))-3"}]
                    """#, link: #""hash": "\#(TestDigest.label("algorithms"))""#,
                reads: [
                    "/api/v1/public/artifacts/\(TestDigest.label("sha").prefix(10))",
                    "/api/v1/public/artifacts/\(TestDigest.label("md5").prefix(10))",
                ]),
            registration("link-etag-hash", link: #""hash": "\#(TestDigest.label("etag-link").prefix(32).uppercased())-12""#),
            registration("link-hash-7-hex", link: #""hash": "abcdef1""#),
            registration("link-hash-129-hex", link: #""hash": "\#(String(repeating: "a", count: 129))""#),
            registration("link-hash-nul", link: #""hash": "\#(TestDigest.label("nul"))\u0000""#),
            registration("artifact-digest-nul", artifact: #""hashes": [{"algorithm": "blake3", "digest": "\u0000\#(TestDigest.label("d"))"}]"#),
            registration("artifact-algorithm-nul", artifact: #""hashes": [{"algorithm": "bla\u0000ke3", "digest": "\#(TestDigest.label("a"))"}]"#),
        ]
    }()

    static let composites: [EdgeCase] =
        [
            ("count-int32-max", #""component_count_total": 2147483647"#), ("count-int32-max+1", #""component_count_total": 2147483648"#),
            ("count-negative", #""component_count_total": -1"#), ("component-size-int64-max", component(#""component_size": 9223372036854775807"#)),
            ("component-size-negative", component(#""component_size": -1"#)), ("component-path-nul", component(#""relative_path": "a\u0000b""#)),
            ("component-path-empty", component(#""relative_path": """#)), ("component-path-controls", component(#""relative_path": "a\u0001\n""#)),
            ("component-digest-upper", component(#""component_digest": "\#(TestDigest.label("c").uppercased())""#)),
            ("membership-nul", #""membership_index": {"bits": "\u0000"}"#), ("membership-text-nul", #""membership_index": "a\u0000""#),
            ("composite-size-int64-max", #""size": 9223372036854775807"#), ("composite-metadata-nul", #""metadata": "\u0000""#),
        ].map { name, fields in
            let digest = TestDigest.label(name + "-set")
            let body = #"{"hashes": [{"algorithm": "composite-blake3", "digest": "\#(digest)"}], "size": 3, \#(fields)}"#
            let view = #"{"view_edges": [{"relation": "consumes", "target_hash": "\#(digest)", "bloom": {"k": 3}, "selected_count": 1}]}"#
            return registration(
                "composite-" + name,
                extra: [
                    Step(method: .post, path: "/api/v1/registration-sessions/{session}/artifacts/composites", body: body),
                    Step(method: .post, path: "/api/v1/registration-sessions/{session}/jobs/\(uid("composite-" + name))/view-edges", body: view),
                ],
                reads: ["/api/v1/public/artifacts/\(digest)", "/api/v1/public/artifacts/\(digest)/components"])
        }
        + [
            ("selected-int32-max+1", #""selected_count": 2147483648"#), ("parent-negative", #""parent_total": -1"#),
            ("bloom-nul", #""bloom": "\u0000""#), ("bloom-object-nul", #""bloom": {"k": "\u0000"}"#), ("target-upper", "UPPER"),
        ].map { name, fields in
            let target = TestDigest.label("view-" + name)
            let members = fields == "UPPER" ? #""target_hash": "\#(target.uppercased())""# : fields
            var entry = [#""relation": "consumes""#]
            if !members.contains("target_hash") { entry.append(#""target_hash": "\#(target)""#) }
            if !members.contains("bloom") { entry.append(#""bloom": {"k": 3}"#) }
            entry.append(members)
            let path = "/api/v1/registration-sessions/{session}/jobs/\(uid("view-" + name))/view-edges"
            return registration(
                "view-" + name, extra: [Step(method: .post, path: path, body: #"{"view_edges": [{\#(entry.joined(separator: ", "))}]}"#)])
        }

    /// A component with `fields` replacing its defaults.
    static func component(_ fields: String) -> String {
        var members = [String]()
        if !fields.contains("relative_path") { members.append(#""relative_path": "a.csv""#) }
        if !fields.contains("component_digest") { members.append(#""component_digest": "\#(TestDigest.label("component"))""#) }
        members += [#""component_algorithm": "blake3""#, fields]
        return #""components": [{\#(members.joined(separator: ", "))}]"#
    }
}
