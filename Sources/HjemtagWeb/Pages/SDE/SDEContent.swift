import HjemtagCore
import Mustache

/// A scheme page before anything is computed: what it needs and how to get it.
struct SchemeStatusContent: PageContent {
    static let template = Template.scheme
    var schemeTitle: String
    var law: String
    var status: String
    var inputs: [String]
    /// The year to offer computing, for those who may; nil hides the form.
    var computeYear: Int?
}

/// A parameter a computation used, with its source.
/// Looked up by name without reflection, as the findings list's choices are: the SDE overview's
/// parameter lines were looked up through Mirror, a tenth of the page under load (issue 22 § 4).
struct ParameterLine: Sendable, MustacheParent {
    let text: String, value: String, period: String, source: String

    func child(named key: String) -> Any? {
        switch key {
        case "text": return text
        case "value": return value
        case "period": return period
        case "source": return source
        default: return nil
        }
    }

    init(_ p: ParameterReference) {
        text = p.title
        value = p.unit.shown(p.value)
        period = p.period
        source = p.source
    }
}

struct SDEOverviewContent: PageContent {
    static let template = Template.sde
    var year: Int
    var totalRefund: String
    var canCompute: Bool
    var totalEligible: String
    var subjectCount: String
    var computed: String
    var claim: String
    var payBack: String
    var findingCount: String
    var findingsHref: String
    var monthChart: String
    var tierChart: String
    var departmentChart: String
    /// The list's table rows, rendered apart (`Template.sdeRows`).
    var subjectRows: SplicedHTML
    /// How many subjects with a refund the list does not show.
    var more: String?
    /// The workbook of the whole year, for the roles that may export every citizen.
    var canExport = false
    var exportHref = ""
    var parameters: [ParameterLine]
}

/// The SDE list's rows, rendered once per run.
struct SDERows: Sendable {
    struct Row: Sendable {
        let rank: Int, href: String, label: String, cprs: String, eligible: String, refund: String, claimed: String, difference: String
        let negative: Bool, departments: String
    }
    var subjects: [Row]
}

struct SDESubjectContent: PageContent {
    static let template = Template.sdeSubject
    struct MonthRow: Sendable, MustacheParent {
        let month: String, eligible: String, refund: String, covered: Bool
        func child(named name: String) -> Any? {
            switch name {
            case "month": return month
            case "eligible": return eligible
            case "refund": return refund
            case "covered": return covered
            default: return nil
            }
        }
    }
    struct Tree: Sendable { let tree: String }
    var cprs: [String]
    var refund: String
    var claimed: String
    var eligible: String
    var difference: String
    var track: String
    var year: Int
    var backHref: String
    var explanations: [Tree]
    var months: [MonthRow]
    /// Set when the data or rates have changed since the stored run: the explanation below is
    /// computed with what is stored now, and this says how its figure compares with the card's.
    var liveComparison: String?
}
