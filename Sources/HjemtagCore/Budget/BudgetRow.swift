/// One row of a budget table loaded from a file: reduction plan (`initiativer`), business case
/// (`businesscase`) or refund income budget (`indtaegtsbudget`). The newest import of a table wins.
public struct BudgetRow: Sendable, Codable, Hashable {
    public enum Table: String, Sendable, Codable {
        case initiatives = "initiativer"
        case businessCase = "businesscase"
        case incomeBudget = "indtaegtsbudget"
    }

    public var table: Table
    /// Reduction plan: `maal`/`initiativ`/`ufordelt`/`realiseret`; business case: `indtaegt`/`udgift`;
    /// income budget: `budget` (a scheme's budget) or `model` (a department's model).
    public var type: String
    /// Initiative name, appropriation area or cost name, or department.
    public var name: String
    /// Business case: refund type; income budget: scheme.
    public var category: String?
    public var year: Int?
    public var referenceYear: Int?
    public var model: Int?
    public var amount: Money?

    public init(
        table: Table, type: String, name: String, category: String? = nil, year: Int? = nil, referenceYear: Int? = nil,
        model: Int? = nil, amount: Money? = nil
    ) {
        self.table = table
        self.type = type
        self.name = name
        self.category = category
        self.year = year
        self.referenceYear = referenceYear
        self.model = model
        self.amount = amount
    }
}

extension ReductionPlan {
    public init(rows: [BudgetRow]) {
        self.init(
            lines: rows.compactMap { r in
                guard let kind = LineKind(rawValue: r.type), let year = r.year else { return nil }
                return Line(kind: kind, name: r.name, year: year, amount: r.amount ?? .zero)
            })
    }
}

extension BusinessCase {
    public init(rows: [BudgetRow]) {
        self.init(
            income: rows.compactMap { r in
                guard r.type == "indtaegt", let t = r.category.flatMap(RefundType.init(parsing:)) else { return nil }
                return IncomeLine(area: r.name, refundType: t, amount: r.amount ?? .zero)
            },
            costs: rows.filter { $0.type == "udgift" }.map { CostLine(name: $0.name, amount: $0.amount ?? .zero) })
    }
}

/// A scheme's income budget for a year and the models its departments are on.
public struct IncomeBudget: Sendable, Hashable {
    public var year: Int
    public var scheme: String
    public var amount: Money
    public var referenceYear: Int
    public var models: [String: IncomeAllocation.Model]

    public static func from(rows: [BudgetRow]) -> [IncomeBudget] {
        let models = Dictionary(
            rows.filter { $0.type == "model" }.compactMap { r in r.model.flatMap(IncomeAllocation.Model.init(rawValue:)).map { (r.name, $0) } },
            uniquingKeysWith: { _, last in last })
        return rows.filter { $0.type == "budget" }.compactMap { r in
            guard let year = r.year, let amount = r.amount, let ref = r.referenceYear else { return nil }
            return IncomeBudget(year: year, scheme: r.category ?? "sde", amount: amount, referenceYear: ref, models: models)
        }
    }
}
