import Foundation
import HjemtagCore

/// The kinds of file Hjemtag imports. Scheme issues add cases.
public enum ImportKind: String, Sendable, CaseIterable, Codable {
    case postings = "posteringer"
    case households = "husstande"
    case os2bosPayments = "os2bos-betalinger"
    case benefitPayments = "ydelser"
    case subsidisedEmployment = "stoettet-beskaeftigelse"
    case yrCalculation = "yr-beregning"
    case residence = "ophold"
    case incomingClaims = "krav"
    case pensionGrants = "foertidspension"
    case initiatives = "initiativer"
    case businessCase = "businesscase"
    case incomeBudget = "indtaegtsbudget"
    case integration = "integration"
    case positiveList = "positivliste"
    case vatRegistrations = "momsregistrering"
}
