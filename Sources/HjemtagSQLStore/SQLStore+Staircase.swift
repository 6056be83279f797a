import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    /// The order `benefitPayment(_:)` reads them in.
    static let benefitPaymentList = ["cpr", "benefit", "period_from", "period_to", "amount_ore", "paid_on", "source"]
    static let subsidisedPeriodList = ["cpr", "scheme", "valid_from", "valid_to"]
    static let yrRowList = [
        "municipality", "file_date", "week", "cpr", "benefit_name", "benefit", "reported_ore", "computed_ore",
        "refund_rate", "refund_ore", "cofinancing_rate", "cofinancing_ore", "financing_municipality",
    ]

    public func benefitPayments() async throws -> [BenefitPayment] {
        try await positionalRows(SQLStore.benefitPaymentList, "FROM benefit_payments ORDER BY id", SQLStore.benefitPayment)
    }

    static func benefitPayment(_ c: PositionalRow) throws(StoreError) -> BenefitPayment {
        BenefitPayment(
            cpr: try c.cpr(0), benefit: try SQLStore.benefit(c, 1), period: try c.range(2, 3), amount: Money(ore: try c.requiredInt(4)),
            paidOn: try c.optionalDay(5), source: c.text(6))
    }

    /// A stored benefit code back to the catalogue's benefit; a code the catalogue no longer knows
    /// is an error, not a row left out of the staircase.
    static func benefit(_ c: PositionalRow, _ index: Int) throws(StoreError) -> Benefit {
        let code = try c.requiredText(index)
        guard let benefit = Benefit.lookup(code) else { throw c.failure(index, "ydelsen '\(code)' findes ikke i kataloget") }
        return benefit
    }

    public func subsidisedPeriods() async throws -> [SubsidisedPeriod] {
        try await positionalRows(SQLStore.subsidisedPeriodList, "FROM subsidised_periods ORDER BY id", SQLStore.subsidisedPeriod)
    }

    static func subsidisedPeriod(_ c: PositionalRow) throws(StoreError) -> SubsidisedPeriod {
        SubsidisedPeriod(cpr: try c.cpr(0), scheme: try c.requiredText(1), period: try c.range(2, 3))
    }

    public func staircaseCarries() async throws -> [StaircaseCarry] {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT cpr, counters FROM staircase_carries ORDER BY cpr", table: "staircase_carries") { r in
                StaircaseCarry(cpr: try r.cpr("cpr"), counters: try r.json("counters", as: StaircaseCarry.Counters.self))
            }
        }
    }

    /// Replaces the kept counters, inside the retention's transaction.
    func replaceStaircaseCarries(_ carries: [StaircaseCarry]) async throws {
        try await db.raw("DELETE FROM staircase_carries").run()
        for chunk in stride(from: 0, to: carries.count, by: 500) {
            let builder = db.insert(into: "staircase_carries").columns("cpr", "counters")
            for c in carries[chunk..<min(chunk + 500, carries.count)] {
                builder.values(SQLBind(c.cpr.digits), SQLBind(try SQLStore.encode(c.counters)))
            }
            try await builder.run()
        }
    }

    /// In file order (`id`): the first of a person's rows for a week carries the rates, later
    /// ones are corrections.
    public func yrRows(from: Day, to: Day) async throws -> [YRRow] {
        let (first, last) = (ISOWeek(containing: from).monday.iso, ISOWeek(containing: to).monday.iso)
        var source = "yr_rows"
        if isSQLite {
            // SQLite's planner takes the week index for any range, then looks every row up and
            // sorts them by id; a YR file covers a year, so a year's reconciliation reads most of
            // the table, which one pass in id order does five times faster (0,1 against 0,7 s for
            // Copenhagen's 328.000 rows). The index is kept for a year among many.
            let (inRange, all) = try await reading {
                (
                    try await count("SELECT COUNT(*) AS n FROM yr_rows WHERE week >= \(bind: first) AND week <= \(bind: last)"),
                    try await count("SELECT COALESCE(MAX(id) - MIN(id) + 1, 0) AS n FROM yr_rows")
                )
            }
            if inRange * 4 >= all { source = "yr_rows NOT INDEXED" }
        }
        return try await positionalRows(
            SQLStore.yrRowList, "FROM \(source) WHERE week >= ? AND week <= ? ORDER BY id", binds: [first, last], SQLStore.yrRow)
    }

    static func yrRow(_ c: PositionalRow) throws(StoreError) -> YRRow {
        YRRow(
            municipality: Int(try c.requiredInt(0)), fileDate: try c.day(1), week: ISOWeek(containing: try c.day(2)), cpr: try c.cpr(3),
            benefitName: try c.requiredText(4), benefit: c.text(5) == nil ? nil : try SQLStore.benefit(c, 5),
            reported: Money(ore: try c.requiredInt(6)), computed: Money(ore: try c.requiredInt(7)),
            refundRate: try c.rate(8), refund: Money(ore: try c.requiredInt(9)),
            coFinancingRate: try c.rate(10), coFinancing: Money(ore: try c.requiredInt(11)),
            financingMunicipality: c.text(12))
    }
}
