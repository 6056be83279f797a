import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// Keeps, for every stored result, what it was computed from, and says when that has changed:
/// a page never shows a result as current when the data or the rates under it are not the ones
/// it was computed with.
public struct ComputationLedger: Sendable {
    let store: any Store
    public init(store: any Store) { self.store = store }

    /// The import kinds a scheme reads.
    public static func importKinds(_ scheme: Scheme) -> Set<ImportKind> {
        switch scheme {
        case .sde: return [.postings, .households, .os2bosPayments, .prisme, .tariffs, .internalUses, .sensumServices, .sensumProviders]
        // Pension grants too: a benefit counted from its grant takes the grant's day from them
        // when the payment does not carry it (`StaircaseService.calculator`).
        case .staircase: return [.benefitPayments, .os2bosPayments, .subsidisedEmployment, .yrCalculation, .pensionGrants]
        case .intermunicipal:
            return [.residence, .incomingClaims, .pensionGrants, .postings, .prisme, .tariffs, .internalUses, .sensumServices, .sensumProviders]
        case .resultGrant: return [.integration, .postings]
        case .vat: return [.postings, .positiveList, .vatRegistrations]
        case .budget: return [.initiatives, .businessCase, .incomeBudget, .scenarioCases]
        }
    }

    /// The settings a scheme reads besides the municipality.
    static func settings(_ scheme: Scheme) -> [String] {
        switch scheme {
        case .sde:
            return [
                "kommune", SDEService.incomeFunctionsSetting, SDEService.objectivelyFinancedSetting, PaymentMatchService.estimateSetting,
                PaymentMatchService.decisionsSetting,
            ]
        case .vat: return ["kommune", VATService.vatLiableSetting]
        case .intermunicipal: return ["kommune", PaymentMatchService.estimateSetting, PaymentMatchService.decisionsSetting]
        default: return ["kommune"]
        }
    }

    /// The scheme's inputs (for the year, where it is computed by year) as they are now.
    public func inputs(_ scheme: Scheme, year: Int? = nil) async throws -> ComputationInputs {
        try await inputs(scheme, year: year, imports: store.imports())
    }

    /// The same from the import list already read (the staleness check needs it for its text too).
    func inputs(_ scheme: Scheme, year: Int?, imports: [ImportSummary]) async throws -> ComputationInputs {
        Self.forYear(try await commonInputs(scheme), scheme, year: year, imports: imports, claims: try await claimsRead(scheme))
    }

    /// The inputs the same for every year of the scheme: its parameter entries, the retention
    /// deletions and its settings.
    func commonInputs(_ scheme: Scheme) async throws -> ComputationInputs {
        var settings: [String: String] = [:]
        for key in Self.settings(scheme) { settings[key] = try await store.setting(key) ?? "" }
        return ComputationInputs(
            imports: [],
            parameterEntries: try await store.storedParameterValues().filter {
                $0.isActive && Scheme(parameterID: $0.parameterID) == scheme
            }.map(\.entry).sorted(),
            deletions: try await store.retentionDeletions(), settings: settings)
    }

    /// The inputs that differ from year to year: the imports whose days count for it, and for
    /// SDE the claims its check for costs claimed twice reads (`DoubleClaimCheck`).
    static func forYear(
        _ common: ComputationInputs, _ scheme: Scheme, year: Int?, imports: [ImportSummary], claims: [Int: Int64]
    ) -> ComputationInputs {
        var inputs = common
        inputs.imports = importIDs(imports, scheme, year: year)
        if scheme == .sde, let year { inputs.passedOnClaims = claims[year] }
        return inputs
    }

    /// The fingerprints, by year, of the claims a scheme's results read (SDE's check reads the
    /// ones we send; the store keeps them until they change).
    func claimsRead(_ scheme: Scheme) async throws -> [Int: Int64] {
        scheme == .sde ? try await store.passedOnClaims().fingerprints : [:]
    }

    /// The imports of the kinds the scheme reads that can change its result for the year.
    static func importIDs(_ imports: [ImportSummary], _ scheme: Scheme, year: Int?) -> [Int] {
        let kinds = Set(importKinds(scheme).map(\.rawValue))
        return imports.filter { kinds.contains($0.kind) && affects($0, scheme, year: year) }.map(\.id).sorted()
    }

    /// Whether an import's rows can change the scheme's result for the year (decision 0014).
    /// SDE's year takes a posting's parts in the months of its period, or of its date's year
    /// without one (`SDEPeriodisation`), and the month before a 67th birthday whatever year that
    /// month is in (BEK § 6): so the years of the import's days and the year after. The
    /// staircase's year looks back (its counts run from three years before, `StaircaseService`,
    /// and carry from year to year) and never forward (payments and jobs whose period begins
    /// after the year are not read, YR's rows are the year's weeks): every year from the import's
    /// first day on. An import without days (of other rows, or from before the store kept them)
    /// counts for every year; the schemes not computed by year count every import.
    static func affects(_ i: ImportSummary, _ scheme: Scheme, year: Int?) -> Bool {
        guard let year, let days = i.days else { return true }
        switch scheme {
        case .sde: return days.start.year <= year && year <= days.end.year + 1
        case .staircase: return days.start.year <= year
        default: return true
        }
    }

    /// Records a computation just made, with the inputs it was made from (taken before it began,
    /// so an import during the computation makes the result stale rather than hiding in it).
    public func record(_ scheme: Scheme, year: Int?, by user: String, from inputs: ComputationInputs) async throws {
        try await store.recordComputation(
            StoredComputation(scheme: scheme, year: year, computedAt: Date().formatted(.iso8601), computedBy: user, inputs: inputs))
    }

    /// The changes since the scheme's (and year's) latest computation; nil when there is none or
    /// nothing has changed.
    public func staleness(_ scheme: Scheme, year: Int? = nil) async throws -> Staleness? {
        guard let computed = try await store.computations().first(where: { $0.scheme == scheme && $0.year == year }) else { return nil }
        let imports = try await store.imports()
        return try await Staleness(computed, now: inputs(scheme, year: year, imports: imports), imports: imports)
    }

    /// Every stored computation whose inputs have changed, for the overview and `status`.
    public func stale() async throws -> [Staleness] {
        let imports = try await store.imports()
        var out: [Staleness] = []
        var now: [Scheme: ComputationInputs] = [:]
        var claims: [Scheme: [Int: Int64]] = [:]
        for c in try await store.computations() {
            if now[c.scheme] == nil {
                now[c.scheme] = try await commonInputs(c.scheme)
                claims[c.scheme] = try await claimsRead(c.scheme)
            }
            let current = Self.forYear(now[c.scheme]!, c.scheme, year: c.year, imports: imports, claims: claims[c.scheme]!)
            if let s = Staleness(c, now: current, imports: imports) { out.append(s) }
        }
        return out
    }
}

/// What has changed under a stored result since it was computed, in Danish.
public struct Staleness: Sendable, Hashable {
    public var computation: StoredComputation
    public var changes: [String]

    init?(_ c: StoredComputation, now: ComputationInputs, imports: [ImportSummary]) {
        let before = c.inputs
        guard before != now else { return nil }
        var changes: [String] = []
        let byID = Dictionary(uniqueKeysWithValues: imports.map { ($0.id, $0) })
        let added = now.imports.filter { !before.imports.contains($0) }
        for id in added.prefix(3) { changes.append("ny import nr. \(id)" + (byID[id].map { ": \($0.fileName)" } ?? "")) }
        if added.count > 3 { changes.append("og \(DanishFormat.count(added.count - 3, "import", "importer")) mere") }
        if before.imports.contains(where: { !now.imports.contains($0) }) { changes.append("en import er fjernet") }
        if before.parameterEntries != now.parameterEntries { changes.append("satser indtastet, rettet eller tilbagetrukket") }
        if before.deletions != now.deletions { changes.append("data slettet efter opbevaringsreglen") }
        if before.passedOnClaims != now.passedOnClaims {
            changes.append("mellemkommunale krav, som kontrollen for dobbelt hjemtagelse læser, er ændret")
        }
        // A setting a result was computed before Hjemtag read (added by a later version) was unset then.
        for key in now.settings.keys.sorted() where (before.settings[key] ?? "") != now.settings[key] {
            changes.append("indstillingen \(key) er ændret")
        }
        guard !changes.isEmpty else { return nil }
        self.computation = c
        self.changes = changes
    }

    /// The line at the top of the result's page.
    public var notice: String {
        "Data eller satser er ændret siden beregningen \(DanishFormat.timestamp(computation.computedAt)) (\(changes.joined(separator: "; "))) — beregn igen."
    }
}
