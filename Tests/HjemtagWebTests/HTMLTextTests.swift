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
}
