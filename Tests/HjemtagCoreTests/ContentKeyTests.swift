import Foundation
import Testing

@testable import HjemtagCore

/// The content key decides what counts as a row imported twice, so it must be the same for the
/// same values, different when any one value differs, and the same in every run.
@Suite("Content keys")
struct ContentKeyTests {
    static func posting(_ rng: inout SeededRandom) -> Posting {
        let day = Day(year: 2022, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
        return Posting(
            voucher: Bool.random(using: &rng) ? "B\(Int.random(in: 1...99_999, using: &rng))" : nil, date: day,
            amount: Money(ore: Int64.random(in: -1_000_000...1_000_000_000, using: &rng)),
            function: AccountFunction(main: 5, group: 38, function: 50),
            dranst: "1", art: "4.0", cpr: try? CPR(parsing: "0101901234"), paragraph: "SEL-108",
            period: DateRange(day, day.adding(days: Int.random(in: 0...30, using: &rng))),
            department: ["SOF", "BUF", nil].randomElement(using: &rng)!,
            cvr: nil, vat: nil, text: "Opholdssted Åbo \(Int.random(in: 0...9, using: &rng))", line: Int.random(in: 2...1_000, using: &rng))
    }

    @Test("The same values give the same key, whatever line they came from; the value is fixed across runs")
    func sameContentSameKey() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<500 {
            var p = Self.posting(&rng)
            let key = p.contentKey.stored
            p.line += 17
            #expect(p.contentKey.stored == key)
        }
        // Keys are stored with the rows: if this value changes, stored keys no longer match new
        // ones and duplicates would slip through. Change it only with a migration that rekeys.
        var k = ContentKey()
        k.add("B1")
        k.add(Day(year: 2022, month: 1, day: 15)!)
        k.add(Money(ore: 123_456))
        #expect(k.stored == 5_075_634_189_774_566_472)
    }

    @Test("Any one value changed changes the key; text is bounded by its length")
    func anyChangeChangesKey() {
        var rng = SeededRandom(seed: 11)
        var seen = Set<Int64>()
        for _ in 0..<2_000 {
            let p = Self.posting(&rng)
            let key = p.contentKey.stored
            var variants: [Posting] = []
            var v = p
            v.amount = Money(ore: p.amount.ore + 1)
            variants.append(v)
            v = p
            v.date = p.date.adding(days: 1)
            variants.append(v)
            v = p
            v.voucher = (p.voucher ?? "") + "x"
            variants.append(v)
            v = p
            v.department = p.department == nil ? "SOF" : nil
            variants.append(v)
            v = p
            v.text = (p.text ?? "") + " "
            variants.append(v)
            v = p
            v.cpr = nil
            variants.append(v)
            for variant in variants { #expect(variant.contentKey.stored != key) }
            seen.insert(key)
        }
        #expect(seen.count > 1_990) // random postings can coincide, keys of different ones should not
        var a = ContentKey()
        var b = ContentKey()
        a.add("ab")
        a.add("c")
        b.add("a")
        b.add("bc")
        #expect(a.stored != b.stored)
        var none = ContentKey()
        var empty = ContentKey()
        none.add(nil as String?)
        empty.add("")
        #expect(none.stored != empty.stored)
    }
}
