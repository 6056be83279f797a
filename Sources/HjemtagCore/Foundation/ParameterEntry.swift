import Foundation

/// One value to enter for a parameter, as a person or a parameter file gives it.
public struct ParameterEntry: Sendable, Hashable {
    public var parameterID: String
    public var value: DatedValue
    /// The line of the parameter file it was read from.
    public var line: Int?
    public init(parameterID: String, value: DatedValue, line: Int? = nil) {
        self.parameterID = parameterID
        self.value = value
        self.line = line
    }
}

/// A parameter file (`hjemtag parametre import` / `eksport`, the page Parametre): one verified
/// value a line with its period, source URL and checked-on date, so one file checked against the
/// law can serve many municipalities. Read in HjemtagImport, written in HjemtagExport.
public enum ParameterFile {
    public static let columns = ["parameter", "fra", "til", "vaerdi", "kilde", "kontrolleret", "note"]
    public static let requiredColumns = ["parameter", "fra", "vaerdi", "kilde", "kontrolleret"]

    /// The values a file carries: the municipality's entries in force, or with `everything` every value.
    public static func values(of set: ParameterSet, everything: Bool) -> [(id: String, unit: ParameterUnit, value: DatedValue)] {
        var values: [(id: String, unit: ParameterUnit, value: DatedValue)] = []
        for d in set.definitions.values.sorted(by: { $0.id < $1.id }) {
            for v in d.values.sorted(by: { $0.from < $1.from }) where everything || v.enteredBy != nil { values.append((d.id, d.unit, v)) }
        }
        return values
    }
}

/// Why a value a person entered (or withdrew) was refused, in Danish. The rules are the same for
/// the CLI, the web page and a parameter file.
public enum ParameterEntryError: Error, Sendable, CustomStringConvertible, Equatable {
    case badDate(String)
    case endBeforeStart
    case sourceNotURL
    case parameter(ParameterError)
    case notPositive(id: String, value: String)
    /// A yearly regulated amount holds for a stated period; an open end would carry it into years
    /// nobody checked.
    case openAmount(id: String)
    case overlaps(id: String, period: String, other: String, by: String)
    case notIncreasing(day: Day, lower: String, lowerValue: String, higher: String, higherValue: String)
    case repealed(id: String, until: Day)
    case reasonMissing
    case notFound(entry: Int)
    case notActive(entry: Int, state: String)

    public var description: String {
        switch self {
        case .badDate(let s): return "'\(s)' er ikke en dato"
        case .endBeforeStart: return "slutdatoen ligger før startdatoen"
        case .sourceNotURL: return "kilden skal være en URL til lov, bekendtgørelse eller satsmeddelelse"
        case .parameter(let e): return e.description
        case .notPositive(let id, let value): return "værdien '\(value)' for '\(id)' skal være større end 0"
        case .openAmount(let id): return "'\(id)' er et beløb, der reguleres årligt: angiv den sidste dag, det gælder (fx --til 2023-12-31)"
        case .overlaps(let id, let period, let other, let by):
            return "perioden \(period) for '\(id)' overlapper den indtastede værdi for \(other) (indtastet af \(by)); "
                + "indtast for præcis samme periode for at rette den, eller tilbagetræk den først"
        case .notIncreasing(let day, let lower, let lowerValue, let higher, let higherValue):
            return "grænserne skal stige trin for trin, men den \(day.danish) er \(lower) = \(lowerValue) og \(higher) = \(higherValue)"
        case .repealed(let id, let until):
            return "reglen bag '\(id)' gjaldt kun til og med \(until.danish); der skal ingen værdi indtastes for en senere periode"
        case .reasonMissing: return "skriv en begrundelse (mindst 10 tegn)"
        case .notFound(let entry): return "indtastning nr. \(entry) findes ikke"
        case .notActive(let entry, let state): return "indtastning nr. \(entry) er ikke gældende (\(state))"
        }
    }

    /// The column of a parameter file (`ParameterFile.columns`) the refusal is about.
    public var column: String {
        switch self {
        case .badDate, .endBeforeStart, .overlaps, .openAmount: return "til"
        case .repealed: return "fra"
        case .sourceNotURL: return "kilde"
        case .parameter(.unknown): return "parameter"
        case .parameter, .notPositive, .notIncreasing, .notFound, .notActive: return "vaerdi"
        case .reasonMissing: return "note"
        }
    }
}

extension ParameterSet {
    /// Thresholds that rise tier by tier on every day they hold (serviceloven § 176 stk. 1 and
    /// barnets lov § 198: the tiers are ordered intervals, so a lower limit above the next one
    /// is a typing error, never a rule).
    public static let risingTiers: [[String]] = [
        ["sde.graense.t1", "sde.graense.t2", "sde.graense.t3"], ["sde.boern.graense.t1", "sde.boern.graense.t2"],
    ]

    /// The set with `value` entered for `id`, after every rule an entered value must pass. An
    /// entered value for exactly the same period is superseded (the correction); one that
    /// overlaps it otherwise is refused, so no day is covered by two entries.
    public func entering(_ value: DatedValue, for id: String) throws(ParameterEntryError) -> ParameterSet {
        guard var d = definitions[id] else { throw .parameter(.unknown(id: id)) }
        do { try ParameterSet.checkValue(value.value, unit: d.unit, id: id) } catch { throw .parameter(error) }
        switch d.unit {
        case .kroner:
            guard let m = try? Money.parse(value.value), m > .zero else { throw .notPositive(id: id, value: value.value) }
            guard value.to != nil else { throw .openAmount(id: id) }
        case .count:
            guard let n = Int(value.value), n > 0 else { throw .notPositive(id: id, value: value.value) }
        case .percent:
            break // 0-100, checked above
        }
        if let to = value.to, to < value.from { throw .endBeforeStart }
        if let until = d.inForceUntil, value.to.map({ $0 > until }) ?? true { throw .repealed(id: id, until: until) }
        d.values.removeAll { $0.enteredBy != nil && $0.from == value.from && $0.to == value.to }
        if let other = d.values.first(where: { $0.enteredBy != nil && $0.overlaps(value) }) {
            throw .overlaps(id: id, period: value.periodText, other: other.periodText, by: other.enteredBy ?? "")
        }
        d.values.append(value)
        var next = self
        next.definitions[id] = d
        try next.checkRising(around: value, of: id)
        return next
    }

    /// The set without the entered `value`: the shipped value, or the error for a missing one,
    /// applies again for its days; refused if the tiers would then no longer rise.
    public func withdrawing(_ value: DatedValue, from id: String) throws(ParameterEntryError) -> ParameterSet {
        guard var d = definitions[id] else { throw .parameter(.unknown(id: id)) }
        d.values.removeAll { $0 == value }
        var next = self
        next.definitions[id] = d
        try next.checkRising(around: value, of: id)
        return next
    }

    /// The tiers of `id`'s group on the first day of `value` and on every day inside it where
    /// another value of the group begins: the only days its change can break the order.
    func checkRising(around value: DatedValue, of id: String) throws(ParameterEntryError) {
        guard let group = Self.risingTiers.first(where: { $0.contains(id) }) else { return }
        if let f = fallingTiers(group, from: value.from, within: value.covers).first {
            throw .notIncreasing(
                day: f.day, lower: f.lower, lowerValue: f.lowerValue.danishKroner, higher: f.higher, higherValue: f.higherValue.danishKroner)
        }
    }

    /// Two neighbouring tiers out of order on a day: the lower limit at or above the next one.
    struct FallingTiers {
        let day: Day, lower: String, lowerValue: Money, higher: String, higherValue: Money
    }

    /// Where `group`'s tiers do not rise, looked at on `first` and on every day `within` the
    /// period where a value of the group begins (the only days the order can change). Tiers
    /// without a value on a day are passed over.
    func fallingTiers(_ group: [String], from first: Day, within: (Day) -> Bool) -> [FallingTiers] {
        var days: Set<Day> = [first]
        for member in group {
            for v in definitions[member]?.values ?? [] where within(v.from) { days.insert(v.from) }
        }
        var out: [FallingTiers] = []
        for day in days.sorted() {
            let present = group.compactMap { member in (try? money(member, on: day)).map { (member, $0.0) } }
            for (lower, higher) in zip(present, present.dropFirst()) where !(lower.1 < higher.1) {
                out.append(.init(day: day, lower: lower.0, lowerValue: lower.1, higher: higher.0, higherValue: higher.1))
            }
        }
        return out
    }
}

extension DatedValue {
    /// Whether two periods share a day (an open end runs for ever).
    public func overlaps(_ other: DatedValue) -> Bool {
        (to.map { other.from <= $0 } ?? true) && (other.to.map { from <= $0 } ?? true)
    }
}

extension DatedValue {
    /// A value entered by a person (CLI or web), checked the same way wherever it comes from:
    /// dates readable, end not before start, a URL source. Kroner are read the Danish way
    /// (`880.000`, `1.234,50`); percentages and counts take a decimal comma or point (`12,5`).
    public static func entered(
        from: String, to: String?, value: String, unit: ParameterUnit, source: String, note: String?,
        by user: String, today: Day
    ) throws(ParameterEntryError) -> DatedValue {
        guard let start = Day(parsing: from) else { throw .badDate(from) }
        var end: Day?
        if let to, !to.isEmpty {
            guard let d = Day(parsing: to) else { throw .badDate(to) }
            guard d >= start else { throw .endBeforeStart }
            end = d
        }
        guard source.hasPrefix("https://") || source.hasPrefix("http://") else { throw .sourceNotURL }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let normalised: String
        switch unit {
        case .kroner:
            let danishThousands = trimmed.range(of: #"^-?\d{1,3}(\.\d{3})+(,\d+)?$"#, options: .regularExpression) != nil
            normalised =
                (danishThousands || trimmed.contains(","))
                ? trimmed.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".") : trimmed
        case .percent, .count:
            normalised = trimmed.replacingOccurrences(of: ",", with: ".")
        }
        return DatedValue(
            from: start, to: end, value: normalised, source: source, checked: today,
            note: note.flatMap { $0.isEmpty ? nil : $0 }, enteredBy: user)
    }
}
