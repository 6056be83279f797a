import Foundation
import HjemtagCLI
import HjemtagCore
import HjemtagExport
import HjemtagSQLStore
import HjemtagSchemes
import HjemtagStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagWeb

/// Every text the demo municipality makes, on the pages, in the CLI's output, in the findings and
/// the explanations and in every sheet, read for the defects users found: a noun that does not
/// follow its count ("1 rækker", "1 børn/unge"), an amount's `kr.` followed by the sentence's
/// full stop ("kr.."), "frist om 0 dage", English words, hours a hundred times too many.
@Suite("No text defects in what the demo municipality shows and exports", .serialized)
struct TextDefectTests {
    static let defects: [(String, String)] = [
        (
            #"(?<![0-9.,])1 (rækker|børn|dage|uger|måneder|personer|borgere|emner|poster|posteringer|problemer|dubletter|timer|filer|sekunder|nulstillinger)\b"#,
            "a singular count with a plural noun"
        ),
        (#"kr\.\."#, "kr. followed by a full stop"),
        (#"frist om [01] dag"#, "a deadline today or tomorrow written as days"),
        (#"\b(At stake|Amount|Refund|Warning|Error|Optional\(|nil\b)"#, "English or Swift text"),
        (#"\b[0-9]{3,} timer om ugen"#, "hours a week a hundred times too many"),
    ]

    static func scan(_ text: String, _ place: String) {
        for (pattern, what) in defects {
            if let r = text.range(of: pattern, options: .regularExpression) {
                let start = text.index(r.lowerBound, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
                let end = text.index(r.upperBound, offsetBy: 40, limitedBy: text.endIndex) ?? text.endIndex
                Issue.record("\(place): \(what): …\(text[start..<end])…")
            }
        }
    }

    static func run(_ args: [String], db: String) async -> String {
        let lines = LinesBox()
        let console = Console(out: { lines.add($0) }, err: { lines.add($0) })
        _ = await Console.$current.withValue(console) { await HjemtagMain.execute(args + ["--database", db]) }
        return lines.text
    }

    final class LinesBox: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.withLock { lines.append(s) } }
        var text: String { lock.withLock { lines.joined(separator: "\n") } }
    }

    @Test("Pages, CLI output, findings, explanations and sheets")
    func everything() async throws {
        let (store, dir) = try await PageSnapshotTests.demoStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let today = PageSnapshotTests.today
        // The findings and the explanations the rules write.
        for f in try await store.findings(scheme: nil, year: nil, includeInactive: true) { Self.scan(f.finding.text, "finding \(f.id)") }
        let run = try #require(try await store.latestSDERun(year: 2022))
        let subjects = try await store.sdeSubjects(runID: run.id)
        for s in subjects.prefix(10) {
            for cpr in s.cprs.prefix(1) {
                for (_, e) in try await SDEService(store: store).explain(cpr: cpr, year: 2022) { Self.scan(e.rendered(), "SDE explanation") }
            }
        }
        // Every sheet of every export.
        var sheets = SDEExport.sheets(
            run: run, subjects: subjects, findings: try await store.findings(scheme: .sde, year: 2022, includeInactive: false).map(\.finding))
        let (staircase, lines, _) = try await StaircaseService(store: store).reconcile(
            from: Day(year: 2022, month: 1, day: 1)!, to: Day(year: 2022, month: 12, day: 31)!)
        sheets += [StaircaseProfile.sheet(staircase)] + YRExport.sheets(lines)
        let moves = try await IntermunicipalService(store: store).analyse(today: today)
        sheets += IntermunicipalExport.sheets(
            periods: moves.persons.map { ($0.cpr, $0.periods) }, outgoing: moves.outgoing, incoming: moves.incoming, today: today)
        let grants = try await ResultGrantService(store: store).analyse(today: today)
        sheets.append(ResultGrantExport.sheet(grants.map { ($0.cpr, $0.programStart, $0.claimed, $0.assessments) }))
        let vat = try await VATService(store: store).analyse(today: today)
        sheets += [VATExport.findings(vat), VATExport.journal(vat)]
        let budget = BudgetService(store: store)
        sheets.append(BudgetExport.plan(try await budget.reductionPlan()))
        let (bc, outcomes, _) = try await budget.businessCase(year: nil)
        sheets.append(BudgetExport.businessCase(bc, outcomes: outcomes))
        for sheet in sheets { Self.scan(sheet.columns.joined(separator: ";") + "\n" + DanishCSV.render(sheet), "sheet \(sheet.name)") }
        // Every page, as text.
        let app = try await buildApplication(store: store, configuration: WebConfiguration(today: { today }))
        let claim = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
        let person = try #require(try await store.residenceEpisodes(cpr: claim.draft.cpr).map(\.id).min())
        try await app.test(.router) { client in
            let ada = try await WebSDETests.logIn(client, as: "ada")
            let paths = [
                "/", "/importer", "/parametre", "/sde", "/sde?aar=2021", "/sde/emne/\(subjects[0].id)", "/beskaeftigelse", "/mellemkommunal",
                "/mellemkommunal/borger/\(person)", "/mellemkommunal/krav/\(claim.id)", "/mellemkommunal/krav/\(claim.id)/brev",
                "/resultattilskud", "/moms", "/budget", "/fund", "/revision",
            ]
            for path in paths {
                let html = String(buffer: try await client.execute(uri: path, method: .get, headers: headers(ada)).body)
                Self.scan(html.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression), "page \(path)")
            }
        }
        try await store.close()
        // What the CLI says.
        let db = dir.appendingPathComponent("demo.sqlite").path
        for args in [
            ["sde", "--year", "2022"], ["trappe", "--from", "2022-01-01", "--to", "2022-12-31"],
            ["trappe", "afstem", "--from", "2022-01-01", "--to", "2022-12-31"],
            ["mellemkommunal", "--dato", "2026-11-23"], ["mellemkommunal", "krav", "--dato", "2026-11-23"],
            ["resultattilskud", "--dato", "2026-11-23"],
            ["moms"], ["budget"], ["budget", "initiativer"], ["budget", "businesscase"], ["budget", "fordeling", "--aar", "2022"],
            ["budget", "afregning", "--aar", "2022"], ["fund"], ["status"], ["imports"], ["parametre"],
        ] {
            Self.scan(await Self.run(args, db: db), "hjemtag \(args.joined(separator: " "))")
        }
    }

    @Test("The scan finds what it looks for")
    func scanBites() async {
        // Each pattern on a text that has the defect, so a pattern that never matches cannot pass.
        for (text, _) in [("1 rækker importeret", 0), ("mangler 2,00 kr..", 1), ("frist om 0 dage", 2), ("At stake", 3), ("1950 timer om ugen", 4)] {
            #expect(Self.defects.contains { text.range(of: $0.0, options: .regularExpression) != nil }, "\(text)")
        }
        for text in ["2 rækker", "1 række", "1.234 rækker", "21 rækker", "2,00 kr. mangler", "frist om 12 dage", "19,5 timer om ugen"] {
            #expect(!Self.defects.contains { text.range(of: $0.0, options: .regularExpression) != nil }, "\(text)")
        }
    }
}
