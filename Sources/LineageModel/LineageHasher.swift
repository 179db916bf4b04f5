import Crypto

/// The canonical lineage payload and its hash, as roar-cli 0.4.7 defines them
/// (`roar/core/canonical_session.py`; docs/v1-protocol.md, "The lineage hash"):
/// `sha256(json.dumps({canonical_version, creator_identity, git, jobs}, sort_keys, compact))`.
public enum LineageHasher {
    public static func hash(of lineage: Lineage) -> String {
        HexString.encode(SHA256.hash(data: CanonicalJSON.bytes(payload(of: lineage))))
    }

    /// The payload that is hashed; useful to explain a hash mismatch.
    public static func payload(of lineage: Lineage) -> JSONValue {
        let normalized = normalizedJobs(lineage.jobs)
        let jobs = canonicalOrder(normalized).map { normalized[$0] }
        return .object([
            "canonical_version": .int(1),
            "creator_identity": .string(normalizedCreator(lineage.creatorIdentity)),
            "git": .object([
                "repo": optionalString(lineage.git.repo),
                "commit": optionalString(lineage.git.commit),
                "branch": optionalString(lineage.git.branch),
            ]),
            "jobs": .array(jobs),
        ])
    }

    /// Indices of `jobs` in the order the canonical payload lists them. Two lineages with the
    /// same hash list equal jobs at equal positions, whatever their job uids, so this pairs the
    /// jobs of a second publication with the first's.
    public static func canonicalJobOrder(_ jobs: [Job]) -> [Int] {
        canonicalOrder(normalizedJobs(jobs))
    }

    static func normalizedJobs(_ jobs: [Job]) -> [JSONValue] {
        let stepByUID = Dictionary(jobs.map { ($0.jobUID, $0.stepNumber) }, uniquingKeysWith: { first, _ in first })
        return jobs.map { normalizedJob($0, parentStep: $0.parentJobUID.flatMap { stepByUID[$0] }) }
    }

    /// Sorted by (step_number, compact JSON), as the client sorts.
    static func canonicalOrder(_ normalized: [JSONValue]) -> [Int] {
        let keys = normalized.map { (step: $0["step_number"]?.int64Value ?? 0, bytes: CanonicalJSON.bytes($0)) }
        return normalized.indices.sorted { lhs, rhs in
            if keys[lhs].step != keys[rhs].step { return keys[lhs].step < keys[rhs].step }
            return keys[lhs].bytes.lexicographicallyPrecedes(keys[rhs].bytes)
        }
    }

    static func normalizedCreator(_ identity: String?) -> String {
        let trimmed = pythonStrip(identity ?? "")
        return trimmed.isEmpty ? "anonymous" : trimmed
    }

    static func normalizedJob(_ job: Job, parentStep: Int?) -> JSONValue {
        .object([
            "command": job.command.map(JSONValue.string) ?? .null,
            "job_type": .string(job.jobType),
            "step_number": .int(Int64(job.stepNumber)),
            "parent_step_number": parentStep.map { .int(Int64($0)) } ?? .null,
            "inputs": .array(normalizedRefs(job.inputs)),
            "outputs": .array(normalizedRefs(job.outputs)),
            "metadata": normalizedMetadata(job.metadata),
        ])
    }

    static func normalizedRefs(_ refs: [ArtifactRef]) -> [JSONValue] {
        ArtifactRef.deduplicatedByHash(refs)
            .map { (hash: pythonStripOrNil($0.hash), path: pythonStripOrNil($0.path)) }
            .sorted { lhs, rhs in
                let (leftHash, rightHash) = (lhs.hash ?? "", rhs.hash ?? "")
                if leftHash != rightHash { return leftHash.utf8.lexicographicallyPrecedes(rightHash.utf8) }
                return (lhs.path ?? "").utf8.lexicographicallyPrecedes((rhs.path ?? "").utf8)
            }
            .map { .object(["hash": $0.hash.map(JSONValue.string) ?? .null, "path": $0.path.map(JSONValue.string) ?? .null]) }
    }

    /// The job's metadata JSON text parsed to an object; anything else (absent, invalid, not an
    /// object) counts as `{}`, as in the client.
    static func normalizedMetadata(_ text: String?) -> JSONValue {
        guard let text, let parsed = try? JSONParser.parse(text), case .object = parsed else { return .object([:]) }
        return normalizedValue(parsed)
    }

    /// Floats as `_normalize_json_value` leaves them: NaN and infinities become null, integral
    /// floats become integers, others are re-rounded to 16 significant digits.
    public static func normalizedValue(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.mapValues(normalizedValue))
        case .array(let items): return .array(items.map(normalizedValue))
        case .double(let number):
            guard number.isFinite else { return .null }
            if number.rounded(.towardZero) == number {
                if let exact = Int64(exactly: number) { return .int(exact) }
                return .bigInt(PythonFloat.integerDigits(number))
            }
            return .double(PythonFloat.roundedToSixteenDigits(number))
        case .bigInt(let digits):
            // Python's int("-0") is 0 and ints keep all their digits.
            return .bigInt(digits)
        default: return value
        }
    }

    static func optionalString(_ text: String?) -> JSONValue {
        pythonStripOrNil(text).map(JSONValue.string) ?? .null
    }

    static func pythonStripOrNil(_ text: String?) -> String? {
        guard let text else { return nil }
        let stripped = pythonStrip(text)
        return stripped.isEmpty ? nil : stripped
    }

    /// `str.strip()`: removes Unicode whitespace from both ends.
    static func pythonStrip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPythonWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isPythonWhitespace($0) })!
        return String(scalars[first...last])
    }

    private static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }
}
