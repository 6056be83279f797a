/// Every kind of finding the schemes make, by the code stored with the finding, with the scheme
/// that makes it and what it means: one list for the rules that make findings, the help page and
/// the exports. Moms findings carry their rule's code (`VATRule`, V1-V12) instead.
public enum FindingKind: String, CaseIterable, Sendable {
    case lostRefund = "mistet_refusion"
    case overClaimed = "for_meget_hjemtaget"
    case nearThreshold = "naer_graense"
    case siblingsJoined = "soeskende_samlet"
    case continuesAfter67 = "fortsaetter_efter_67"
    case withoutCPR = "uden_cpr"
    case withoutPeriod = "uden_periode"
    case paymentUnbooked = "planlagt_uden_bogfoering"
    case paymentAmbiguous = "tvetydig_betaling"
    case serviceAmbiguous = "tvetydig_indsats"
    case claimedTwice = "dobbelt_hjemtagning"
    case yrDifference = "yr_afvigelse"
    case claimOut = "krav_ud"
    case claimTimeBarred = "krav_foraeldet"
    /// Stored as `krav_ind_` and the verdict (`krav_ind_bestrides`); see `incoming(_:)`.
    case claimIn = "krav_ind"
    case referralUnknown = "visitation_ukendt"
    case grantNotClaimed = "ikke_hjemtaget"
    case grantPending = "optjenes"
    case grantWindowEnds = "vindue_udloeber"

    /// The code of a finding about an incoming claim with the given verdict.
    public static func incoming(_ verdict: String) -> String { claimIn.rawValue + "_" + verdict }

    public var scheme: Scheme {
        switch self {
        case .lostRefund, .overClaimed, .nearThreshold, .siblingsJoined, .continuesAfter67, .withoutCPR, .withoutPeriod, .paymentUnbooked,
            .paymentAmbiguous, .serviceAmbiguous,
            .claimedTwice:
            return .sde
        case .yrDifference: return .staircase
        case .claimOut, .claimTimeBarred, .claimIn, .referralUnknown: return .intermunicipal
        case .grantNotClaimed, .grantPending, .grantWindowEnds: return .resultGrant
        }
    }

    public var danishText: String {
        switch self {
        case .lostRefund: return "Beregnet refusion er større end den bogførte: forskellen kan hjemtages (BEK § 3)."
        case .overClaimed: return "Der er bogført mere refusion, end beregningen giver: forskellen skal betales tilbage."
        case .nearThreshold:
            return "Nettoudgiften er inden for 10 % under den første grænse: tjek, at alle udgifter er bogført på CPR og periodiseret."
        case .siblingsJoined:
            return
                "Børn og unge i samme husstand giver mere refusion, når udgifterne lægges sammen (serviceloven § 176, stk. 2): anmodningen skal summere dem."
        case .continuesAfter67: return "Borgeren fylder 67 og forbliver omfattet, hvis udgiften i måneden før var over 1/12 af grænsen (BEK § 6)."
        case .withoutCPR: return "Udgifter efter serviceloven eller barnets lov uden CPR-nummer kan ikke indgå; de skal bogføres på borgeren."
        case .withoutPeriod:
            return "Posteringer uden serviceperiode er fordelt over årets 12 måneder (BEK § 3, stk. 4); løbende ydelser skal periodiseres."
        case .paymentUnbooked:
            return
                "OS2bos-betalinger (fakturaer) er forfaldne, men ingen postering i bogføringen betaler dem: de medregnes ikke (eller kun som skøn)."
        case .paymentAmbiguous:
            return "En OS2bos-betaling passer på flere posteringer (eller en postering på flere betalinger): intet er matchet, en person afgør det."
        case .claimedTwice:
            return
                "Samme udgift både i vores SDE-opgørelse og i et krav efter § 9 c, eller SDE-refusion bogført på en borger, hvis udgifter vi kræver af en anden kommune (BEK § 1 stk. 3)."
        case .serviceAmbiguous:
            return
                "En postering uden CPR står på en konto, som flere borgeres Sensum-indsatser deler i måneden: den er ikke knyttet til nogen borger."
        case .yrDifference: return "Egen beregning og Ydelsesrefusion er uenige om en uge: sats, beløb eller en uge kun den ene har."
        case .claimOut: return "Krav mod en anden kommune efter retssikkerhedsloven § 9 c, inden for treårsfristen."
        case .claimTimeBarred: return "Hjælp givet for mere end tre år siden: kravet er forældet (Højesteret 18.4.2024) og tælles som tabt."
        case .claimIn: return "Et krav fra en anden kommune, som ikke kan godkendes helt: bestrides, godkendes delvist eller kan ikke efterprøves."
        case .referralUnknown:
            return "Opholdshistorikken kan ikke afgøres uden et menneske (fx hvem der visiterede): tjek sagen, før et krav rejses eller afvises."
        case .grantNotClaimed: return "Resultattilskud er optjent, men ikke fundet i regnskabet på funktion 5.46.60: det kan hjemtages."
        case .grantPending: return "Resultattilskud optjenes, hvis job eller uddannelse fortsætter de 6 måneder."
        case .grantWindowEnds: return "Femårsvinduet fra programstart slutter uden et resultat: et job eller en uddannelse skal påbegyndes før."
        }
    }
}
