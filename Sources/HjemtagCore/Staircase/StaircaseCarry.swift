import Foundation

/// A person's staircase counters at the retention boundary: what the kept years need from the
/// history before it (finansieringsloven § 5: the week count of the spell; § 6: the self-support
/// weeks of the last three years), kept when the benefit payments and subsidised periods before
/// the boundary are deleted, so a kept year computes exactly as before the deletion.
public struct StaircaseCarry: Sendable, Hashable, Codable {
    public struct Counters: Sendable, Hashable, Codable {
        /// The Monday ordinal of the first week the counters apply to.
        public var week: Int
        /// Weeks with benefits counted in the person's spell before `week`.
        public var count: Int
        public var spellStarted: Bool
        /// Weeks of self-support (Monday ordinals) that can still count towards a restart.
        public var selfSupport: [Int]
        /// The count of 4-10 January 2016, for the transitional week (only for boundaries in 2016).
        public var countOfFirstReformWeek: Int?
    }

    public var cpr: CPR
    public var counters: Counters

    public init(cpr: CPR, counters: Counters) {
        self.cpr = cpr
        self.counters = counters
    }
}

extension StaircaseCalculator {
    /// Counters carried from an earlier deletion.
    public mutating func add(_ carry: StaircaseCarry) {
        var person = persons.removeValue(forKey: carry.cpr.digits) ?? Person(cpr: carry.cpr)
        person.carry = carry.counters
        persons[carry.cpr.digits] = person
    }

    /// Every person's counters at the Monday of the ISO week that holds `boundary`, from the
    /// history given (and any counters carried before): what a deletion of the weeks before it
    /// must keep. A person whose spell has not started carries nothing.
    public func carries(at boundary: Day) -> [StaircaseCarry] {
        let monday = ISOWeek(containing: boundary).monday.ordinal
        var out: [StaircaseCarry] = []
        for key in persons.keys.sorted() {
            let p = persons[key]!
            guard let counters = walk(p, until: monday, collect: { _ in }, reset: { _ in }), counters.spellStarted else { continue }
            out.append(StaircaseCarry(cpr: p.cpr, counters: counters))
        }
        return out
    }
}
