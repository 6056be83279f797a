import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// Text written into HTML outside the templates: an explanation text or a parameter source
/// comes from data and must never become markup.
@Suite struct HTMLTextTests {
    @Test func escapesMarkupCharacters() {
        #expect(
            HTMLText.escaped(#"<a href="x" onclick='y'>Tom & Jerry</a>"#)
                == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;")
    }

    @Test func leavesOtherTextAlone() {
        #expect(HTMLText.escaped("Økonomi – § 176, stk. 2: 25 % af 1.234,50 kr.") == "Økonomi – § 176, stk. 2: 25 % af 1.234,50 kr.")
        #expect(HTMLText.escaped("") == "")
        #expect(HTMLText.escaped("æ&ø") == "æ&amp;ø")
    }

    @Test("Short strings held inline, long ones on the heap and bridged ones: the mark found wherever it stands")
    func everyKindOfString() {
        #expect(HTMLText.escaped("a<b") == "a&lt;b")
        let long = String(repeating: "Forvaltning for børn og unge ", count: 20)
        #expect(HTMLText.escaped(long + "\"") == long + "&quot;")
        #expect(HTMLText.escaped(long) == long)
        #expect(HTMLText.escaped(NSString(string: "Tom & Jerry") as String) == "Tom &amp; Jerry")
    }

    /// Every template escapes with `EscapedHTML`, byte by byte: Mustache's own escape compares
    /// whole characters, so a quote followed by a combining accent is one character that is not a
    /// quote, and it left the quote in place to end an attribute early.
    @Test("The templates escape a quote or a bracket followed by a combining accent")
    func templatesEscapeByByte() async throws {
        let views = try await Views.load()
        struct Pages { let showing = "side 1", previous: String, next: String? = nil }
        let accent = "\u{301}"
        let link = "/fund?side=1\"" + accent + " onmouseover=alert(1) x=\"<" + accent
        let html = views.library.render(Pages(previous: link), withTemplate: "list_pages") ?? ""
        let escaped = "href=\"/fund?side=1&quot;" + accent + " onmouseover=alert(1) x=&quot;&lt;" + accent + "\""
        #expect(html.contains(escaped), "\(html)")
        #expect(!html.contains("1\"" + accent))
    }
}
