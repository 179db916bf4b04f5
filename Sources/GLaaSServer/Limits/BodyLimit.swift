import HTTPTypes

/// How much of a request body a route reads: its bytes, checked before and while they arrive,
/// and its JSON values, counted while parsing, so that no client can make the server hold more
/// than the route needs (a body of many tiny entries parses to a tree many times its size).
public struct BodyLimit: Sendable, Equatable {
    public let bytes: Int
    /// Every scalar, array and object of the JSON document counts one.
    public let jsonValues: Int

    public init(bytes: Int, jsonValues: Int) {
        self.bytes = bytes
        self.jsonValues = jsonValues
    }

    /// Routes that take no body, and registration-session creation.
    public static let small = BodyLimit(bytes: 64 << 10, jsonValues: 4_096)
    /// Batches of jobs or artifacts: roar-cli sends a whole lineage's jobs in one request.
    public static let batch = BodyLimit(bytes: 64 << 20, jsonValues: 500_000)
    /// Links, composites and view edges of one session.
    public static let links = BodyLimit(bytes: 16 << 20, jsonValues: 500_000)
    /// One job, finalize, labels and OpenLineage events.
    public static let document = BodyLimit(bytes: 8 << 20, jsonValues: 250_000)
    /// Client telemetry, read and dropped.
    public static let telemetry = BodyLimit(bytes: 1 << 20, jsonValues: 0)

    /// The limit of each route that takes a body, by method and route pattern as the router
    /// names it; every other route gets `small`. Listed in the OpenAPI document and docs/api.md.
    public static let routes: [String: BodyLimit] = [
        "POST /api/v1/registration-sessions/{session}/jobs/batch": .batch,
        "POST /api/v1/registration-sessions/{session}/artifacts/batch": .batch,
        "POST /api/v1/registration-sessions/{session}/jobs": .document,
        "POST /api/v1/registration-sessions/{session}/artifacts/composites": .links,
        "POST /api/v1/registration-sessions/{session}/jobs/{job}/inputs": .links,
        "POST /api/v1/registration-sessions/{session}/jobs/{job}/outputs": .links,
        "POST /api/v1/registration-sessions/{session}/jobs/{job}/view-edges": .links,
        "POST /api/v1/registration-sessions/{session}/finalize": .document,
        "POST /api/v1/registration-sessions/{session}/labels/batch": .document,
        "POST /api/v1/labels/reconcile": .document,
        "POST /api/v1/labels/sync": .document,
        "POST /api/v1/lineage": .document,
        "POST /api/v1/telemetry/roar": .telemetry,
    ]

    /// The limit for a request the router matched to `endpoint` (nil when no route matched).
    public static func limit(method: HTTPRequest.Method, endpoint: String?) -> BodyLimit {
        guard let endpoint else { return .small }
        return routes["\(method.rawValue) \(endpoint)"] ?? .small
    }
}
