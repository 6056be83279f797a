import Foundation
import HjemtagCore

/// A synthetic municipality: citizens with social services, households of children, and the
/// ledger the finance system would export. Fictitious CPR numbers, valid in form.
struct DemoMunicipality {
    struct Citizen {
        var cpr: CPR
        var household: String?
        /// Monthly net cost in øre of the citizen's services, and their legal basis.
        var monthlyCost: Int64
        var paragraph: String
        var function: AccountFunction
        var department: String
        var payingMunicipality: Int?
        var activeMonths: ClosedRange<Int>
    }

    let kommune: Kommune
    let inhabitants: Int
    let years: [Int]
    var citizens: [Citizen] = []
    /// The suppliers of the operating purchases (CVR), known after `postingsCSV`.
    private(set) var suppliers: [String] = []
    private var rng: SeededRandom
    private var usedCPR = Set<String>()

    init(seed: UInt64, inhabitants: Int, kommune: Kommune, years: [Int]) {
        self.kommune = kommune
        self.inhabitants = inhabitants
        self.years = years
        rng = SeededRandom(seed: seed)
        buildCitizens()
    }

    /// Scales case counts by inhabitants, from Lejre's size (about 28.000).
    private func scaled(_ lejreCount: Int) -> Int { max(1, lejreCount * inhabitants / 28_000) }

    private mutating func newCPR(bornBetween from: Int, _ to: Int) -> CPR {
        while true {
            let year = rng.int(from...to)
            let month = rng.int(1...12)
            let day = rng.int(1...Day.daysIn(month: month, year: year))
            let seventh = year >= 2000 ? 4 : rng.int(0...3)
            let serial = rng.int(0...999)
            let date: String = zeroPad(day, 2) + zeroPad(month, 2) + zeroPad(year % 100, 2)
            let text: String = date + String(seventh) + zeroPad(serial, 3)
            if usedCPR.insert(text).inserted, let cpr = try? CPR(parsing: text) { return cpr }
        }
    }

    private mutating func buildCitizens() {
        let firstYear = years.first!
        let adultServices: [(String, String, String)] = [
            ("SEL-108", "5.38.50", "SOF"), ("SEL-107", "5.38.52", "SOF"), ("SEL-85", "5.38.42", "SOF"),
            ("SEL-97", "5.38.53", "SOF"), ("SEL-103", "5.38.58", "SOF"), ("SEL-104", "5.38.59", "SOF"),
            ("SEL-95", "5.32.32", "SUF"), ("SEL-96", "5.38.40", "SOF"),
        ]
        // Adults: most cost little, a tail costs more than the first SDE limit.
        for i in 0..<scaled(620) {
            let service = rng.pick(adultServices)
            let expensive = i < scaled(34)
            let cost: Int64 = expensive ? Int64(rng.int(72_000...230_000)) * 100 : Int64(rng.int(3_000...45_000)) * 100
            let start = rng.chance(0.8) ? 0 : rng.int(1...18)
            citizens.append(
                Citizen(
                    cpr: newCPR(bornBetween: firstYear - 66, firstYear - 19), household: nil, monthlyCost: cost,
                    paragraph: service.0, function: AccountFunction(parsing: service.1)!, department: service.2,
                    payingMunicipality: rng.chance(0.04) ? rng.pick(Kommune.all.filter { $0.code != kommune.code }).code : nil,
                    activeMonths: start...(12 * years.count - 1)))
        }
        // Elderly who turned 67 during the period, some of them expensive before (BEK § 6).
        for _ in 0..<scaled(8) {
            citizens.append(
                Citizen(
                    cpr: newCPR(bornBetween: firstYear - 67, firstYear - 66), household: nil,
                    monthlyCost: Int64(rng.int(60_000...140_000)) * 100, paragraph: "SEL-108",
                    function: AccountFunction(parsing: "5.38.50")!, department: "SOF", payingMunicipality: nil,
                    activeMonths: 0...(12 * years.count - 1)))
        }
        // Children in households: siblings placed or supported, whose costs are summed from 2021.
        let childServices: [(String, String)] = [
            ("SEL-52-3.7", "5.28.23"), ("SEL-52-3.7", "5.28.24"), ("SEL-52-3.3", "5.28.21"),
            ("SEL-52-3.4", "5.28.21"), ("SEL-11-3", "5.28.20"),
        ]
        for h in 0..<scaled(150) {
            let key = "H\(zeroPad(h + 1, 5))"
            let siblings = rng.chance(0.25) ? rng.int(2...4) : 1
            for _ in 0..<siblings {
                let service = rng.pick(childServices)
                let placed = service.0 == "SEL-52-3.7"
                let cost: Int64 = placed ? Int64(rng.int(35_000...95_000)) * 100 : Int64(rng.int(2_000...20_000)) * 100
                citizens.append(
                    Citizen(
                        cpr: newCPR(bornBetween: firstYear - 16, firstYear - 1), household: key, monthlyCost: cost,
                        paragraph: service.0, function: AccountFunction(parsing: service.1)!, department: "BUF",
                        payingMunicipality: nil, activeMonths: (rng.chance(0.85) ? 0 : rng.int(1...12))...(12 * years.count - 1)))
            }
        }
        // Young people 18-22 in aftercare (efterværn).
        for _ in 0..<scaled(25) {
            citizens.append(
                Citizen(
                    cpr: newCPR(bornBetween: firstYear - 21, firstYear - 18), household: nil,
                    monthlyCost: Int64(rng.int(15_000...70_000)) * 100, paragraph: "SEL-76-3.1",
                    function: AccountFunction(parsing: "5.28.24")!, department: "BUF", payingMunicipality: nil,
                    activeMonths: 0...(12 * years.count - 1)))
        }
    }

    /// The SDE income budget for 2022, split by the departments' 2021 income; the children's area
    /// (BUF) stays on model 1 as Randers' family area does (seed 002).
    static let incomeBudgetCSV = """
        type;aar;ordning;forvaltning;model;beloeb;referenceaar
        budget;2022;sde;;;19.000.000,00;2021
        model;;sde;BUF;1;;
        model;;sde;SOF;2;;
        model;;sde;SUF;2;;

        """

    /// The function where the demo municipality books SDE refund it has received.
    static let sdeIncomeFunction = "5.22.07"

    /// CPR household memberships for the children (`husstande`).
    func householdsCSV() -> String {
        var lines = ["cpr;husstand;fra;til"]
        for c in citizens {
            guard let h = c.household else { continue }
            lines.append("\(c.cpr.formatted);\(h);\(c.cpr.birthDate.iso);")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The refund the municipality booked as received for a year: most cases claimed on an annual
    /// reading of the limits, some forgotten, siblings claimed one by one, a few claimed too high.
    mutating func claimedRefunds(year: Int, parameters: ParameterSet) -> [(CPR, Money)] {
        guard let tiers = try? SDETiers.general(year: year, parameters: parameters) else { return [] }
        var out: [(CPR, Money)] = []
        let yearIndex = years.firstIndex(of: year)!
        for c in citizens {
            let months = (0..<12).filter { c.activeMonths.contains(yearIndex * 12 + $0) }.count
            let annual = Money(ore: c.monthlyCost * Int64(months))
            // The annual reading: the year's expense against the yearly limits.
            var refund = Rational.zero
            for (k, t) in tiers.tiers.enumerated() {
                let upper = k + 1 < tiers.tiers.count ? min(annual.ore, tiers.tiers[k + 1].threshold.ore) : annual.ore
                if upper > t.threshold.ore { refund = refund + t.rate * Rational(upper - t.threshold.ore) }
            }
            guard refund.isPositive else { continue }
            let roll = rng.int(0...99)
            if roll < 15 { continue } // forgotten
            var claimed = refund.roundedToOre()
            if roll >= 95 { claimed = claimed + Money(ore: claimed.ore / 10) } // claimed 10 % too high
            out.append((c.cpr, claimed))
        }
        return out
    }

    /// The ledger export in the canonical `posteringer` format (docs/formats.md).
    mutating func postingsCSV(parameters: ParameterSet) -> String {
        var lines = ["bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst"]
        var voucher = 100_000
        func amount(_ ore: Int64) -> String { Money(ore: ore).danish.replacingOccurrences(of: ".", with: "") }
        let citizensSnapshot = citizens
        for c in citizensSnapshot {
            for monthOffset in c.activeMonths {
                let month = Month(year: years.first!, month: 1).adding(monthOffset)
                // Costs vary a little month to month, as invoices do.
                let variation = Int64(rng.int(-40...40)) * c.monthlyCost / 1000
                let posted = month.lastDay.adding(days: rng.int(1...12))
                voucher += 1
                lines.append(
                    [
                        String(voucher), posted.iso, amount(c.monthlyCost + variation), c.function.description, "1", "4.0",
                        c.cpr.formatted, c.paragraph, month.firstDay.iso, month.lastDay.iso, c.department,
                        c.payingMunicipality.map { zeroPad($0, 3) } ?? "", "", "", "Ydelse \(month.description)",
                    ].joined(separator: ";"))
                // Some citizens pay part of the cost themselves (brugerbetaling): income on the person.
                if c.paragraph == "SEL-108" && monthOffset % 3 == 0 {
                    voucher += 1
                    lines.append(
                        [
                            String(voucher), posted.iso, amount(-c.monthlyCost / 20), c.function.description, "1", "7.2",
                            c.cpr.formatted, c.paragraph, month.firstDay.iso, month.lastDay.iso, c.department, "", "", "", "Egenbetaling",
                        ].joined(separator: ";"))
                }
            }
            // A one-off without a service period (BEK § 3 stk. 4 spreads it over the year).
            if rng.chance(0.05) {
                voucher += 1
                let d = Day(year: years.last!, month: rng.int(1...12), day: 15)!
                lines.append(
                    [
                        String(voucher), d.iso, amount(Int64(rng.int(10_000...120_000)) * 100), c.function.description, "1", "4.0",
                        c.cpr.formatted, c.paragraph, "", "", c.department, "", "", "", "Enkeltudgift",
                    ].joined(separator: ";"))
            }
        }
        // SDE-relevant costs booked without CPR: the robot reports them as not claimable as booked.
        for _ in 0..<scaled(12) {
            voucher += 1
            let d = Day(year: years.last!, month: rng.int(1...12), day: rng.int(1...28))!
            lines.append(
                [
                    String(voucher), d.iso, amount(Int64(rng.int(20_000...90_000)) * 100), "5.38.50", "1", "4.0", "", "SEL-108",
                    "", "", "SOF", "", "", "", "Faktura uden CPR",
                ].joined(separator: ";"))
        }
        // SDE refund booked as received (income on the person, function 5.22.07).
        for year in years {
            for (cpr, claimed) in claimedRefunds(year: year, parameters: parameters) {
                voucher += 1
                lines.append(
                    [
                        String(voucher), Day(year: year, month: 12, day: 31)!.iso, amount((-claimed).ore), DemoMunicipality.sdeIncomeFunction, "2",
                        "8.6",
                        cpr.formatted, "", "", "", "SOF", "", "", "", "SDE-refusion \(year)",
                    ].joined(separator: ";"))
            }
        }
        // Ordinary operating purchases with suppliers and VAT.
        let suppliers = (0..<60).map { _ in String(rng.int(10_000_000...99_999_999)) }
        self.suppliers = suppliers
        let purchaseFunctions = ["0.22.05", "3.22.01", "5.32.30", "6.45.51", "0.25.10", "3.22.05", "5.25.11", "6.52.72"]
        for _ in 0..<scaled(9_000) {
            voucher += 1
            let year = rng.pick(years)
            let d = Day(year: year, month: rng.int(1...12), day: rng.int(1...28))!
            let net = Int64(rng.int(500...80_000)) * 100
            let art = rng.pick(["2.2", "2.9", "4.0", "4.5", "4.9"])
            let vat = art == "4.0" ? Int64(0) : net / 4
            lines.append(
                [
                    String(voucher), d.iso, amount(net), rng.pick(purchaseFunctions), "1", art, "", "", "", "",
                    rng.pick(["SOF", "BUF", "SUF", "TMF"]), "", rng.pick(suppliers), vat == 0 ? "" : amount(vat), "Indkøb",
                ].joined(separator: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DemoMunicipality {
    /// Two thirds of the suppliers are VAT-registered for the whole period.
    func vatRegistrationsCSV() -> String {
        (["cvr;fra;til"] + suppliers.enumerated().filter { $0.offset % 3 != 0 }.map { "\($0.element);2015-01-01;" }).joined(separator: "\n") + "\n"
    }

    /// A positive list for the demo years. The real shares are in the ministry's list for each
    /// accounting year and are not in Hjemtag's sources; the demo uses 5 % and says so.
    func positiveListCSV() -> String {
        var lines = ["aar;funktion;art;sats;ejerforhold4"]
        for y in years { for f in ["5.32.30", "5.25.11", "3.22.01"] { lines.append("\(y);\(f);4.0;5;nej") } }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ledger lines from the VAT-coded part of the finance system (with a momskode column): VAT
    /// not refunded, refund taken on land and on the renovation company's VAT-liable activity.
    mutating func vatCodedPostingsCSV() -> String {
        var lines = ["bilag;dato;beloeb;funktion;dranst;art;cvr;moms;momskode;tekst"]
        let year = years.last!
        for i in 0..<24 {
            let d = Day(year: year, month: i % 12 + 1, day: 10)!
            let net = Int64(rng.int(2_000...60_000))
            let cvr = suppliers.isEmpty ? "12345678" : suppliers[(i * 2 + 1) % suppliers.count]
            switch i % 4 {
            case 0: lines.append("M\(i);\(d.iso);\(net),00;6.45.51;1;2.2;\(cvr);\(net / 4),00;;Kontorartikler, moms ikke hjemtaget")
            case 1: lines.append("M\(i);\(d.iso);\(net),00;1.32.40;1;4.5;\(cvr);\(net / 4),00;R;Renovation: reparation, taget som refusion")
            case 2: lines.append("M\(i);\(d.iso);\(net * 10),00;0.22.02;1;2.6;\(cvr);\(net * 10 / 4),00;R;Køb af bygning, taget som refusion")
            default: lines.append("M\(i);\(d.iso);\(net),00;6.45.51;1;4.9;\(cvr);\(net / 4),00;R;Konsulent, hjemtaget korrekt")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
