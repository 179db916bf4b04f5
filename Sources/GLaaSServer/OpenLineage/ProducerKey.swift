import Crypto
import GLaaSHTTP
import HTTPTypes
import LineageModel

/// What makes an anonymous OpenLineage sender the same sender from one event to the next: a
/// secret it chooses and sends with every event of a run group, in the `X-GLaaS-Producer-Key`
/// header (openlineage-python: `HttpConfig(custom_headers=…)`). Only its SHA-256 scopes the
/// group's staging; it is never stored, echoed or logged. Another sender, with another key or
/// none, cannot join or block the group, even knowing its run id.
struct ProducerKey: Sendable {
    static let header = HTTPField.Name("X-GLaaS-Producer-Key")!
    static let lengths = 32...256

    /// Hex SHA-256 of the key.
    let digest: String

    /// The key of `headers`, nil without one. A key that is too short, too long, not visible
    /// ASCII, or sent twice is a 400: a key meant as a secret must be one.
    init?(_ headers: HTTPFields) throws {
        let values = headers[values: Self.header]
        guard let value = values.first else { return nil }
        guard values.count == 1 else { throw GLaaSError.badRequest("Send one X-GLaaS-Producer-Key header, not \(values.count)") }
        let bytes = Array(value.utf8)
        guard Self.lengths.contains(bytes.count), bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw GLaaSError.badRequest(
                "X-GLaaS-Producer-Key must be \(Self.lengths.lowerBound) to \(Self.lengths.upperBound) visible ASCII characters "
                    + "(a random secret, e.g. `openssl rand -hex 32`)")
        }
        digest = HexString.encode(SHA256.hash(data: bytes))
    }
}
