import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct VATContent: PageContent {
    static let template = Template.vat
    struct Rule: Sendable { let rule: String, text: String, count: Int, amount: String, source: String }
    struct Row: Sendable {
        let rule: String, voucher: String, date: String, function: String, art: String, cvr: String, amount: String, direction: String
        let payBack: Bool, text: String
    }
    /// Why the screening could not run (a missing positive list); nil when it ran.
    var error: String?
    var claim = ""
    var payBack = ""
    var checks = 0
    var count = 0
    var rules: [Rule] = []
    var rows: [Row] = []
    var more: Int?
    var chart = ""
    var canCompute = false
}

/// Momsrefusion: findings with the money at stake by rule and year, and the correction journal.
/// Ledger lines carry no person data.
struct VATPages: Sendable {
    let store: any Store
    let today: @Sendable () -> Day
    static let shown = 300

    func page(viewer session: WebSession) async throws -> Page {
        let found: [VATFinding]
        do { found = try await VATService(store: store).analyse(today: today()) } catch let e as VATError {
            return Page(Scheme.vat.title, section: .vat, VATContent(error: e.description))
        }
        let sum = { (d: Finding.Direction) in found.filter { $0.direction == d }.reduce(Money.zero) { $0 + $1.amount } }
        var byYear: [Int: Money] = [:]
        for f in found where f.direction == .claim {
            byYear[f.posting.date.year, default: .zero] = byYear[f.posting.date.year, default: .zero] + f.amount
        }
        let rules: [VATContent.Rule] = VATRule.allCases.compactMap { r in
            let list = found.filter { $0.rule == r }
            return list.isEmpty
                ? nil
                : .init(
                    rule: r.rawValue, text: r.danishText, count: list.count, amount: list.reduce(Money.zero) { $0 + $1.amount }.danish,
                    source: r.source)
        }
        let rows: [VATContent.Row] = found.sorted { $0.amount > $1.amount }.prefix(Self.shown).map { f in
            .init(
                rule: f.rule.rawValue, voucher: f.posting.voucher ?? "", date: f.posting.date.danish, function: f.posting.function.description,
                art: f.posting.art ?? "", cvr: f.posting.cvr ?? "", amount: f.amount.danish, direction: f.direction.danishName,
                payBack: f.direction == .payBack, text: f.text)
        }
        return Page(
            Scheme.vat.title, section: .vat,
            VATContent(
                claim: sum(.claim).danishKroner, payBack: sum(.payBack).danishKroner, checks: found.filter { $0.direction == .check }.count,
                count: found.count, rules: rules, rows: rows, more: found.count > Self.shown ? found.count - Self.shown : nil,
                chart: SVGChart.columns(
                    byYear.sorted { $0.key < $1.key }.map { .init(label: String($0.key), value: $0.value) },
                    title: "Moms der kan hjemtages pr. regnskabsår"), canCompute: Access.allows(session, .runComputations)))
    }

    /// The correction journal as Danish CSV (for the ERP).
    func journal() async throws -> Response {
        Download.csv(VATExport.journal(try await VATService(store: store).analyse(today: today())), name: "moms-rettelsesjournal.csv")
    }

    /// The findings and the journal as XLSX.
    func export() async throws -> Response {
        let found = try await VATService(store: store).analyse(today: today())
        return try Download.xlsx([VATExport.findings(found), VATExport.journal(found)], name: "moms.xlsx")
    }
}
