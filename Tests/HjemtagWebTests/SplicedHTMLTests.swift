import Testing

@testable import HjemtagWeb

@Suite("Fragments spliced into a rendered page")
struct SplicedHTMLTests {
    @Test("Each marker is replaced by its own fragment, in place; an unplaced fragment leaves nothing; other comments stay")
    func splice() {
        let a = SplicedHTML("<tr><td>a</td></tr>")
        let b = SplicedHTML("<tr><td>b & æ</td></tr>")
        let unplaced = SplicedHTML("<tr>never</tr>")
        #expect(a.marker != b.marker)
        let page = "<table>\(b.marker)</table><!-- kommentar --><p>\(a.marker)</p><!--hjemtag-fragment-x-->"
        #expect(
            SplicedHTML.splice(page, [a, b, unplaced])
                == "<table><tr><td>b & æ</td></tr></table><!-- kommentar --><p><tr><td>a</td></tr></p><!--hjemtag-fragment-x-->")
        #expect(SplicedHTML.splice("<p>ingen</p>", []) == "<p>ingen</p>")
        #expect(SplicedHTML.splice(a.marker, [a]) == a.html)
    }
}
