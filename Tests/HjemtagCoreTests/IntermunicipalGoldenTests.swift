import Testing

@testable import HjemtagCore

/// Mellemkommunal refusion: the worked examples E1-E7 of shared/domain/intermunicipal-integration-vat.md
/// part 1 and one case per rule of its decision table (R0-R13). Payers and amounts are worked out
/// by hand in the comments. Municipality codes: Lejre 350 (A), Roskilde 265 (B), Køge 259 (C),
/// Varde 573, Esbjerg 561, Guldborgsund 376, Vordingborg 390, Aarhus 751, Randers 730.
@Suite("Mellemkommunal refusion: worked examples and decision table")
struct IntermunicipalGoldenTests {
    static let a = 350, b = 265, c = 259
    let person = try! CPR(parsing: "010180-1234")

    func day(_ s: String) -> Day { Day(parsing: s)! }

    func ep(_ from: String, _ to: String?, _ kommune: Int, _ housing: HousingType, _ referral: Referral = .notStated) -> ResidenceEpisode {
        ResidenceEpisode(cpr: person, from: day(from), to: to.map(day), municipality: kommune, housing: housing, referral: referral)
    }

    func posting(_ from: String, _ to: String, _ kroner: Int64, _ paragraph: String?, function: String = "5.57.73") -> Posting {
        Posting(
            voucher: "B\(kroner)", date: day(to), amount: Money(kroner: kroner), function: AccountFunction(parsing: function)!,
            cpr: person, paragraph: paragraph, period: DateRange(day(from), day(to)))
    }

    // MARK: worked examples

    @Test("E3 chain of flytteret moves: A pays from 2020 through B's internal move and C, until the move back to A")
    func e3Chain() {
        let periods = PayerResolver().resolve([
            ep("2015-01-01", "2020-02-29", Self.a, .sel108, .municipalities([Self.a])),
            ep("2020-03-01", "2022-04-30", Self.b, .sel108, .municipalities([Self.a, Self.b])),
            ep("2022-05-01", "2024-01-31", Self.b, .sel108, .municipalities([Self.b])),
            ep("2024-02-01", "2025-03-31", Self.c, .sel108, .municipalities([Self.b, Self.c])),
            ep("2025-04-01", nil, Self.a, .sel108, .municipalities([Self.a])),
        ])
        #expect(periods.map(\.payer) == [nil, Self.a, Self.a, Self.a, nil])
        #expect(periods.map(\.rule) == [.ordinary, .flytteret, .continuation, .continuation, .ordinary])
        // After a flytteret move the new municipality is handlekommune (and decides); A only refunds.
        #expect(periods.map(\.handlekommune) == [Self.a, Self.b, Self.b, Self.c, Self.a])
        #expect(periods[1].scope == .stk1AndService)
        #expect(periods[4].explanation.rendered().contains("R9"))
    }

    @Test("E4 forsorgshjem, hospital, then § 108: Varde stays the payer from 1993 to 2017")
    func e4Varde() {
        let periods = PayerResolver().resolve([
            ep("1980-01-01", "1993-06-30", 573, .ownHome),
            ep("1993-07-01", "1996-12-31", 561, .sel110, .citizen),
            ep("1997-01-01", "2000-03-01", 376, .sel110, .citizen),
            ep("2000-03-02", "2000-05-31", 390, .hospital, .otherAuthority),
            ep("2000-06-01", "2017-08-31", 390, .sel108, .municipalities([390])),
        ])
        #expect(periods.map(\.payer) == [nil, 573, 573, 573, 573])
        #expect(periods[1].rule == .otherAuthority)
        #expect(periods[4].rule == .continuation && periods[4].origin == .otherAuthority)
    }

    @Test("E5 referral to a § 108 place in B: A stays SEL handlekommune, B claims March 2021 help by 1.3.2024")
    func e5Referral() {
        let periods = PayerResolver().resolve([
            ep("2010-01-01", "2021-02-28", Self.a, .ownHome),
            ep("2021-03-01", "2025-05-31", Self.b, .sel108, .municipalities([Self.a])),
        ])
        #expect(periods[1].rule == .medvirken)
        #expect(periods[1].payer == Self.a && periods[1].handlekommune == Self.a && periods[1].scope == .stk1)
        // B's ledger: kontanthjælp 11.000 and boligstøtte 2.500 in March 2021.
        let candidates = ClaimRules.candidates(
            cpr: person, periods: periods,
            postings: [
                posting("2021-03-01", "2021-03-31", 11_000, "LAS-25"),
                posting("2021-03-01", "2021-03-31", 2_500, "BOST-9", function: "5.57.77"),
            ], own: Self.b)
        #expect(candidates.count == 1)
        #expect(candidates[0].payer == Self.a && candidates[0].amount == Money(kroner: 13_500))
        #expect(candidates[0].deadline == day("2024-03-01"))
        #expect(candidates[0].legalBasis == "retssikkerhedsloven § 9 c stk. 1-2")
    }

    @Test("E6 self-admission to a § 110 forsorgshjem in Randers: Aarhus pays (the manager's admission is an authority's)")
    func e6Forsorgshjem() {
        let periods = PayerResolver().resolve([
            ep("2018-01-01", "2023-09-30", 751, .ownHome),
            ep("2023-10-01", nil, 730, .sel110, .citizen),
        ])
        #expect(periods[1].rule == .otherAuthority && periods[1].payer == 751 && periods[1].scope == .stk1)
    }

    @Test("E7 move to own flat on 1.6.2025 ends refusion on 31.5.2025; a posting across the move is split by days")
    func e7OwnFlat() {
        let periods = PayerResolver().resolve([
            ep("2010-01-01", "2021-02-28", Self.a, .ownHome),
            ep("2021-03-01", "2025-05-31", Self.b, .sel108, .municipalities([Self.a])),
            ep("2025-06-01", nil, Self.b, .ownHome),
        ])
        #expect(periods.map(\.payer) == [nil, Self.a, nil])
        #expect(periods[2].handlekommune == Self.b)
        // 3.100 kr. for 15.5-14.6.2025 (31 days): 17 days in the payer period = 3.100 × 17/31 = 1.700,00.
        let c = ClaimRules.candidates(cpr: person, periods: periods, postings: [posting("2025-05-15", "2025-06-14", 3_100, "LAS-25")], own: Self.b)
        #expect(c.count == 1 && c[0].amount == Money(kroner: 1_700))
        #expect(c[0].lines.map(\.month) == [Month(year: 2025, month: 5)])
    }

    @Test("E1 passivity plus førtidspension: A refunds the botilbud and the pension; the six years wait for the relation to end")
    func e1PassivityAndPension() {
        let history = [
            ep("2000-01-01", "2011-12-31", Self.a, .ownHome),
            ep("2012-01-01", "2015-12-31", Self.b, .sel108, .municipalities([Self.b])),
            ep("2016-01-01", nil, Self.b, .ownHome),
        ]
        // Without the caseworker's passivity mark B visitated alone: no refusion.
        #expect(PayerResolver().resolve(history).map(\.payer) == [nil, nil, nil])
        let mark = PassivityMark(cpr: person, from: day("2012-01-01"), reason: "A kendte forholdene (notat 2011)", setBy: "sb1")
        let periods = PayerResolver(passivity: [mark]).resolve(history)
        #expect(periods.map(\.payer) == [nil, Self.a, nil])
        #expect(periods[1].rule == .passivity && periods[1].scope == .stk1AndService && periods[1].handlekommune == Self.b)
        // Pension granted by A on 1.1.2010 (before 2.2.2015: six years would run from the grant),
        // postponed while the passivity relation runs: 1.1.2016-31.12.2021.
        let spans = PensionRule.spans(PensionGrant(cpr: person, grantedOn: day("2010-01-01"), grantingMunicipality: Self.a), periods: periods)
        #expect(spans.count == 2)
        #expect(spans[0].basis == .institution && spans[0].from == day("2012-01-01") && spans[0].to == day("2015-12-31"))
        #expect(spans[1].basis == .sixYears && spans[1].payer == Self.a && spans[1].receiver == Self.b)
        #expect(spans[1].from == day("2016-01-01") && spans[1].to == day("2021-12-31"))
    }

    @Test("E2 six-year rule from the grant date: B's pension refusion from A covers September-December 2011 only")
    func e2SixYears() {
        let periods = PayerResolver().resolve([
            ep("2000-01-01", "2006-12-31", Self.a, .ownHome),
            ep("2007-01-01", "2008-12-31", 259, .ownHome),
            ep("2009-01-01", "2011-08-31", 751, .ownHome),
            ep("2011-09-01", nil, Self.b, .ownHome),
        ])
        let spans = PensionRule.spans(PensionGrant(cpr: person, grantedOn: day("2006-01-01"), grantingMunicipality: Self.a), periods: periods)
        let toB = spans.filter { $0.receiver == Self.b }
        #expect(toB.count == 1)
        #expect(toB[0].from == day("2011-09-01") && toB[0].to == day("2011-12-31") && toB[0].basis == .sixYears)
    }

    // MARK: one case per rule

    @Test("R0 no refusion: own home in a new municipality, and the same municipality as before")
    func r0() {
        let p = PayerResolver().resolve([ep("2020-01-01", "2021-12-31", Self.a, .ownHome), ep("2022-01-01", nil, Self.b, .ownHome)])
        #expect(p.map(\.payer) == [nil, nil] && p.map(\.handlekommune) == [Self.a, Self.b])
        #expect(p.allSatisfy { $0.rule == .ordinary })
    }

    @Test("R1-R2 a § 107 stay referred by A: A is handlekommune and pays SEL itself; B claims only § 9 c stk. 1 costs plus SEL paid on A's behalf")
    func r1r2() {
        let periods = PayerResolver().resolve([
            ep("2020-01-01", "2022-12-31", Self.a, .ownHome),
            ep("2023-01-01", "2023-12-31", Self.b, .sel107, .municipalities([Self.a])),
        ])
        let c = ClaimRules.candidates(
            cpr: person, periods: periods,
            postings: [
                posting("2023-01-01", "2023-01-31", 9_000, "LAS-25"),
                posting("2023-01-01", "2023-01-31", 40_000, "SEL-107", function: "5.38.50"),
                posting("2023-01-01", "2023-01-31", 5_000, "SUL-1", function: "4.62.81"), // sundhedsloven: not § 9 c
            ], own: Self.b)
        #expect(c.count == 1 && c[0].amount == Money(kroner: 49_000))
        let sel = c[0].lines.first { $0.category == .service }
        #expect(sel?.legalBasis.contains("§ 9 stk. 3-4") == true)
    }

    @Test("R3 a stay arranged by another public authority (prison): the former opholdskommune pays")
    func r3() {
        let p = PayerResolver().resolve([
            ep("2020-01-01", "2022-12-31", Self.a, .ownHome),
            ep("2023-01-01", nil, Self.b, .kriminalforsorg, .otherAuthority),
        ])
        #expect(p[1].payer == Self.a && p[1].rule == .otherAuthority)
    }

    @Test("R4 veteranhjem: refusion without medvirken")
    func r4() {
        let p = PayerResolver().resolve([
            ep("2020-01-01", "2022-12-31", Self.a, .ownHome),
            ep("2023-01-01", nil, Self.b, .veteran, .citizen),
        ])
        #expect(p[1].payer == Self.a && p[1].rule == .veteran && p[1].handlekommune == Self.b && p[1].scope == .stk1)
    }

    @Test("R5 flytteret needs dobbeltvisitation, except for a friplejebolig")
    func r5() {
        let base = ep("2020-01-01", "2022-12-31", Self.a, .sel108, .municipalities([Self.a]))
        let single = PayerResolver().resolve([base, ep("2023-01-01", nil, Self.b, .sel108, .municipalities([Self.a]))])
        #expect(single[1].rule == .medvirken) // only A visitated: medvirken, not flytteret
        let both = PayerResolver().resolve([base, ep("2023-01-01", nil, Self.b, .sel108, .municipalities([Self.a, Self.b]))])
        #expect(both[1].rule == .flytteret && both[1].handlekommune == Self.b)
        let onlyNew = PayerResolver().resolve([
            ep("2020-01-01", "2022-12-31", Self.a, .ownHome), ep("2023-01-01", nil, Self.b, .sel108, .municipalities([Self.b])),
        ])
        #expect(onlyNew[1].payer == nil)
        let fripleje = PayerResolver().resolve([base, ep("2023-01-01", nil, Self.b, .friplejebolig, .municipalities([Self.a]))])
        #expect(fripleje[1].rule == .flytteret && fripleje[1].payer == Self.a)
    }

    @Test("R6 passivity is set by a caseworker, never inferred (covered with E1); visitation not stated asks for review")
    func r6Review() {
        let p = PayerResolver().resolve([ep("2020-01-01", "2022-12-31", Self.a, .ownHome), ep("2023-01-01", nil, Self.b, .sel108)])
        #expect(p[1].payer == nil && p[1].review != nil)
    }

    @Test("R7 efterværn after a placement decided by A: A refunds B's aftercare costs, serviceloven included")
    func r7() {
        let p = PayerResolver().resolve([
            ep("2010-01-01", "2019-12-31", Self.a, .ownHome),
            ep("2020-01-01", "2023-06-30", Self.b, .childPlacement, .municipalities([Self.a])),
            ep("2023-07-01", "2026-06-30", Self.b, .aftercare, .municipalities([Self.a])),
        ])
        #expect(p[1].rule == .medvirken && p[1].scope == .stk1)
        #expect(p[2].rule == .aftercare && p[2].payer == Self.a && p[2].scope == .stk1AndService && p[2].handlekommune == Self.b)
    }

    @Test("R8-R9 short stay abroad and unknown gaps keep the relation; a long stay abroad ends it")
    func r8r9() {
        let start = [
            ep("2015-01-01", "2019-12-31", Self.a, .ownHome),
            ep("2020-01-01", "2020-12-31", Self.b, .sel110, .citizen),
        ]
        let short = PayerResolver().resolve(
            start + [
                ep("2021-01-01", "2021-03-31", 0, .abroad), ep("2021-04-01", "2021-05-31", 0, .unknown),
                ep("2021-06-01", nil, Self.c, .sel110, .citizen),
            ])
        #expect(short.map(\.payer) == [nil, Self.a, Self.a, Self.a, Self.a]) // 90 days abroad ≤ 92
        #expect(short[2].rule == .interruption && short[4].rule == .continuation)
        let long = PayerResolver().resolve(start + [ep("2021-01-01", "2021-12-31", 0, .abroad), ep("2022-01-01", nil, Self.c, .sel110, .citizen)])
        #expect(long.map(\.payer) == [nil, Self.a, nil, nil]) // 365 days abroad ends it; no known opholdskommune after
    }

    @Test("R10 from 2024 the six years are not postponed; the institution rule takes the days it covers")
    func r10New() {
        let periods = PayerResolver().resolve([
            ep("2010-01-01", "2024-05-31", Self.a, .ownHome),
            ep("2024-06-01", "2025-05-31", Self.b, .sel107, .municipalities([Self.a])),
            ep("2025-06-01", nil, Self.b, .ownHome),
        ])
        let spans = PensionRule.spans(PensionGrant(cpr: person, grantedOn: day("2024-03-01"), grantingMunicipality: Self.a), periods: periods)
        // Granted after 2.2.2015: six years from moving out, 1.6.2024-31.5.2030.
        #expect(spans.map(\.basis) == [.institution, .sixYears])
        #expect(spans[0].to == day("2025-05-31"))
        #expect(spans[1].from == day("2025-06-01") && spans[1].to == day("2030-05-31"))
    }

    @Test("R11 the claim is the municipal share: state refund booked on the person reduces it")
    func r11() {
        let periods = PayerResolver().resolve([
            ep("2020-01-01", "2022-12-31", Self.a, .ownHome),
            ep("2023-01-01", nil, Self.b, .sel108, .municipalities([Self.a])),
        ])
        let c = ClaimRules.candidates(
            cpr: person, periods: periods,
            postings: [
                posting("2023-02-01", "2023-02-28", 12_000, "LAS-25"),
                posting("2023-02-01", "2023-02-28", -3_600, "LAS-25"), // 30 % refusion booked as income
            ], own: Self.b)
        #expect(c[0].amount == Money(kroner: 8_400))
    }

    @Test("R12 three-year deadline from the help, with warnings 90 and 30 days before")
    func r12() {
        let deadline = day("2024-03-01")
        #expect(ClaimRules.urgency(deadline: deadline, today: day("2023-11-01")) == .ok(daysLeft: 121))
        #expect(ClaimRules.urgency(deadline: deadline, today: day("2023-12-02")) == .warning(daysLeft: 90))
        #expect(ClaimRules.urgency(deadline: deadline, today: day("2024-01-31")) == .critical(daysLeft: 30))
        #expect(ClaimRules.urgency(deadline: deadline, today: day("2024-03-02")) == .expired(daysAgo: 1))
    }

    @Test("R13 a claim's life: sent → tvist → accepted → paid; nothing jumps from identified to paid")
    func r13() {
        #expect(ClaimStatus.identified.canMove(to: .sent))
        #expect(!ClaimStatus.identified.canMove(to: .paid))
        #expect(ClaimStatus.sent.canMove(to: .dispute) && ClaimStatus.dispute.canMove(to: .accepted) && ClaimStatus.accepted.canMove(to: .paid))
        #expect(ClaimStatus.paid.next.isEmpty)
        #expect(ClaimStatus(parsing: "delvist accepteret") == .partlyAccepted)
    }

    // MARK: incoming claims

    func incoming(_ from: String, _ to: String, _ kroner: Int64, received: String = "2024-01-15") -> IncomingClaim {
        IncomingClaim(
            reference: "K-1", fromMunicipality: Self.b, cpr: person, period: DateRange(day(from), day(to)),
            amount: Money(kroner: kroner), legalBasis: "§ 9 c stk. 2", receivedOn: day(received))
    }

    var referredHistory: [PayerPeriod] {
        PayerResolver().resolve([
            ep("2015-01-01", "2022-12-31", Self.a, .ownHome),
            ep("2023-01-01", "2023-06-30", Self.b, .sel108, .municipalities([Self.a])),
            ep("2023-07-01", nil, Self.b, .ownHome),
        ])
    }

    @Test("Incoming: a claim inside our payer period is accepted in full")
    func incomingAccept() {
        let v = IncomingClaimCheck.check(incoming("2023-01-01", "2023-03-31", 30_000), periods: referredHistory, own: Self.a)
        #expect(v.kind == .accept && v.acceptedAmount == Money(kroner: 30_000))
    }

    @Test("Incoming: a claim reaching past the move to an own flat is accepted in part: 36.500 × 181/365 = 18.100,00")
    func incomingPartly() {
        // 2023: 1.1-30.6 = 181 days ours of 365.
        let v = IncomingClaimCheck.check(incoming("2023-01-01", "2023-12-31", 36_500), periods: referredHistory, own: Self.a)
        #expect(v.kind == .partly && v.acceptedAmount == Money(kroner: 18_100))
    }

    @Test("Incoming: disputed when someone else pays, and not verifiable without a history")
    func incomingDispute() {
        let v = IncomingClaimCheck.check(incoming("2023-08-01", "2023-12-31", 10_000), periods: referredHistory, own: Self.a)
        #expect(v.kind == .dispute && v.acceptedAmount == .zero)
        let none = IncomingClaimCheck.check(incoming("2023-08-01", "2023-12-31", 10_000), periods: [], own: Self.a)
        #expect(none.kind == .cannotVerify)
    }

    @Test("Incoming: help older than three years when the claim arrived is time-barred; the rest is accepted by days")
    func incomingTimeBarred() {
        // Claim for 1.1-30.11.2023 (334 days), received 1.8.2026: help before 1.8.2023 is too old.
        // Our period 1.1-30.6 is wholly before 1.8.2023 → nothing; so the whole claim is disputed.
        let v = IncomingClaimCheck.check(incoming("2023-01-01", "2023-06-30", 18_100, received: "2026-08-01"), periods: referredHistory, own: Self.a)
        #expect(v.kind == .dispute)
        #expect(v.reasons.contains { $0.contains("for gammel") })
        // Received 1.4.2026: 1.1-31.3.2023 too old, 1.4-30.6.2023 (91 of 181 days) accepted: 18.100 × 91/181 = 9.100,00.
        let part = IncomingClaimCheck.check(
            incoming("2023-01-01", "2023-06-30", 18_100, received: "2026-04-01"), periods: referredHistory, own: Self.a)
        #expect(part.kind == .partly && part.acceptedAmount == Money(kroner: 9_100))
    }

    @Test("Property: a claim never exceeds the postings it is made of, and no municipality refunds itself")
    func properties() {
        var rng = SeededRandom(seed: 9)
        for _ in 0..<300 {
            var history: [ResidenceEpisode] = []
            var d = day("2018-01-01")
            let kinds: [HousingType] = [.ownHome, .sel108, .sel110, .sel107, .hospital, .abroad, .friplejebolig]
            for _ in 0..<Int(rng.next() % 5 + 1) {
                let len = Int(rng.next() % 400 + 20)
                let k = [Self.a, Self.b, Self.c][Int(rng.next() % 3)]
                let h = kinds[Int(rng.next() % UInt64(kinds.count))]
                let r: Referral = [.citizen, .otherAuthority, .municipalities([Self.a]), .municipalities([Self.a, Self.b])][Int(rng.next() % 4)]
                history.append(
                    ResidenceEpisode(cpr: person, from: d, to: d.adding(days: len - 1), municipality: h == .abroad ? 0 : k, housing: h, referral: r))
                d = d.adding(days: len)
            }
            let periods = PayerResolver().resolve(history)
            #expect(periods.allSatisfy { $0.payer != $0.episode.municipality })
            let postings = (0..<6).map { i in
                posting(day("2018-01-01").adding(days: i * 200).iso, day("2018-01-01").adding(days: i * 200 + 45).iso, 4_600, "LAS-25")
            }
            let total = postings.reduce(Money.zero) { $0 + $1.amount }
            let claimed = ClaimRules.candidates(cpr: person, periods: periods, postings: postings, own: Self.b).reduce(Money.zero) { $0 + $1.amount }
            #expect(claimed <= total && !claimed.isNegative)
        }
    }
}

/// Højesteret 18.4.2024 (domstol.dk): a claim for mellemkommunal refusion must be raised at the
/// latest three years after the help was given; older help is time-barred. A claim's value is two
/// figures: what can still be claimed on the day it is raised, and what is time-barred.
@Suite("Claims at their true value: claimable and time-barred")
struct ClaimValueTests {
    static func line(_ month: Int, _ year: Int, kroner: Int64) -> ClaimLine {
        let help = Day(year: year, month: month, day: 1)!
        return ClaimLine(
            month: Month(year: year, month: month), category: .stk1, paragraph: "LAS-25", function: "5.57.73", voucher: nil, text: nil,
            amount: Money(kroner: kroner), helpDay: help, deadline: help.adding(years: 3), legalBasis: "retssikkerhedsloven § 9 c stk. 1")
    }

    @Test("Help from February 2023 is time-barred after 1.2.2026; help from December 2023 is claimable through 1.12.2026")
    func split() {
        let lines = [Self.line(2, 2023, kroner: 10_000), Self.line(12, 2023, kroner: 20_000)]
        let before = ClaimValue(lines, raisedOn: Day(year: 2026, month: 1, day: 31)!)
        #expect(before.claimable == Money(kroner: 30_000) && before.timeBarred == .zero)
        let mid = ClaimValue(lines, raisedOn: Day(year: 2026, month: 11, day: 23)!)
        #expect(mid.claimable == Money(kroner: 20_000) && mid.timeBarred == Money(kroner: 10_000))
        // On the deadline itself the claim is still in time.
        #expect(ClaimValue(lines, raisedOn: Day(year: 2026, month: 12, day: 1)!).claimable == Money(kroner: 20_000))
        let after = ClaimValue(lines, raisedOn: Day(year: 2026, month: 12, day: 2)!)
        #expect(after.claimable == .zero && after.timeBarred == Money(kroner: 30_000))
    }

    @Test("Property: claimable and time-barred always add up to the help, and claimable never grows as the day moves on")
    func invariants() {
        var rng = SeededRandom(seed: 9)
        for _ in 0..<200 {
            let lines = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                Self.line(
                    Int.random(in: 1...12, using: &rng), Int.random(in: 2019...2026, using: &rng), kroner: Int64.random(in: 1...90_000, using: &rng))
            }
            let total = lines.reduce(Money.zero) { $0 + $1.amount }
            var previous = Money(kroner: Int64.max / 1_000)
            for offset in stride(from: 0, through: 4_000, by: 97) {
                let v = ClaimValue(lines, raisedOn: Day(year: 2019, month: 1, day: 1)!.adding(days: offset))
                #expect(v.total == total)
                #expect(!(previous < v.claimable))
                previous = v.claimable
                // The one-pass sums and deadline search say what the rule's split says.
                let day = Day(year: 2019, month: 1, day: 1)!.adding(days: offset)
                let (timely, expired) = ClaimRules.timely(lines, on: day)
                #expect(v.claimable == timely.reduce(.zero) { $0 + $1.amount } && v.timeBarred == expired.reduce(.zero) { $0 + $1.amount })
                #expect(ClaimRules.nextDeadline(lines, on: day) == (timely.map(\.deadline).min() ?? lines.map(\.deadline).max()))
            }
        }
    }
}
