import Testing

@testable import HjemtagCore

/// Momsrefusion: the worked examples M1-M9 of shared/domain/intermunicipal-integration-vat.md part 3
/// (amounts by hand; VAT is 20 % of a gross amount, 25 % of net). The positive-list rate is not in
/// the sources, so the tests load a list with a stated test rate of 5 %.
@Suite("Momsrefusion: M1-M9")
struct VATTests {
    func day(_ s: String) -> Day { Day(parsing: s)! }
    let registered = VATRegistration(cvr: "11111111", from: Day(year: 2000, month: 1, day: 1)!, to: nil)
    let botilbud = AccountFunction(parsing: "5.38.50")!
    var screening: VATScreening {
        VATScreening(
            vatLiableFunctions: [AccountFunction(parsing: "1.32.40")!], // renovation keeps a momsregnskab
            positiveLists: [PositiveListEntry(year: 2025, function: botilbud, art: "4.0", rate: Rational(5, 100), requiresOwnership4: true)],
            registrations: [registered], today: day("2026-11-23"))
    }

    func posting(
        _ function: String, art: String, net: Int64, vat: Int64?, cvr: String? = "11111111", date: String = "2025-03-10", code: String? = nil,
        ownership: String? = nil
    ) -> Posting {
        var extra: [String: String] = [:]
        if let code { extra["momskode"] = code }
        if let ownership { extra["ejerforhold"] = ownership }
        return Posting(
            voucher: "B1", date: day(date), amount: Money(kroner: net), function: AccountFunction(parsing: function)!, art: art, cvr: cvr,
            vat: vat.map { Money(kroner: $0) }, extra: extra, line: 2)
    }

    @Test("M1 office supplies, art 2.2, VAT 2.500 not refunded: claim 2.500 (V2)")
    func m1() throws {
        let f = try #require(try screening.screen(posting("6.45.51", art: "2.2", net: 10_000, vat: 2_500, code: "")))
        #expect(f.rule == .directVAT && f.amount == Money(kroner: 2_500) && f.direction == .claim)
        // Without a momskode column the ERP is assumed to have taken it by art: nothing to find.
        #expect(try screening.screen(posting("6.45.51", art: "2.2", net: 10_000, vat: 2_500)) == nil)
        // Refunded already (momskode R): nothing to find.
        #expect(try screening.screen(posting("6.45.51", art: "2.2", net: 10_000, vat: 2_500, code: "R")) == nil)
    }

    @Test("M2 IT consultant on art 4.0 with VAT 10.000: missed 10.000, recode to 4.9 (V5)")
    func m2() throws {
        let f = try #require(try screening.screen(posting("6.45.51", art: "4.0", net: 40_000, vat: 10_000)))
        #expect(f.rule == .wrongArt && f.amount == Money(kroner: 10_000) && f.correctArt == "4.9")
    }

    @Test("M3 non-registered botilbud, ejerforhold 4, 1.000.000 on a positive-list function: 1.000.000 × 5 % = 50.000 (V6)")
    func m3() throws {
        let f = try #require(try screening.screen(posting("5.38.50", art: "4.0", net: 1_000_000, vat: 0, cvr: "22222222", ownership: "4")))
        #expect(f.rule == .positiveList && f.amount == Money(kroner: 50_000) && f.direction == .claim)
    }

    @Test("M4 the same with ejerforhold 1: nothing until recoded to 4, flagged (V7)")
    func m4() throws {
        let f = try #require(try screening.screen(posting("5.38.50", art: "4.0", net: 1_000_000, vat: 0, cvr: "22222222", ownership: "1")))
        #expect(f.rule == .ownershipCode && f.amount == .zero && f.direction == .check && f.text.contains("50.000,00"))
    }

    @Test("M6 renovation truck repair, VAT 12.500 taken as refund: pay back 12.500 (V1); deducted in the momsregnskab: nothing")
    func m6() throws {
        let f = try #require(try screening.screen(posting("1.32.40", art: "4.5", net: 50_000, vat: 12_500, code: "R")))
        #expect(f.rule == .vatLiableActivity && f.amount == Money(kroner: 12_500) && f.direction == .payBack)
        #expect(try screening.screen(posting("1.32.40", art: "4.5", net: 50_000, vat: 12_500, code: "K")) == nil)
        // No momskode column: the refund may have been taken by art; a check, not a claim.
        #expect(try screening.screen(posting("1.32.40", art: "4.5", net: 50_000, vat: 12_500))?.direction == .check)
    }

    @Test("M8 office rent 125.000 incl. VAT from a voluntarily registered landlord, booked on art 4.9: VAT 25.000 (20 % of gross) to claim")
    func m8() throws {
        let f = try #require(try screening.screen(posting("6.45.51", art: "4.9", net: 100_000, vat: 25_000, code: "")))
        #expect(f.rule == .directVAT && f.amount == Money(kroner: 25_000))
    }

    @Test("M9 VAT 30.000 missed in 2019, found in 2025: five years after 31.12.2019 have passed, time-barred (V12)")
    func m9() throws {
        let s = VATScreening(vatLiableFunctions: [], positiveLists: [], registrations: [registered], today: day("2025-06-01"))
        let f = try #require(try s.screen(posting("6.45.51", art: "2.2", net: 120_000, vat: 30_000, date: "2019-05-01", code: "")))
        #expect(f.rule == .timeBarred && f.direction == .check && f.amount == Money(kroner: 30_000))
        #expect(s.isTimeBarred(2019) && !s.isTimeBarred(2020))
    }

    @Test("Art 2.6 land and buildings with refund taken: pay back (V3); hovedkonto 7 is out of scope (V0)")
    func landAndScope() throws {
        let f = try #require(try screening.screen(posting("0.22.02", art: "2.6", net: 400_000, vat: 100_000, code: "R")))
        #expect(f.rule == .landAndBuildings && f.direction == .payBack && f.amount == Money(kroner: 100_000))
        #expect(try screening.screen(posting("7.22.05", art: "2.2", net: 1_000, vat: 250)) == nil)
    }

    @Test("A year without a positive list is a Danish error naming what to load; so is a missing supplier register")
    func missing() {
        #expect(throws: VATError.positiveListMissing(year: 2024)) {
            try screening.screen(posting("5.38.50", art: "4.0", net: 10_000, vat: 0, cvr: "22222222", date: "2024-04-01"))
        }
        #expect(VATError.positiveListMissing(year: 2024).description.contains("hjemtag import positivliste"))
        let noRegister = VATScreening(vatLiableFunctions: [], positiveLists: [], registrations: [], today: day("2026-11-23"))
        #expect(throws: VATError.registryMissing) { try noRegister.screen(posting("5.38.50", art: "4.0", net: 10_000, vat: 0, cvr: "22222222")) }
    }

    @Test("M5 the same provider under a driftsoverenskomst: no positive-list refund, flagged (V8)")
    func m5() throws {
        let s = VATScreening(
            vatLiableFunctions: [], positiveLists: [PositiveListEntry(year: 2025, function: botilbud, art: "4.0", rate: Rational(5, 100))],
            registrations: [registered, VATRegistration(cvr: "33333333", from: day("2000-01-01"), to: nil, operatingAgreement: true)],
            today: day("2026-11-23"))
        let f = try #require(try s.screen(posting("5.38.50", art: "4.0", net: 1_000_000, vat: 0, cvr: "33333333", ownership: "4")))
        #expect(f.rule == .operatingAgreement && f.amount == .zero && f.direction == .check)
    }

    @Test("M7 a foundation's grant of 500.000 to a municipal museum: fondsmoms 500.000 × 17,5 % = 87.500 to pay back (V10)")
    func m7() throws {
        var grant = posting("3.35.64", art: "7.2", net: -500_000, vat: nil, cvr: nil)
        grant.extra["tilskudsyder"] = "fond"
        let f = try #require(try screening.screen(grant))
        #expect(f.rule == .foundationVAT && f.amount == Money(kroner: 87_500) && f.direction == .payBack)
    }
}
