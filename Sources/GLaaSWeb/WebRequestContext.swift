import Hummingbird
import LineageStore

/// What the web UI needs from the server's request context: who is looking. A browser is
/// anonymous and sees public lineages until it signs in (`/web/login`); a signed-in browser or a
/// signed request sees its own and its projects' private lineages too.
public protocol WebRequestContext: RequestContext {
    /// The reader whose eyes every store read goes through.
    var webViewer: Viewer { get }
    /// The signed-in browser's account, nil for anyone else.
    var webAccount: WebAccount? { get }
}

extension WebRequestContext {
    public var webAccount: WebAccount? { nil }
}
