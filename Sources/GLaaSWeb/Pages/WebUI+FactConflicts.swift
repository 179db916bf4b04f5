import LineageStore

extension WebUI {
    /// Facts the visible lineages disagree on, each value with the lineage and publisher that
    /// stated it: the page shows the highest-ranked value above and every value here.
    static func conflictTable(_ html: inout HTML, _ conflicts: [FactConflict]) {
        guard !conflicts.isEmpty else { return }
        html.raw("<h2>Conflicting facts</h2>")
        html.raw("<p class=\"muted\">Lineages disagree about these facts. Signed publishers rank before anonymous ones; every statement is kept.</p>")
        html.raw("<table><thead><tr><th>Fact</th><th>Value</th><th>Lineage</th><th>Publisher</th></tr></thead><tbody>")
        for conflict in conflicts {
            for value in conflict.values {
                html.raw("<tr><td>")
                html.text(conflict.fact)
                html.raw("</td><td class=\"mono\">")
                html.text(value.value)
                html.raw("</td><td class=\"hash\">")
                html.link(WebComponents.lineageURL(value.lineageHash), WebFormat.short(value.lineageHash))
                html.raw("</td><td>")
                html.text(value.signed ? value.publisher : "\(value.publisher) (unsigned)")
                html.raw("</td></tr>")
            }
        }
        html.raw("</tbody></table>")
    }
}
