import Crypto

extension CanonicalJSON {
    /// The SHA-256 of a value's canonical text, in hex: a short name for a document whose
    /// equality is all that matters (a composite's component list, compared across lineages).
    public static func sha256Hex(_ value: JSONValue) -> String {
        HexString.encode(SHA256.hash(data: bytes(value)))
    }
}
