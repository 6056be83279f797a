import Testing

@testable import HjemtagCore

/// The comparison with Ydelsesrefusion's calculation per person, week and benefit (BEK 14/2026
/// § 7 stk. 3: the municipality must make sure its data and YR agree). Amounts worked by hand.
@Suite("Ydelsesrefusion: the reconciliation line by line")
struct YRReconciliationTests {
    static let kontanthjaelp = Benefit.lookup("kontanthjaelp")!
    static let dagpenge = Benefit.lookup("a_dagpenge")!
    static let fleksbidrag = Benefit.lookup("fleksbidrag")!
    static let week = ISOWeek(containing: Day(year: 2022, month: 3, day: 7)!)

    static func cpr(_ n: Int) -> CPR { try! CPR(parsing: "0101\(70 + n % 20)\(1000 + n)") }

    /// Our week: the refund or co-financing at `percent` of `ore`, rounded as the staircase does.
    static func ours(_ person: Int, _ benefit: Benefit, ore: Int64, percent: Int64, week: ISOWeek = week) -> StaircaseWeek {
        let rate = Rational(percent, 100)
        return StaircaseWeek(
            cpr: cpr(person), week: week, benefit: benefit, amount: Money(ore: ore), count: 1, step: 1, rate: rate,
            financing: benefit.financing, result: (rate * Rational(ore)).roundedToOre())
    }

    static func yr(_ person: Int, _ benefit: Benefit?, name: String? = nil, ore: Int64, percent: Int64, week: ISOWeek = week) -> YRRow {
        let rate = Rational(percent, 100)
        let result = (rate * Rational(ore)).roundedToOre()
        let co = benefit?.financing == .coFinancing
        return YRRow(
            municipality: 101, fileDate: Day(year: 2023, month: 1, day: 15)!, week: week, cpr: cpr(person),
            benefitName: name ?? benefit!.name, benefit: benefit, reported: Money(ore: ore), computed: Money(ore: ore),
            refundRate: co ? nil : rate, refund: co ? .zero : result, coFinancingRate: co ? rate : nil, coFinancing: co ? result : .zero,
            financingMunicipality: nil)
    }

    @Test("Agreeing, a rate apart, an amount apart, within a krone, and on one side only; the money at stake in the municipality's favour")
    func statuses() {
        let lines = YRReconciliation.reconcile(
            ours: [
                Self.ours(1, Self.kontanthjaelp, ore: 400_000, percent: 80), // 3.200,00 refund
                Self.ours(2, Self.kontanthjaelp, ore: 400_000, percent: 80),
                Self.ours(3, Self.kontanthjaelp, ore: 400_000, percent: 40), // 1.600,00
                Self.ours(4, Self.kontanthjaelp, ore: 400_050, percent: 40), // 1.600,20: 0,50 kr. of amount apart
                Self.ours(5, Self.dagpenge, ore: 500_000, percent: 60), // 3.000,00 co-financing
            ],
            yr: [
                Self.yr(1, Self.kontanthjaelp, ore: 400_000, percent: 80),
                Self.yr(2, Self.kontanthjaelp, ore: 400_000, percent: 40), // YR refunds 1.600,00 at a lower step
                Self.yr(3, Self.kontanthjaelp, ore: 300_000, percent: 40), // 1.200,00 on a smaller amount
                Self.yr(4, Self.kontanthjaelp, ore: 400_000, percent: 40), // 1.600,00
                Self.yr(6, Self.dagpenge, ore: 100_000, percent: 20), // YR charges 200,00 we have no week for
            ])
        func line(_ person: Int) -> YRReconciliation.Line { lines.first { $0.cpr == Self.cpr(person) }! }
        #expect(lines.count == 6)
        #expect(line(1).status == .agree && line(1).atStake == .zero)
        // Our 80 % against YR's 40 %: 3.200,00 - 1.600,00 we would claim.
        #expect(line(2).status == .rateDiffers && line(2).atStake == Money(ore: 160_000))
        #expect(line(3).status == .amountDiffers && line(3).atStake == Money(ore: 40_000))
        #expect(line(4).status == .agree && line(4).atStake == .zero, "0,50 kr. of amount and 0,20 kr. of refund are rounding")
        // Co-financing only we charge: YR's 0 - our 3.000,00, money the municipality owes on our own figures.
        #expect(line(5).status == .onlyOurs && line(5).atStake == Money(ore: -300_000))
        // Co-financing only YR charges: 200,00 in the municipality's favour to look into.
        #expect(line(6).status == .onlyYR && line(6).atStake == Money(ore: 20_000) && line(6).financing == .coFinancing)
    }

    @Test("YR's corrections of a week add up, with the first row's rate; fleksbidrag is not on the staircase; an unknown name is its own benefit")
    func corrections() {
        let lines = YRReconciliation.reconcile(
            ours: [Self.ours(1, Self.kontanthjaelp, ore: 400_000, percent: 80)],
            yr: [
                Self.yr(1, Self.kontanthjaelp, ore: 500_000, percent: 80), // 4.000,00
                Self.yr(1, Self.kontanthjaelp, ore: -100_000, percent: 80), // a correction of -800,00
                Self.yr(1, Self.fleksbidrag, ore: 999_900, percent: 100),
                Self.yr(1, nil, name: "Særlig Ydelse", ore: 1_000, percent: 50),
                Self.yr(1, nil, name: "særlig  ydelse", ore: 1_000, percent: 50),
            ])
        #expect(lines.count == 2)
        let kh = lines.first { $0.benefit == Self.kontanthjaelp.name }!
        #expect(kh.status == .agree && kh.yrAmount == Money(ore: 400_000) && kh.yrResult == Money(ore: 320_000) && kh.yrRate == Rational(80, 100))
        let unknown = lines.first { $0.benefit != Self.kontanthjaelp.name }!
        #expect(unknown.status == .onlyYR && unknown.yrAmount == Money(ore: 2_000) && unknown.atStake == Money(ore: -1_000))
    }

    @Test("Every person, week and benefit of either side is one line, largest amount at stake first, then by person and week")
    func oneLineEachInOrder() {
        var random = SeededRandom(seed: 198)
        let weeks = (0..<6).map { Self.week.adding(weeks: $0) }
        var ours: [StaircaseWeek] = []
        var yr: [YRRow] = []
        var keys = Set<String>()
        for person in 0..<40 {
            for week in weeks {
                let benefit = random.pick([Self.kontanthjaelp, Self.dagpenge])
                let ore = Int64(random.int(0...500_000))
                let side = random.int(0...2) // 0: ours only, 1: YR's only, 2: both
                if side != 1 { ours.append(Self.ours(person, benefit, ore: ore, percent: random.pick([80, 40, 30, 20]), week: week)) }
                if side != 0 {
                    yr.append(Self.yr(person, benefit, ore: ore + Int64(random.int(0...300)), percent: random.pick([80, 40]), week: week))
                }
                keys.insert("\(Self.cpr(person).digits):\(week.monday.ordinal):\(benefit.code)")
            }
        }
        let lines = YRReconciliation.reconcile(ours: ours, yr: yr)
        #expect(lines.count == keys.count)
        #expect(Set(lines.map { "\($0.cpr.digits):\($0.week.monday.ordinal):\(Benefit.lookup($0.benefit)!.code)" }) == keys)
        for (a, b) in zip(lines, lines.dropFirst()) {
            let (x, y) = (a.atStake.magnitude, b.atStake.magnitude)
            #expect(x > y || x == y && (a.cpr, a.week) <= (b.cpr, b.week))
        }
        for l in lines where l.status == .agree { #expect(l.atStake == .zero) }
    }
}
