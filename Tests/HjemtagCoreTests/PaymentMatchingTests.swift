import Foundation
import Testing

@testable import HjemtagCore

/// The matching rule of docs/rules/sde.md, "OS2bos and the ledger", on small hand-made cases and
/// its invariant on random ones: every posting pays at most one payment, every payment is paid by
/// at most one posting, and a matched pair has the same amount.
@Suite("OS2bos payments matched to the ledger")
struct PaymentMatchingTests {
    static func payment(_ id: Int, plan: String, amount: Int64, due: Day, paid: Day?, cpr: String = "1403124059", function: String = "5.28.20")
        -> PaymentMatching.Payment
    {
        var extra = [OS2bosPayment.Key.plan: plan, OS2bosPayment.Key.dueDate: due.iso]
        if paid == nil { extra[OS2bosPayment.Key.paid] = "nej" }
        let p = Posting(
            voucher: "os2bos-\(id)", date: paid ?? due, amount: Money(kroner: amount), function: AccountFunction(parsing: function)!,
            cpr: try! CPR(parsing: cpr), paragraph: "SEL-52-3.7", extra: extra)
        return .init(id: Int64(id), payment: OS2bosPayment(p)!)
    }

    static func ledger(_ id: Int, amount: Int64, on day: Day, text: String? = nil, cpr: String? = nil, function: String = "5.28.20")
        -> PaymentMatching.LedgerPosting
    {
        .init(
            id: Int64(id),
            posting: Posting(
                voucher: "L\(id)", date: day, amount: Money(kroner: amount), function: AccountFunction(parsing: function)!,
                cpr: cpr.map { try! CPR(parsing: $0) }, text: text))
    }

    static func d(_ m: Int, _ day: Int) -> Day { Day(year: 2026, month: m, day: day)! }

    @Test("Regression: a posting on one weekly payment's own day is not contested by the next week's payment of the same month")
    func weekly() {
        let payments = [
            Self.payment(1, plan: "9", amount: 275, due: Self.d(7, 6), paid: Self.d(7, 3)),
            Self.payment(2, plan: "9", amount: 275, due: Self.d(7, 13), paid: Self.d(7, 10)),
        ]
        let out = PaymentMatching.match(
            payments: payments, ledger: [Self.ledger(100, amount: 275, on: Self.d(7, 6), text: "9", cpr: "1403124059")], asOf: Self.d(12, 2),
            countPlannedAsEstimate: false)
        #expect(out[1] == .matched(ledger: 100, rule: .plan))
        #expect(out[2] == .alone, "paid in OS2bos, its PRISME posting not imported yet: it counts by itself")
    }

    @Test("Two children at the same provider with the same monthly rate: the invoices match neither, by account and month")
    func sameRate() {
        let payments = [
            Self.payment(1, plan: "1", amount: 40_000, due: Self.d(3, 1), paid: nil, cpr: "1403124059"),
            Self.payment(2, plan: "2", amount: 40_000, due: Self.d(3, 1), paid: nil, cpr: "0101154068"),
        ]
        let ledger = [Self.ledger(10, amount: 40_000, on: Self.d(3, 10)), Self.ledger(11, amount: 40_000, on: Self.d(3, 12))]
        let out = PaymentMatching.match(payments: payments, ledger: ledger, asOf: Self.d(12, 2), countPlannedAsEstimate: false)
        #expect(out[1] == .ambiguous(rule: .account, candidates: [10, 11]) && out[2] == .ambiguous(rule: .account, candidates: [10, 11]))
        // With the plan named on one invoice, that one is certain, and the other follows by account.
        let named = [Self.ledger(10, amount: 40_000, on: Self.d(3, 10), text: "Faktura ref: 1"), Self.ledger(11, amount: 40_000, on: Self.d(3, 12))]
        let again = PaymentMatching.match(payments: payments, ledger: named, asOf: Self.d(12, 2), countPlannedAsEstimate: false)
        #expect(again[1] == .matched(ledger: 10, rule: .plan) && again[2] == .matched(ledger: 11, rule: .account))
    }

    @Test("Invariant on random ledgers and payments: each posting pays at most one payment, with the same amount, never another citizen's")
    func invariant() {
        var rng = SeededRandom(seed: 20_261_202)
        let cprs = ["1403124059", "0101154068", "2005164004"]
        for _ in 0..<200 {
            var payments: [PaymentMatching.Payment] = []
            var ledger: [PaymentMatching.LedgerPosting] = []
            for i in 0..<rng.int(1...12) {
                let due = Self.d(rng.int(1...12), rng.int(1...28))
                payments.append(
                    Self.payment(
                        i, plan: String(rng.int(1...3)), amount: Int64(rng.int(1...3) * 1000), due: due, paid: rng.chance(0.5) ? due : nil,
                        cpr: cprs[rng.int(0...2)]))
            }
            for j in 0..<rng.int(0...12) {
                ledger.append(
                    Self.ledger(
                        1000 + j, amount: Int64(rng.int(1...3) * 1000), on: Self.d(rng.int(1...12), rng.int(1...28)),
                        text: rng.chance(0.3) ? String(rng.int(1...3)) : nil, cpr: rng.chance(0.5) ? cprs[rng.int(0...2)] : nil))
            }
            let out = PaymentMatching.match(payments: payments, ledger: ledger, asOf: Self.d(12, 31), countPlannedAsEstimate: rng.chance(0.5))
            #expect(out.count == payments.count, "every payment has an outcome")
            var used = Set<Int64>()
            for p in payments {
                guard case .matched(let l, _)? = out[p.id] else { continue }
                #expect(used.insert(l).inserted, "a posting pays one payment only")
                let posting = ledger.first { $0.id == l }!.posting
                #expect(posting.amount == p.payment.value)
                #expect(posting.cpr == nil || posting.cpr == p.payment.posting.cpr)
            }
        }
    }
}
