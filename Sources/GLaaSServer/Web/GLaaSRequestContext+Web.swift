import GLaaSWeb
import LineageStore

/// The web UI reads through the same eyes as the v1 read routes.
extension GLaaSRequestContext: WebRequestContext {
    public var webViewer: Viewer { principal.viewer }
}
