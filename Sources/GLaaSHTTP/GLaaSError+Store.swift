import LineageStore

extension GLaaSError {
    /// The one mapping of store errors to HTTP answers, for the API's JSON errors and the web's
    /// error pages alike: unknown things are 404, conflicts 409 (a stale label edit lists its
    /// targets), invalid input 400, an unreachable database 503 (retry).
    public init(_ error: LineageStoreError) {
        switch error {
        case .notFound(let message): self = .notFound(message)
        case .conflict(let message): self = .conflict(message)
        case .invalid(let message): self = .badRequest(message)
        case .unavailable(let message):
            self = GLaaSError(.serviceUnavailable, code: "UNAVAILABLE", "The registry's database is unavailable; retry shortly (\(message))")
        case .labelConflict(let targets):
            self = .conflict(error.description, details: ["conflicts": .array(targets.map(LabelTargetJSON.json))])
        }
    }
}
