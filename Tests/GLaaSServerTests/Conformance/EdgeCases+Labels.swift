import TestSupport

/// Label documents at their edges, and searches by label, command and path over what the
/// other cases stored.
extension EdgeCase {
    static let labels: [EdgeCase] =
        [
            ("plain", #"{"stage": "dev", "score": 0.25}"#), ("nul-value", #"{"note": "a\u0000b"}"#), ("nul-key", #"{"a\u0000": 1}"#),
            ("astral", #"{"🚀": "\ud83d\ude80", "e\u0301": "é"}"#), ("lone-surrogate", #"{"note": "\ud800"}"#), ("empty-key", #"{"": "empty"}"#),
            ("deep", #"{"note": \#(nested(200))}"#), ("duplicate-keys", #"{"note": 1, "note": 2}"#), ("huge-number", #"{"note": 1e300}"#),
            ("int64-max", #"{"note": 9223372036854775807}"#), ("long", #"{"note": "\#(String(repeating: "l", count: 100_000))"}"#),
        ].map { name, document in
            let digest = TestDigest.label("label-" + name + "-out")
            let body = #"""
                {"labels": [{"entity_type": "dag", "metadata": \#(document)}, {"entity_type": "artifact", "artifact_hash": "\#(digest)", "metadata": \#(document)}]}
                """#
            return registration(
                "label-" + name, after: [Step(method: .post, path: "/api/v1/registration-sessions/{session}/labels/batch", body: body)],
                reads: [
                    "/api/v1/labels/current?entity_type=dag&session_hash={hash}", "/api/v1/labels/history?entity_type=dag&session_hash={hash}",
                    "/api/v1/labels/current?entity_type=artifact&artifact_hash=\(digest)", "/api/graph/v1/artifacts?label=note",
                    "/api/graph/v1/artifacts?label=stage=dev",
                ])
        }

    /// Searches, after every other case has stored its records.
    static let searches: EdgeCase = {
        let values = [
            "python", "%F0%9F%9A%80", "e%CC%81", "%00", "%01", "", "%", "%25", "_", "%5C", "%22", "%27", "%ED%A0%80", "%EF%BF%BD",
            String(repeating: "x", count: 600), "a%0Ab",
        ]
        var reads = values.flatMap { value in
            ["/api/graph/v1/jobs?command=\(value)", "/api/graph/v1/artifacts?path=\(value)", "/api/graph/v1/artifacts?label=\(value)"]
        }
        reads += [
            "/api/graph/v1/jobs?since=0001-01-01T00:00:00Z", "/api/graph/v1/jobs?until=9999-12-31T23:59:59Z",
            "/api/graph/v1/jobs?since=10000-01-01T00:00:00Z",
            "/api/graph/v1/jobs?limit=0", "/api/graph/v1/jobs?limit=9223372036854775808", "/api/v1/sessions?limit=1000",
        ]
        return EdgeCase(name: "searches", steps: reads.map { Step(method: .get, path: $0) })
    }()

    /// Every case, in the order the test sends them.
    static var all: [EdgeCase] { numbers + text + digests + composites + labels + [searches] }
}
