import HTTPTypes
import Hummingbird
import LineageModel
import NIOCore

/// JSON responses in the v1 envelope.
public enum JSONResponse {
    /// `{"success": true, "data": …}`, which roar-cli unwraps.
    public static func envelope(_ data: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(.object(["success": true, "data": data]), status: status)
    }

    public static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let bytes = CanonicalJSON.bytes(value)
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
            body: ResponseBody(byteBuffer: buffer))
    }
}
