/// The business case of the refund effort (seed 000): expected extra income per appropriation
/// area and refund type, the costs of the effort, and what has been realised.
public struct BusinessCase: Sendable, Codable, Hashable {
    public struct IncomeLine: Sendable, Codable, Hashable {
        public var area: String
        public var refundType: RefundType
        /// Expected extra income a year, negative as in the seed (income reduces net expense).
        public var amount: Money
        public init(area: String, refundType: RefundType, amount: Money) {
            self.area = area
            self.refundType = refundType
            self.amount = amount
        }
    }
    public struct CostLine: Sendable, Codable, Hashable {
        public var name: String
        public var amount: Money
        public init(name: String, amount: Money) {
            self.name = name
            self.amount = amount
        }
    }

    /// The refund types of the seed, each tied to the scheme whose findings realise it.
    public enum RefundType: String, Sendable, Codable, CaseIterable {
        case sde = "Særligt dyre enkeltsager"
        case intermunicipal = "Mellemkommunal"
        case resultGrant = "Resultattilskud"
        case vat = "Momsrefusion"
        case employment = "Beskæftigelsesrefusion"

        public var scheme: Scheme {
            switch self {
            case .sde: return .sde
            case .intermunicipal: return .intermunicipal
            case .resultGrant: return .resultGrant
            case .vat: return .vat
            case .employment: return .staircase
            }
        }

        public init?(parsing raw: String) {
            let key = ColumnName.normalise(raw)
            if let t = RefundType.allCases.first(where: { ColumnName.normalise($0.rawValue) == key || $0.scheme.rawValue == key }) {
                self = t
                return
            }
            switch key {
            case "sde", "saerligt_dyre", "dyre_enkeltsager": self = .sde
            case "mellemkommunale_refusioner", "mellemkommunal_refusion": self = .intermunicipal
            case "moms", "momsrefusion": self = .vat
            default: return nil
            }
        }
    }

    public var income: [IncomeLine]
    public var costs: [CostLine]

    public init(income: [IncomeLine], costs: [CostLine]) {
        self.income = income
        self.costs = costs
    }

    public var expectedIncome: Money { income.reduce(.zero) { $0 + $1.amount } }
    public var totalCosts: Money { costs.reduce(.zero) { $0 + $1.amount } }
    /// Net effect a year: expected income (negative) plus costs (positive). Seed 000: −6.000 + 1.000 = −5.000.
    public var expectedNet: Money { expectedIncome + totalCosts }

    public func expected(_ type: RefundType) -> Money { income.filter { $0.refundType == type }.reduce(.zero) { $0 + $1.amount } }
    public var areas: [String] {
        var seen: [String] = []
        for l in income where !seen.contains(l.area) { seen.append(l.area) }
        return seen
    }

    /// Realised against expected, given the income recovered per refund type (positive amounts of
    /// findings marked "hjemtaget"). Return on the effort = realised income / costs.
    public struct Outcome: Sendable, Codable, Hashable {
        public var type: RefundType
        public var expected: Money
        public var realised: Money
    }

    public func outcomes(realised: [RefundType: Money]) -> [Outcome] {
        RefundType.allCases.compactMap { t in
            let e = expected(t)
            let r = realised[t] ?? .zero
            return e == .zero && r == .zero ? nil : Outcome(type: t, expected: e.magnitude, realised: r)
        }
    }

    /// Realised income per krone spent, as an exact ratio (nil without costs).
    public func returnOnEffort(realised: Money) -> Rational? {
        totalCosts.ore == 0 ? nil : Rational(realised.ore, totalCosts.ore)
    }
}
