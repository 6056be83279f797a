import HjemtagCore
import Mustache

struct IntermunicipalContent: PageContent {
    static let template = Template.intermunicipal
    /// A row of the lists; written by `IntermunicipalRowsHTML`.
    struct Person: Sendable {
        let href: String, cpr: String, stay: String, payers: String, wePay: Bool, rule: String, review: String
    }
    struct Claim: Sendable {
        let href: String, id: Int, cpr: String, counterpart: String, period: String, amount: String, timeBarred: String, accepted: String
        let status: String
        let verdict: String, urgency: String, level: String
    }
    var kommune: String
    /// Each list's page links, and its rows as the table's body.
    var persons: ListPage<Person>
    var personRows: SplicedHTML
    var personCount: Int
    var outgoing: ListPage<Claim>
    var outgoingRows: SplicedHTML
    var incoming: ListPage<Claim>
    var incomingRows: SplicedHTML
    var outTotal: String
    var inTotal: String
    var inAccepted: String
    var lost: String
    var urgent: Int
    var payerChart: String
    var yearChart: String
    var canCompute: Bool
    /// Whether the viewer may take every citizen's data out (the XLSX, the auditor's pack).
    var canExport = false
    var empty: Bool
    var parameters: [ParameterLine]
}

struct IntermunicipalPersonContent: PageContent {
    static let template = Template.intermunicipalPerson
    struct Period: Sendable {
        let from: String, to: String, `where`: String, offer: String, referral: String, hk: String, payer: String, rule: String
        /// Where the episode was read: the `ophold` file's line, or Sensum or OS2bos.
        let source: String
        let review: String?, tree: String, fromIso: String, canMark: Bool
    }
    struct Pension: Sendable { let basis: String, payer: String, receiver: String, from: String, to: String }
    struct Claim: Sendable { let href: String, id: Int, direction: String, counterpart: String, amount: String, status: String }
    var cpr: String
    var timeline: String
    var periods: [Period]
    var hasPension: Bool
    var pension: [Pension]
    var claims: [Claim]
    var canChange: Bool
    var passivityAction: String
}

struct IntermunicipalClaimContent: PageContent {
    static let template = Template.intermunicipalClaim
    struct Line: Sendable { let month: String, function: String, paragraph: String, text: String, amount: String, deadline: String, basis: String }
    struct Event: Sendable { let at: String, by: String, from: String, to: String, note: String }
    struct Option: Sendable { let value: String, name: String }
    var id: Int
    var direction: String
    var outgoing: Bool
    var cpr: String
    var counterpart: String
    var period: String
    var amount: String
    /// Help in our claim older than three years when it was sent (or today): not claimable.
    var timeBarred: String?
    var accepted: String?
    var basis: String
    var status: String
    var verdict: String?
    var reference: String?
    var hasLines: Bool
    var deadline: String
    var urgency: String
    var personHref: String?
    var letterHref: String
    /// The auditor's pack for the claim, for the roles that may take it.
    var packHref: String?
    var statusAction: String
    var reasons: [String]
    var lines: [Line]
    var events: [Event]
    var next: [Option]
    var canChange: Bool
}
