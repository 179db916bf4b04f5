import HTTPTypes
import Hummingbird
import LineageModel
import NIOCore

/// An error a client caused or can act on, answered as
/// `{"success": false, "error": {"code": …, "message": …}}` with its status.
public struct GLaaSError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra top-level fields (e.g. the candidates of an ambiguous prefix).
    public var details: [String: JSONValue]
    /// Sent as `Retry-After` (seconds): the server is busy, not the request wrong.
    public var retryAfterSeconds: Int?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, details: [String: JSONValue] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func badRequest(_ message: String) -> GLaaSError { GLaaSError(.badRequest, code: "BAD_REQUEST", message) }
    public static func unauthorized(_ message: String) -> GLaaSError { GLaaSError(.unauthorized, code: "UNAUTHORIZED", message) }
    public static func forbidden(_ message: String) -> GLaaSError { GLaaSError(.forbidden, code: "FORBIDDEN", message) }
    public static func notFound(_ message: String) -> GLaaSError { GLaaSError(.notFound, code: "NOT_FOUND", message) }
    public static func conflict(_ message: String, details: [String: JSONValue] = [:]) -> GLaaSError {
        GLaaSError(.conflict, code: "CONFLICT", message, details: details)
    }
    public static let endpointNotFound = GLaaSError(.notFound, code: "NOT_FOUND", "Endpoint not found")
    /// A 503 with `Retry-After`: the server is at a limit it recovers from on its own.
    public static func unavailable(_ message: String, retryAfterSeconds: Int = 1) -> GLaaSError {
        var error = GLaaSError(.serviceUnavailable, code: "SERVICE_UNAVAILABLE", message)
        error.retryAfterSeconds = retryAfterSeconds
        return error
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        error["status"] = .int(Int64(status.code))
        var body: [String: JSONValue] = ["success": false, "error": .object(error)]
        for (key, value) in details { body[key] = value }
        var response = JSONResponse.make(.object(body), status: status)
        // Every 503 here means "try again shortly" (a database unavailable, a statement stopped
        // by its timeout, a limit reached): say when, so clients back off rather than hammer.
        if let retryAfterSeconds {
            response.headers[.retryAfter] = String(retryAfterSeconds)
        } else if status == .serviceUnavailable {
            response.headers[.retryAfter] = Self.defaultRetryAfter
        }
        return response
    }

    /// What a 503 answers in `Retry-After` unless it says otherwise.
    public static let defaultRetryAfter = "1"
}
