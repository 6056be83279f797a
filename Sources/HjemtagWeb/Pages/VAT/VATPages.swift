import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// Momsrefusion: findings with the money at stake by rule and year, and the correction journal.
/// Ledger lines carry no person data.
struct VATPages: Sendable {
    let store: any Store
    let views: Views
    let today: @Sendable () -> Day

    func page(_ request: Request, _ session: WebSession) async throws -> HTML {
        let found: [VATFinding]
        do { found = try await VATService(store: store).analyse(today: today()) } catch let e as VATError {
            return views.page("vat", title: "Momsrefusion", session: session, active: "moms", ["error": e.description, "rows": [[String: Any]](), "rules": [[String: Any]]()])
        }
        let sum = { (d: Finding.Direction) in found.filter { $0.direction == d }.reduce(Money.zero) { $0 + $1.amount } }
        var byYear: [Int: Money] = [:]
        for f in found where f.direction == .claim { byYear[f.posting.date.year, default: .zero] = byYear[f.posting.date.year, default: .zero] + f.amount }
        let rules: [[String: Any]] = VATRule.allCases.compactMap { r in
            let list = found.filter { $0.rule == r }
            return list.isEmpty ? nil : ["rule": r.rawValue, "text": r.danishText, "count": list.count, "amount": list.reduce(Money.zero) { $0 + $1.amount }.danish, "source": r.source]
        }
        let rows: [[String: Any]] = found.sorted { $0.amount > $1.amount }.prefix(300).map { f in
            ["rule": f.rule.rawValue, "voucher": f.posting.voucher ?? "", "date": f.posting.date.danish, "function": f.posting.function.description,
             "art": f.posting.art ?? "", "cvr": f.posting.cvr ?? "", "amount": f.amount.danish, "direction": f.direction.danishName,
             "pay_back": f.direction == .payBack, "text": f.text]
        }
        return views.page("vat", title: "Momsrefusion", session: session, active: "moms", [
            "claim": sum(.claim).danishKroner, "pay_back": sum(.payBack).danishKroner, "checks": found.filter { $0.direction == .check }.count,
            "count": found.count, "rules": rules, "rows": rows, "more": found.count > 300 ? found.count - 300 : false,
            "chart": SVGChart.columns(byYear.sorted { $0.key < $1.key }.map { .init(label: String($0.key), value: $0.value) }, title: "Moms der kan hjemtages pr. regnskabsår"),
        ])
    }

    /// The correction journal as Danish CSV (for the ERP) or the findings and journal as XLSX.
    func export(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let found = try await VATService(store: store).analyse(today: today())
        if request.uri.path.hasSuffix(".csv") { return Download.csv(VATExport.journal(found), name: "moms-rettelsesjournal.csv") }
        return try Download.xlsx([VATExport.findings(found), VATExport.journal(found)], name: "moms.xlsx")
    }
}
