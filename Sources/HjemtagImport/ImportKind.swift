import Foundation
import HjemtagCore

/// The kinds of file Hjemtag imports. Scheme issues add cases.
public enum ImportKind: String, Sendable, CaseIterable, Codable {
    case postings = "posteringer"
    case households = "husstande"
    case os2bosPayments = "os2bos-betalinger"
    /// OS2bos's expected payments: the forecast's input, never costs.
    case os2bosForecast = "os2bos-prognose"
    /// KMD Prisme G69 posting records (OS2bos's nightly export): a ledger of its own kind.
    case prisme = "prisme"
    case benefitPayments = "ydelser"
    case subsidisedEmployment = "stoettet-beskaeftigelse"
    case yrCalculation = "yr-beregning"
    /// Ydelsesrefusion's notices (`yr-ydelsesrefusion-advisering-*.csv`): their columns are not
    /// public, so the file is archived and listed as a notice, not read into rows.
    case yrNotice = "yr-advisering"
    case residence = "ophold"
    case incomingClaims = "krav"
    case pensionGrants = "foertidspension"
    case initiatives = "initiativer"
    case businessCase = "businesscase"
    case incomeBudget = "indtaegtsbudget"
    case integration = "integration"
    case positiveList = "positivliste"
    case vatRegistrations = "momsregistrering"
    /// EG Sensum's deliveries (adults' social services): citizens, cases, services, providers.
    case sensumCitizens = "sensum-borgere"
    case sensumCases = "sensum-sager"
    case sensumServices = "sensum-indsatser"
    case sensumProviders = "sensum-leverandoerer"
    /// A savings scenario's cases: the reduction plan's initiatives valued net of refund.
    case scenarioCases = "scenarie"
    /// Internal offers' tariffs, and citizens' use of them: costs on the citizen (seed 004's Takstgruppe).
    case tariffs = "takster"
    case internalUses = "interne-ydelser"

    /// Kinds whose records are the ledger's postings (money paid, or OS2bos's payments that say whose).
    public static let costKinds: Set<ImportKind> = [.postings, .os2bosPayments, .prisme]
    /// The cost kinds whose postings count as they are stored, so SDE's sums take them in as they
    /// are written (decision 0010); an OS2bos payment counts by its matches and the day.
    public static let summedAsStored: Set<ImportKind> = [.postings, .prisme]

    /// What a file of the kind is, in Danish, for the message that says a file looks like another kind.
    public var danishName: String {
        switch self {
        case .postings: return "posteringer i Hjemtags format"
        case .households: return "et husstandsudtræk"
        case .os2bosPayments: return "OS2bos' betalingsrapport"
        case .os2bosForecast: return "OS2bos' forventede betalinger (prognose)"
        case .prisme: return "KMD Prismes finansposter (G69)"
        case .benefitPayments: return "ydelsesudbetalinger"
        case .subsidisedEmployment: return "perioder i støttet beskæftigelse"
        case .yrCalculation: return "Ydelsesrefusions beregningsfil"
        case .yrNotice: return "en advisering fra Ydelsesrefusion"
        case .residence: return "en opholdsfil"
        case .incomingClaims: return "modtagne krav"
        case .pensionGrants: return "tilkendelser af førtidspension"
        case .initiatives: return "reduktionsplanens initiativer"
        case .businessCase: return "businesscasen"
        case .incomeBudget: return "indtægtsbudgettet"
        case .integration: return "integrationsforløb"
        case .positiveList: return "positivlisten"
        case .vatRegistrations: return "momsregistreringer"
        case .sensumCitizens: return "EG Sensums borgerfil"
        case .sensumCases: return "EG Sensums sagsfil"
        case .sensumServices: return "EG Sensums indsatsfil"
        case .sensumProviders: return "EG Sensums leverandørfil"
        case .scenarioCases: return "et besparelsesscenarie (sager og ændringer)"
        case .tariffs: return "takster for interne tilbud"
        case .internalUses: return "borgeres brug af interne tilbud"
        }
    }

    /// Sensum's kinds, in the order a delivery is imported (`hjemtag import sensum DIR`).
    public static let sensum: [ImportKind] = [.sensumCitizens, .sensumProviders, .sensumCases, .sensumServices]

    /// A fixed-record file, not a CSV with a header.
    public var isFixedRecord: Bool { self == .prisme }
    /// Not a CSV Hjemtag reads by its columns (fixed records, or a notice only archived): no
    /// template, and never recognised by a header.
    public var hasColumns: Bool { !isFixedRecord && self != .yrNotice }
}
