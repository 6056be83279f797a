/// The ledger as every scheme reads it once OS2bos payments are matched (`PaymentMatching`):
/// a ledger posting that pays a payment carries the payment's citizen and facts; a payment
/// counts itself only when no posting pays it and it was paid (or is counted as an estimate);
/// everything else stands as stored. Applied to each stored posting by its row id.
public struct CostView: Sendable {
    /// Each payment's outcome, by the payment's row id.
    public let outcomes: [Int64: PaymentMatching.Outcome]
    /// The payment a matched ledger posting pays, by the ledger posting's row id.
    public let attributions: [Int64: (payment: OS2bosPayment, rule: PaymentMatching.Rule)]

    /// The Sensum service a ledger posting without CPR is on, by the posting's row id.
    public let services: [Int64: ServiceMatching.Service]

    public init(outcomes: [Int64: PaymentMatching.Outcome], payments: [Int64: OS2bosPayment], services: [Int64: ServiceMatching.Service] = [:]) {
        self.outcomes = outcomes
        self.services = services
        var a: [Int64: (OS2bosPayment, PaymentMatching.Rule)] = [:]
        for (id, o) in outcomes {
            if case .matched(let ledger, let rule) = o, let p = payments[id] { a[ledger] = (p, rule) }
        }
        attributions = a
    }

    public static let unmatched = CostView(outcomes: [:], payments: [:])

    /// The posting as it counts, or nil when it does not count at all. A payment not yet
    /// matched (no outcome stored) counts when OS2bos says it was paid, as before matching existed.
    public func apply(id: Int64, _ posting: Posting) -> Posting? {
        if let payment = OS2bosPayment(posting) {
            switch outcomes[id] {
            case nil: return payment.isPaid ? posting : nil
            case .alone?: return posting
            case .estimate?: return payment.estimatePosting
            default: return nil
            }
        }
        if !attributions.isEmpty, let a = attributions[id] { return a.payment.attribute(posting, rule: a.rule) }
        if !services.isEmpty, let s = services[id] { return ServiceMatching.attribute(posting, s) }
        return posting
    }
}
