import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore

/// The demo's savings scenario for seed 004's "Foranstaltninger vedr. unge": the young people of
/// the first year's SDE subjects with the largest costs, 15-17 year olds placed at a lower cost from
/// July, and 18-24 year olds moved from STU to a course under LAB on uddannelseshjælp from August.
/// Written beside the other source files and imported, so the reduction plan values the
/// initiative on its cases, gross and net of refund.
enum DemoScenario {
    static let initiative = "Foranstaltninger vedr. unge"

    static func write(store: any Store, subjects: [StoredSDESubject], year: Int, to file: URL) async throws -> Int {
        let start = Day(year: year, month: 1, day: 1)!
        var young: [(cpr: CPR, age: Int, monthly: Money)] = []
        for cpr in Set(subjects.flatMap(\.cprs)) {
            let age = cpr.age(on: start)
            guard (15...24).contains(age) else { continue }
            let cost = try await store.postings(cpr: cpr).filter { $0.paragraph?.hasPrefix("SEL") == true && $0.date.year == year }
                .reduce(Money.zero) { $0 + $1.amount }
            if cost.ore > 0 { young.append((cpr, age, Money(ore: cost.ore / 12))) }
        }
        young.sort { ($0.monthly, $0.cpr) > ($1.monthly, $1.cpr) }
        let placed = young.filter { $0.age <= 17 }.prefix(4)
        let stu = young.filter { $0.age >= 18 }.prefix(2)
        var lines = ["cpr;fra;ny_maanedlig_udgift;ny_hjemmel;ydelse;slut;initiativ;tekst"]
        for p in placed {
            // A fifth less: the placement partly turned into a targeted effort towards education and work.
            let cost = Money(kroner: p.monthly.ore * 4 / 5 / 100_000 * 1000)
            lines.append("\(p.cpr.formatted);\(year)-07-01;\(cost.ore / 100);;;;\(initiative);anbringelse delvis omlagt til LAB-handleplan")
        }
        for p in stu {
            lines.append(
                "\(p.cpr.formatted);\(year)-08-01;9000;LAB-32;uddannelseshjaelp;;\(initiative);STU omlagt til særligt tilrettelagt forløb efter LAB")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return placed.count + stu.count
    }
}
