import Testing

@testable import HjemtagCore

/// The catalogue corrections of the law check of December 2026 (shared/domain/law-check-2026-12.md
/// § 2), each computed by hand from the rule it rests on.
@Suite("Benefit catalogue: start of the reform, benefits that ended, førtidspension's grant date")
struct BenefitCatalogueFixTests {
    let parameters = try! ParameterSet.bundled()
    let a = try! CPR(parsing: "010180-1111")

    func run(_ payments: [BenefitPayment], from: Day, to: Day) throws -> StaircaseResult {
        var calc = try StaircaseCalculator(from: from, to: to, parameters: parameters)
        for p in payments { calc.add(p) }
        return calc.result()
    }

    func payment(_ name: String, _ start: Day, _ end: Day, kroner: Int64, granted: Day? = nil) -> BenefitPayment {
        BenefitPayment(cpr: a, benefit: Benefit.lookup(name)!, period: DateRange(start, end), amount: Money(kroner: kroner), grantedOn: granted)
    }

    /// Finansieringsloven § 29 stk. 1: the law applies from 4.1.2016; stk. 3 back-dates nr. 4-6 and
    /// 8-14 (kontanthjælp among them) to 1.1.2016 and nr. 7 (sygedagpenge) to 28.12.2015, but not
    /// nr. 1 (a-dagpenge) or nr. 2 (arbejdsmarkedsydelse). Week 2015-W53 runs 28.12.2015-3.1.2016.
    @Test("A-dagpenge and arbejdsmarkedsydelse are co-financed from 4.1.2016, not in week 53 of 2015; kontanthjælp is refunded that week")
    func reformStart() throws {
        let w53 = (Day(year: 2015, month: 12, day: 28)!, Day(year: 2016, month: 1, day: 3)!)
        let (from, to) = (Day(year: 2015, month: 12, day: 28)!, Day(year: 2016, month: 1, day: 10)!)
        for name in ["a-dagpenge", "arbejdsmarkedsydelse"] {
            let r = try run([payment(name, w53.0, w53.1, kroner: 5_000)], from: from, to: to)
            #expect(r.weeks.isEmpty && r.totalCoFinancing == .zero, "\(name) is not on the staircase in 2015-W53")
            // From Monday 4.1.2016 (2016-W01): week 1 on the staircase, 20 % co-financing of 5.000 = 1.000.
            let next = try run(
                [payment(name, Day(year: 2016, month: 1, day: 4)!, Day(year: 2016, month: 1, day: 10)!, kroner: 5_000)], from: from, to: to)
            #expect(next.totalCoFinancing == Money(kroner: 1_000))
        }
        #expect(Benefit.lookup("a-dagpenge")!.from == Day(year: 2016, month: 1, day: 4))
        // Kontanthjælp (nr. 5, back-dated to 1.1.2016) touches 2015-W53 with 1-3 January: week 1, 80 % of 5.000.
        let kh = try run([payment("kontanthjælp", w53.0, w53.1, kroner: 5_000)], from: from, to: to)
        #expect(kh.weeks.map(\.week) == [ISOWeek(year: 2015, week: 53)!] && kh.totalRefund == Money(kroner: 4_000))
    }

    /// Lov 1655 af 30.12.2024: uddannelseshjælp, overgangsydelse and selvforsørgelses- og
    /// hjemrejseydelse end with effect from 1.7.2025, »og herefter udbetales forsørgelsen som
    /// kontanthjælp«. Uddannelseshjælp is aktivloven § 23.
    @Test("Uddannelseshjælp and selvforsørgelsesydelse end 30.6.2025; a later week under the old name counts as kontanthjælp")
    func benefitsEnded() throws {
        let udd = Benefit.lookup("uddannelseshjælp")!
        #expect(udd.to == Day(year: 2025, month: 6, day: 30) && udd.successor == "kontanthjaelp" && udd.note.contains("aktivloven § 23"))
        #expect(Benefit.lookup("overgangsydelse")!.to == Day(year: 2025, month: 6, day: 30))
        let (from, to) = (Day(year: 2025, month: 6, day: 23)!, Day(year: 2025, month: 7, day: 13)!)
        // 2025-W26 (23.-29.6.), W27 (30.6.-6.7.) under the old benefit; W28 (7.-13.7.) as kontanthjælp.
        let r = try run(
            [
                payment("uddannelseshjælp", Day(year: 2025, month: 6, day: 23)!, Day(year: 2025, month: 6, day: 29)!, kroner: 2_000),
                payment("uddannelseshjælp", Day(year: 2025, month: 6, day: 30)!, Day(year: 2025, month: 7, day: 6)!, kroner: 2_000),
                payment("uddannelseshjælp", Day(year: 2025, month: 7, day: 7)!, Day(year: 2025, month: 7, day: 13)!, kroner: 2_000),
            ], from: from, to: to)
        #expect(r.weeks.map(\.benefit.code) == ["uddannelseshjaelp", "uddannelseshjaelp", "kontanthjaelp"])
        // The count runs on across the change: weeks 1, 2, 3, all 80 %: 3 × 1.600.
        #expect(r.weeks.map(\.count) == [1, 2, 3] && r.totalRefund == Money(kroner: 4_800))
    }

    /// Budget- og regnskabssystem 5.48: førtidspension tilkendt før 1. juli 2014 is not covered by
    /// the refund reform; granted after, all municipal expenses are. § 5: co-financing 20 % in week 1.
    @Test("Førtidspension is on the staircase only when granted on or after 1.7.2014; without a grant date it is named, not counted")
    func disabilityPensionGrantDate() throws {
        let (start, end) = (Day(year: 2024, month: 1, day: 1)!, Day(year: 2024, month: 1, day: 7)!)
        let (from, to) = (start, Day(year: 2024, month: 1, day: 31)!)
        let old = try run([payment("førtidspension", start, end, kroner: 5_000, granted: Day(year: 2014, month: 6, day: 30)!)], from: from, to: to)
        #expect(old.weeks.isEmpty && old.grantedBeforeReform == Money(kroner: 5_000))
        let new = try run([payment("førtidspension", start, end, kroner: 5_000, granted: Day(year: 2014, month: 7, day: 1)!)], from: from, to: to)
        #expect(new.totalCoFinancing == Money(kroner: 1_000))
        let unknown = try run([payment("førtidspension", start, end, kroner: 5_000)], from: from, to: to)
        #expect(unknown.weeks.isEmpty && unknown.missingGrantDate == Money(kroner: 5_000) && unknown.missingGrantDatePersons == 1)
        #expect(unknown.missingGrantDateText?.contains("hjemtag import foertidspension") == true)
    }
}
