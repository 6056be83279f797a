import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

/// OS2bos payments matched to the ledger (`PaymentMatching`): the outcomes are rebuilt whole
/// whenever the postings or OS2bos payments change, and applied whenever postings are read.
extension SQLStore {
    /// Only OS2bos's payment report writes payments: its imports' rows, found through the import
    /// index. The voucher alone meant a scan of every posting, on every read of the residence
    /// history (the payments are residence too).
    static let paymentFilter =
        "import_id IN (SELECT id FROM imports WHERE kind = '\(ImportKind.os2bosPayments.rawValue)') AND voucher LIKE '\(OS2bosPayment.voucherPrefix)%'"

    public func os2bosPayments() async throws -> [PaymentMatching.Payment] {
        try await positionalRows(SQLStore.postingList + ["id"], "FROM postings WHERE \(SQLStore.paymentFilter) ORDER BY id") { row in
            PaymentMatching.Payment(id: try row.requiredInt(17), payment: OS2bosPayment(try SQLStore.posting(row))!)
        }
    }

    public func matchCandidates(functions: Set<AccountFunction>, cprs: Set<CPR>, accounts: Set<String>) async throws -> [PaymentMatching
        .LedgerPosting]
    {
        let list = RowList<PaymentMatching.LedgerPosting>()
        let digits = Set(cprs.map(\.digits))
        try await eachRow(SQLStore.postingList + ["id"], "FROM postings ORDER BY id") { row in
            let p = try SQLStore.posting(row)
            guard !OS2bosPayment.isPayment(p) else { return }
            let onAccount = !accounts.isEmpty && p.cpr == nil && ServiceMatching.account(of: p).map(accounts.contains) == true
            guard onAccount || functions.contains(p.function) || p.cpr.map({ digits.contains($0.digits) }) == true else { return }
            list.append(PaymentMatching.LedgerPosting(id: try row.requiredInt(17), posting: p))
        }
        return try list.rows()
    }

    public func replacePaymentMatches(_ outcomes: [Int64: PaymentMatching.Outcome], cprs: [Int64: CPR]) async throws {
        try await requireMigrated()
        try await transaction {
            try await exec("DELETE FROM payment_matches")
            for (id, o) in outcomes.sorted(by: { $0.key < $1.key }) {
                var ledger: Int64?
                var rule: String?
                var candidates: String?
                switch o {
                case .matched(let l, let r):
                    ledger = l
                    rule = r.rawValue
                case .ambiguous(let r, let c):
                    rule = r.rawValue
                    candidates = c.map(String.init).joined(separator: ",")
                default: break
                }
                try await db.raw(
                    """
                    INSERT INTO payment_matches (payment_id, outcome, rule, ledger_id, candidates, cpr)
                    VALUES (\(bind: id), \(bind: o.code), \(bind: rule), \(bind: ledger), \(bind: candidates), \(bind: cprs[id]?.digits))
                    """
                ).run()
            }
        }
    }

    public func paymentMatches(cpr: CPR? = nil) async throws -> [Int64: PaymentMatching.Outcome] {
        let tail = "FROM payment_matches" + (cpr == nil ? "" : " WHERE cpr = ?")
        let rows = try await positionalRows(["payment_id", "outcome", "ledger_id", "rule", "candidates"], tail, binds: cpr.map { [$0.digits] } ?? [])
        {
            row -> (Int64, PaymentMatching.Outcome) in
            let code = try row.requiredText(1)
            let candidates = (row.text(4) ?? "").split(separator: ",").compactMap { Int64($0) }
            guard
                let o = PaymentMatching.Outcome(
                    code: code, ledger: row.int(2), rule: row.text(3).flatMap(PaymentMatching.Rule.init(rawValue:)), candidates: candidates)
            else { throw row.failure(1, "'\(code)' er ikke et kendt udfald af en OS2bos-match") }
            return (try row.requiredInt(0), o)
        }
        return Dictionary(rows, uniquingKeysWith: { a, _ in a })
    }

    public func replaceServiceMatches(_ outcomes: [Int64: ServiceMatching.Outcome]) async throws {
        try await requireMigrated()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await transaction {
            try await exec("DELETE FROM service_matches")
            for (id, o) in outcomes.sorted(by: { $0.key < $1.key }) {
                switch o {
                case .matched(let s):
                    let json = String(decoding: try encoder.encode(s), as: UTF8.self)
                    try await db.raw(
                        "INSERT INTO service_matches (ledger_id, outcome, cpr, service) VALUES (\(bind: id), 'matchet', \(bind: s.cpr.digits), \(bind: json))"
                    ).run()
                case .ambiguous(let ids):
                    try await db.raw(
                        "INSERT INTO service_matches (ledger_id, outcome, candidates) VALUES (\(bind: id), 'tvetydig', \(bind: ids.joined(separator: ",")))"
                    ).run()
                }
            }
        }
    }

    public func serviceMatches(cpr: CPR? = nil) async throws -> [Int64: ServiceMatching.Outcome] {
        try await requireMigrated()
        let tail = "FROM service_matches" + (cpr == nil ? "" : " WHERE cpr = ?")
        let rows = try await positionalRows(["ledger_id", "outcome", "service", "candidates"], tail, binds: cpr.map { [$0.digits] } ?? []) {
            row -> (Int64, ServiceMatching.Outcome) in
            if try row.requiredText(1) == "matchet" {
                guard let s = try? JSONDecoder().decode(ServiceMatching.Service.self, from: Data(try row.requiredText(2).utf8)) else {
                    throw row.failure(2, "er ikke en Sensum-indsats")
                }
                return (try row.requiredInt(0), .matched(s))
            }
            return (try row.requiredInt(0), .ambiguous(serviceIDs: (row.text(3) ?? "").split(separator: ",").map(String.init)))
        }
        return Dictionary(rows, uniquingKeysWith: { a, _ in a })
    }

    /// The outcomes and the matched payments and services they need (all, or one citizen's).
    func costView(cpr: CPR? = nil) async throws -> CostView {
        let outcomes = try await paymentMatches(cpr: cpr)
        var services: [Int64: ServiceMatching.Service] = [:]
        for (id, o) in try await serviceMatches(cpr: cpr) { if case .matched(let s) = o { services[id] = s } }
        guard !outcomes.isEmpty else { return services.isEmpty ? .unmatched : CostView(outcomes: [:], payments: [:], services: services) }
        let matched = outcomes.filter { if case .matched = $0.value { return true } else { return false } }.keys
        var payments: [Int64: OS2bosPayment] = [:]
        if !matched.isEmpty {
            let tail =
                "FROM postings WHERE id IN (SELECT payment_id FROM payment_matches WHERE outcome = 'matchet'"
                + (cpr == nil ? ")" : " AND cpr = ?)")
            for (id, p) in try await positionalRows(
                SQLStore.postingList + ["id"], tail, binds: cpr.map { [$0.digits] } ?? [],
                { row in
                    (try row.requiredInt(17), try SQLStore.posting(row))
                })
            {
                payments[id] = OS2bosPayment(p)
            }
        }
        return CostView(outcomes: outcomes, payments: payments, services: services)
    }

    public func paymentDecisions() async throws -> [String: Int64?] {
        try await requireMigrated()
        return try await reading {
            try await keptInput(paymentDecisionsKept) {
                let rows = try await positionalRows(["payment_key", "ledger_id"], "FROM payment_decisions") { row -> (String, Int64?) in
                    (try row.requiredText(0), row.int(1))
                }
                var out: [String: Int64?] = [:]
                for (k, v) in rows { out[k] = .some(v) }
                return out
            }
        }
    }

    public func decidePayment(_ paymentID: String, ledger: Int64?, by user: String, note: String?, cpr: CPR?, page: String) async throws {
        try await requireMigrated()
        try await transaction {
            try await db.raw("DELETE FROM payment_decisions WHERE payment_key = \(bind: paymentID)").run()
            try await db.raw(
                """
                INSERT INTO payment_decisions (payment_key, ledger_id, decided_by, decided_at, note)
                VALUES (\(bind: paymentID), \(bind: ledger), \(bind: user), \(bind: SQLStore.now()), \(bind: note))
                """
            ).run()
            try await insertAudit(
                user, .findingChanged, cpr: cpr, page: page,
                purpose: "OS2bos-betaling \(paymentID): " + (ledger.map { "betalt af postering nr. \($0)" } ?? "ingen af posteringerne")
                    + (note.map { "; \($0)" } ?? ""))
        }
    }

    public func postings(ids: [Int64]) async throws -> [(id: Int64, posting: Posting)] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        return try await positionalRows(SQLStore.postingList + ["id"], "FROM postings WHERE id IN (\(list)) ORDER BY id") {
            (id: try $0.requiredInt(17), posting: try SQLStore.posting($0))
        }
    }

    /// The newest OS2bos forecast (`expected_payments`), payment by payment: the forecast's input.
    public func os2bosForecast() async throws -> [Posting] {
        try await requireMigrated()
        return try await positionalRows(
            [
                "line", "voucher", "due_date", "amount_ore", "function_code", "cpr", "paragraph", "period_from", "period_to", "department",
                "paying_municipality", "text", "extra",
            ],
            "FROM os2bos_forecast WHERE import_id = (SELECT MAX(import_id) FROM os2bos_forecast) ORDER BY id"
        ) { r in
            let function = try r.requiredText(4)
            guard let account = AccountFunction(parsing: function) else { throw r.failure(4, "'\(function)' er ikke en funktion i kontoplanen") }
            let extra = (r.text(12)).flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            return Posting(
                voucher: r.text(1), date: try r.day(2), amount: Money(ore: try r.requiredInt(3)), function: account, cpr: try r.optionalCPR(5),
                paragraph: r.text(6), period: try r.optionalRange(7, 8), department: r.text(9), payingMunicipality: r.int(10).map(Int.init),
                text: r.text(11), extra: extra, line: Int(try r.requiredInt(0)))
        }
    }
}
