import HTTPTypes

/// A page that cannot be shown: an unknown hash (404), input that cannot name anything (400),
/// or a database that is down for now (503). Rendered as an HTML page with the search box.
public struct WebPageError: Error, Sendable, CustomStringConvertible {
    /// The status the page is served with.
    public var status: HTTPResponse.Status
    /// One sentence for the reader.
    public var message: String

    /// An error page with a status and a message.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Nothing with that name is visible here.
    public static func notFound(_ message: String) -> WebPageError { WebPageError(.notFound, message) }
    /// The address names nothing that could exist.
    public static func badRequest(_ message: String) -> WebPageError { WebPageError(.badRequest, message) }

    public var description: String { "\(status.code) \(message)" }
}
