import Hummingbird
import LineageStore

/// What the web UI needs from the server's request context: who is looking. Browsers send no
/// signature, so they are anonymous and see public lineages; a signed request sees its own.
public protocol WebRequestContext: RequestContext {
    /// The reader whose eyes every store read goes through.
    var webViewer: Viewer { get }
}
