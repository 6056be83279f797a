import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// Help where it is needed: each scheme page opens with what the scheme is and the files it
/// needs; the help page explains every rule code and finding kind; every import kind has a
/// template its own import accepts.
@Suite("Help: scheme guides, rule codes, finding kinds, import templates", .serialized)
struct HelpTests {
    @Test("Each scheme page opens with its guide and links to its section of the help page")
    func guides() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                let (_, jar) = try await logIn(client)
                for scheme in Scheme.allCases {
                    let html = String(buffer: try await client.execute(uri: Route.page(of: scheme).path(), method: .get, headers: headers(jar)).body)
                    #expect(html.contains(#"<div class="guide">"#) && html.contains(#"href="/hjaelp#\#(scheme.rawValue)""#), "\(scheme)")
                    for kind in SchemeGuide.files(scheme) { #expect(html.contains(kind.rawValue + " ("), "\(scheme) names \(kind)") }
                }
                let help = String(buffer: try await client.execute(uri: "/hjaelp", method: .get, headers: headers(jar)).body)
                for scheme in Scheme.allCases { #expect(help.contains(#"<section id="\#(scheme.rawValue)""#)) }
                // R0-R13 and V0-V12 as the rule documents number them, and every finding kind.
                for code in ["R0", "R1-R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "V0"]
                    + VATRule.allCases.map(\.rawValue)
                {
                    #expect(help.contains("<td><strong>\(code)</strong></td>"), "\(code)")
                }
                for kind in FindingKind.allCases { #expect(help.contains("<code>\(kind.rawValue)"), "\(kind)") }
            }
        }
    }

    @Test("Every import kind's template downloads, lists the columns its parser reads, and is accepted by its own import")
    func templates() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                let (_, jar) = try await logIn(client)
                let page = String(buffer: try await client.execute(uri: "/importer", method: .get, headers: headers(jar)).body)
                for kind in ImportKind.allCases where kind.hasColumns {
                    let href = HelpPage.templateHref(kind)
                    #expect(page.contains(#"href="\#(href)""#))
                    // The link as the page gives it (a hyphen percent-encoded) leads to the file.
                    let r = try await client.execute(uri: href, method: .get, headers: headers(jar))
                    #expect(r.status == .ok && r.headers[.contentDisposition]?.contains("skabelon-\(kind.rawValue).csv") == true)
                    let text = String(buffer: r.body)
                    #expect(text == kind.template)
                    #expect(Set(text.trimmingCharacters(in: .newlines).split(separator: ";").map(String.init)) == Set(kind.knownColumns))
                    // Headings only: accepted (nothing to store, said as a warning), never a missing column.
                    let name = kind == .yrCalculation ? "yr-ydelsesrefusion-beregning-350-0001-2024-03-01.csv" : "skabelon-\(kind.rawValue).csv"
                    let file = f.dir.appendingPathComponent(name)
                    // The OS2bos forecast has the payments report's columns: the same bytes are imported once.
                    try (kind == .os2bosForecast ? "\u{FEFF}" + text : text).write(to: file, atomically: true, encoding: .utf8)
                    let outcome = try await ImportRunner().run(kind: kind, file: file, importedBy: "test", into: f.store)
                    #expect(outcome.summary.rowCount == 0 && outcome.warnings.contains { $0.contains("ingen rækker") }, "\(kind)")
                    try FileManager.default.removeItem(at: file)
                }
                #expect(try await client.execute(uri: "/importer/skabelon.csv?type=pdf", method: .get, headers: headers(jar)).status == .badRequest)
            }
        }
    }
}
