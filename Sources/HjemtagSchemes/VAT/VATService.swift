import Foundation
import HjemtagCore
import HjemtagStore

/// Momsrefusion: screens every stored posting and stores the findings per accounting year.
public struct VATService: Sendable {
    /// Functions of VAT-liable activities that keep a momsregnskab (`hjemtag indstil moms-momspligtige-funktioner`).
    public static let vatLiableSetting = "moms.momspligtige_funktioner"
    let store: any Store
    public init(store: any Store) { self.store = store }

    public func screening(today: Day) async throws -> VATScreening {
        let liable = Set(try await FunctionListSetting.vatLiableFunctions.current(in: store))
        return VATScreening(
            vatLiableFunctions: liable, positiveLists: try await store.positiveList(), registrations: try await store.vatRegistrations(), today: today
        )
    }

    public func analyse(today: Day = .today) async throws -> [VATFinding] {
        let screening = try await screening(today: today)
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        let box = VATBox()
        try await store.forEachPosting(.vatCandidates) { p in
            do throws(VATError) { if let f = try screening.screen(p) { box.add(f) } } catch { box.fail(error) }
        }
        if let error = box.error { throw error }
        return box.findings.sorted { ($0.posting.date, $0.posting.line) < ($1.posting.date, $1.posting.line) }
    }

    @discardableResult
    public func run(by user: String, today: Day = .today) async throws -> [VATFinding] {
        let inputs = try await ComputationLedger(store: store).inputs(.vat)
        let found = try await analyse(today: today)
        var byYear: [Int: [Finding]] = [:]
        for f in found {
            byYear[f.posting.date.year, default: []].append(
                Finding(
                    scheme: Scheme.vat, year: f.posting.date.year, kind: f.rule.rawValue, subjectKey: f.key, cprs: [],
                    amount: f.amount, direction: f.direction, text: f.text))
        }
        let years = Set(byYear.keys).union(try await store.findings(scheme: Scheme.vat, year: nil, includeInactive: false).map(\.finding.year))
        for y in years.sorted() { try await store.replaceFindings(scheme: Scheme.vat, year: y, byYear[y] ?? []) }
        try await ComputationLedger(store: store).record(.vat, year: nil, by: user, from: inputs)
        try await store.appendAudit(
            username: user, action: .computation, page: Scheme.vat.rawValue,
            purpose: "\(Scheme.vat.title): \(DanishFormat.count(found.count, "fund", "fund"))")
        return found
    }
}

private final class VATBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var findings: [VATFinding] = []
    private(set) var error: VATError?
    func add(_ f: VATFinding) {
        lock.lock()
        findings.append(f)
        lock.unlock()
    }
    func fail(_ e: VATError) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
