/// Each kind's columns, read from its parser: the import page lists them and offers a template
/// with exactly these headings, so a template can never ask for a column the import does not read.
extension ImportKind {
    /// The CSV parser; nil for a kind of fixed records without a header (Prisme).
    public var parser: (any RecordParser.Type)? {
        switch self {
        case .prisme, .yrNotice: return nil
        case .postings: return PostingParser.self
        case .os2bosPayments: return OS2bosPaymentParser.self
        case .os2bosForecast: return OS2bosForecastParser.self
        case .households: return HouseholdParser.self
        case .benefitPayments: return BenefitPaymentParser.self
        case .subsidisedEmployment: return SubsidisedPeriodParser.self
        case .yrCalculation: return YRCalculationParser.self
        case .residence: return ResidenceParser.self
        case .incomingClaims: return IncomingClaimParser.self
        case .pensionGrants: return PensionGrantParser.self
        case .initiatives: return InitiativeParser.self
        case .businessCase: return BusinessCaseParser.self
        case .integration: return ResultGrantParser.self
        case .positiveList: return PositiveListParser.self
        case .vatRegistrations: return VATRegistrationParser.self
        case .incomeBudget: return IncomeBudgetParser.self
        case .sensumCitizens: return SensumCitizenParser.self
        case .sensumCases: return SensumCaseParser.self
        case .sensumServices: return SensumServiceParser.self
        case .sensumProviders: return SensumProviderParser.self
        case .scenarioCases: return ScenarioCaseParser.self
        case .tariffs: return TariffParser.self
        case .internalUses: return InternalUseParser.self
        }
    }

    public var requiredColumns: [String] { parser?.requiredColumns ?? [] }
    /// Every column the import understands.
    public var knownColumns: [String] { parser?.knownColumns ?? [] }

    /// The columns the import reads when they are there.
    public var optionalColumns: [String] {
        let required = Set(requiredColumns)
        return knownColumns.filter { !required.contains($0) }
    }

    /// A file with the headings only, `;`-separated as Danish spreadsheets write them.
    public var template: String { (requiredColumns + optionalColumns).joined(separator: ";") + "\n" }
}
