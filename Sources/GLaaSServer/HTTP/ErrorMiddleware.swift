import GLaaSHTTP
import HTTPTypes
import Hummingbird
import LineageModel
import LineageStore
import Logging
import NIOCore

/// Turns every failure into a JSON error: unknown routes into 404 "Endpoint not found",
/// oversize bodies into 413, store conflicts into 409, and anything unexpected into a 500
/// that is logged (never a dropped connection).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GLaaSError {
            return try error.response(from: request, context: context)
        } catch let error as LineageStoreError {
            return try GLaaSError(error).response(from: request, context: context)
        } catch let error as LineageModelError {
            return try GLaaSError.badRequest(error.description).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try Self.tooLarge(context).response(from: request, context: context)
        } catch let error as HTTPError {
            let mapped: GLaaSError
            switch error.status {
            case .notFound where error.body == nil: mapped = .endpointNotFound
            case .contentTooLarge: mapped = Self.tooLarge(context)
            default: mapped = GLaaSError(error.status, code: "HTTP_\(error.status.code)", error.body ?? error.status.reasonPhrase)
            }
            return try mapped.response(from: request, context: context)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try GLaaSError(.internalServerError, code: "INTERNAL", "Internal server error").response(from: request, context: context)
        }
    }

    static func tooLarge(_ context: Context) -> GLaaSError {
        GLaaSError(.contentTooLarge, code: "PAYLOAD_TOO_LARGE", "Request body is larger than the server accepts (\(context.maxUploadSize) bytes)")
    }

}
