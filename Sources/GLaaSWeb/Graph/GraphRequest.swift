/// The graph a page address asks for: the whole lineage (no focus) or the neighbourhood of
/// one node, how many hops each way, and which groups are open. Builds the addresses of the
/// clicks that widen it.
struct GraphRequest: Sendable, Hashable {
    static let defaultDepth = 4
    static let maximumDepth = 64

    var focus: String?
    var up: Int?
    var down: Int?
    var expanded: [String] = []

    /// Reads `focus`, `up`, `down` and `expand` (400 on malformed values).
    init(_ parameters: WebParameters) throws(WebPageError) {
        if let focus = parameters.string("focus"), !focus.isEmpty {
            guard focus.utf8.count <= 200, focus.hasPrefix("j.") || focus.hasPrefix("a.") else {
                throw .badRequest("focus must name a node of the lineage: j.<job uid> or a.<digest>")
            }
            self.focus = focus
        }
        up = try parameters.integer("up", in: 0...Self.maximumDepth)
        down = try parameters.integer("down", in: 0...Self.maximumDepth)
        expanded = parameters.list("expand")
        guard expanded.count <= 64, expanded.allSatisfy({ $0.hasPrefix("g") && $0.utf8.count <= 20 }) else {
            throw .badRequest("expand must list at most 64 group ids (g…)")
        }
    }

    init(focus: String?, up: Int? = nil, down: Int? = nil, expanded: [String] = []) {
        self.focus = focus
        self.up = up
        self.down = down
        self.expanded = expanded
    }

    /// The walk: unlimited from the sources without a focus, else `defaultDepth` each way.
    var options: GraphView.Options {
        guard focus != nil else { return GraphView.Options(up: up, down: down, expanded: Set(expanded)) }
        return GraphView.Options(up: up ?? Self.defaultDepth, down: down ?? Self.defaultDepth, expanded: Set(expanded))
    }

    /// The graph page address for this request.
    func url(lineage: String) -> String {
        var query: [String] = []
        if let focus { query.append("focus=" + WebFormat.urlComponent(focus)) }
        if let up { query.append("up=\(up)") }
        if let down { query.append("down=\(down)") }
        if !expanded.isEmpty { query.append("expand=" + expanded.joined(separator: ",")) }
        return WebComponents.graphURL(lineage: lineage) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// The same view with one more group open.
    func expanding(_ group: String) -> GraphRequest {
        var copy = self
        if !copy.expanded.contains(group) { copy.expanded.append(group) }
        return copy
    }

    /// The same view two hops deeper on one side.
    func deeper(upstream: Bool) -> GraphRequest {
        var copy = self
        let options = self.options
        if upstream { copy.up = min((options.up ?? 0) + 2, Self.maximumDepth) } else { copy.down = min((options.down ?? 0) + 2, Self.maximumDepth) }
        return copy
    }
}
