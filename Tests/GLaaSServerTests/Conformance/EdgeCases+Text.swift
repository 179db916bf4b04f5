/// Text at its edges: NUL anywhere, empty, very long, astral and combining characters, lone
/// surrogate escapes, control characters, duplicate keys and deep nesting, in every text field
/// a registration carries.
extension EdgeCase {
    /// JSON string literals (with their quotes), by name.
    static let strings: [(String, String)] = [
        ("empty", #""""#), ("nul-alone", #""\u0000""#), ("nul-start", #""\u0000python""#), ("nul-middle", #""python\u0000train.py""#),
        ("nul-end", #""python\u0000""#), ("astral-escaped", #""\ud83d\ude80 rocket""#), ("astral-raw", "\"🚀 𝕏 𓀀\""),
        ("combining", #""e\u0301 n\u0303 a\u030A""#), ("combining-raw", "\"é ñ\""), ("lone-high-surrogate", #""a\ud800b""#),
        ("lone-low-surrogate", #""a\udc00b""#), ("reversed-surrogates", #""\udc00\ud800""#), ("surrogate-then-escape", #""\ud800\u0041""#),
        ("controls", #""a\u0001b\u001fc\u007fd\ne\tf\rg""#), ("bidi", #""\u202eevil\u202c""#), ("bom", #""\ufeffbom""#),
        ("noncharacter", #""\uffff\ufffe""#), ("long-1MiB", "\"\(String(repeating: "x", count: 1 << 20))\""),
        ("long-1MiB+1", "\"\(String(repeating: "x", count: (1 << 20) + 1))\""), ("quotes", #""say \"hi\" \\ there""#),
    ]

    static let text: [EdgeCase] =
        strings.flatMap { name, literal in
            [
                registration("command-" + name, job: #""command": \#(literal)"#),
                registration("branch-" + name, job: #""git_branch": \#(literal)"#),
                registration("commit-" + name, job: #""git_commit": \#(literal)"#),
                registration("type-" + name, job: #""job_type": \#(literal)"#),
                registration("metadata-text-" + name, job: #""metadata": \#(literal)"#),
                registration("metadata-value-" + name, job: #""metadata": {"note": \#(literal), "nested": {"list": [\#(literal)]}}"#),
                registration("metadata-key-" + name, job: #""metadata": {\#(literal): 1}"#),
                registration("path-" + name, link: #""path": \#(literal)"#),
                registration("source-url-" + name, artifact: #""source_url": \#(literal), "source_type": "s3""#),
                registration("artifact-metadata-" + name, artifact: #""metadata": {"k": \#(literal)}"#),
                registration("repo-" + name, finalize: #"{"git_repo": \#(literal)}"#),
            ]
        }
        + [
            registration("metadata-nul-in-json-text", job: #""metadata": "{\"a\": \"\u0000\"}""#),
            registration("metadata-escaped-nul-in-json-text", job: #""metadata": "{\"a\": \"\\u0000\"}""#),
            registration("metadata-escaped-surrogate-in-json-text", job: #""metadata": "{\"a\": \"\\ud800\"}""#),
            registration("metadata-not-json", job: #""metadata": "not json {""#),
            registration("metadata-number", job: #""metadata": 5"#),
            registration("metadata-array", job: #""metadata": [1, 2]"#),
            registration("metadata-duplicate-keys", job: #""metadata": {"a": 1, "a": 2, "b": {"c": 1, "c": "two"}}"#),
            registration("job-duplicate-keys", job: #""command": "first", "command": "second", "exit_code": 1, "exit_code": 2"#),
            registration("metadata-deep-64", job: #""metadata": \#(nested(64))"#),
            registration("metadata-deep-512", job: #""metadata": \#(nested(512))"#),
            registration("metadata-deep-5000", job: #""metadata": \#(nested(5000))"#),
            registration("metadata-deep-text", job: #""metadata": "\#(nested(5000).replacingOccurrences(of: "\"", with: "\\\""))""#),
            registration("metadata-numbers", job: #""metadata": {"big": 123456789012345678901234567890, "small": -1e-320, "nan": NaN, "e": 1E+2}"#),
            registration("parent-uid-nul", job: #""parent_job_uid": "p\u0000""#),
            registration("parent-uid-unicode", job: #""parent_job_uid": "p\u00e9""#),
            registration("uid-128", job: #""job_uid": "\#(String(repeating: "u", count: 128))""#),
            registration("uid-129", job: #""job_uid": "\#(String(repeating: "u", count: 129))""#),
            registration("path-16384", link: #""path": "/\#(String(repeating: "p", count: 16383))""#),
            registration("path-16385", link: #""path": "/\#(String(repeating: "p", count: 16384))""#),
            registration("path-control-only", link: #""path": "\u0001\u0002\u0003""#),
            registration("path-newlines", link: #""path": "/a\nb/c\r\nd""#),
            registration("source-type-long", artifact: #""source_type": "\#(String(repeating: "s", count: 33))""#),
        ]

    /// An object nested `depth` deep.
    static func nested(_ depth: Int) -> String {
        String(repeating: #"{"a": "#, count: depth) + "1" + String(repeating: "}", count: depth)
    }
}
