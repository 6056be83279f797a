import HjemtagCore
import HjemtagImport

/// What a new user needs to know about a scheme before its numbers mean anything: what it is,
/// the files it needs and where the municipality gets them. Shown at the top of the scheme's page
/// and on the help page.
enum SchemeGuide {
    static func what(_ scheme: Scheme) -> String {
        switch scheme {
        case .sde:
            return "Staten refunderer en del af kommunens nettoudgift til den enkelte borger over to grænser pr. år "
                + "(serviceloven § 176, barnets lov § 198); Hjemtag beregner hvert emne måned for måned og sammenligner med den bogførte refusion."
        case .staircase:
            return "Refusionen af forsørgelsesydelser falder med varigheden (80/40/30/20 %); Hjemtag beregner trappen uge for uge "
                + "og afstemmer den med Ydelsesrefusions beregning, forskelle i begge retninger."
        case .intermunicipal:
            return "En anden kommune betaler, når den har medvirket til et ophold her (retssikkerhedsloven § 9 c); Hjemtag finder kravene, "
                + "vurderer krav fra andre kommuner og holder øje med treårsfristen."
        case .resultGrant:
            return "Staten giver resultattilskud, når en flygtning eller familiesammenført kommer i job eller uddannelse inden for fem år "
                + "(integrationsloven § 45); Hjemtag finder det optjente, der ikke er hjemtaget."
        case .vat:
            return "Kommunen får momsen på sine køb refunderet (lov om kommunal momsrefusion); Hjemtag gennemgår regnskabet for moms, "
                + "der ikke er hjemtaget, og refusion, der skal betales tilbage."
        case .budget:
            return "Indtægtsbudgettet for refusionerne, fordelingen på forvaltninger, a'conto og afregning, besparelsesmål og businesscase."
        }
    }

    /// The files a scheme reads, each with where it comes from.
    static func files(_ scheme: Scheme) -> [ImportKind] {
        switch scheme {
        case .sde: return [.postings, .prisme, .os2bosPayments, .os2bosForecast, .households, .tariffs, .internalUses]
        case .staircase: return [.benefitPayments, .subsidisedEmployment, .yrCalculation, .yrNotice]
        case .intermunicipal: return [.residence] + ImportKind.sensum + [.postings, .incomingClaims, .pensionGrants, .tariffs, .internalUses]
        case .resultGrant: return [.integration, .postings]
        case .vat: return [.postings, .positiveList, .vatRegistrations]
        case .budget: return [.incomeBudget, .initiatives, .scenarioCases, .businessCase]
        }
    }

    static func source(_ kind: ImportKind) -> String {
        switch kind {
        case .postings: return "udtræk af økonomisystemets posteringer (ERP), med CPR og serviceperiode hvor de findes"
        case .os2bosPayments:
            return "OS2bos' betalingsrapport (granted_payments_N.csv): hvis udgift en betaling er; fakturaer betales i økonomisystemet"
        case .os2bosForecast: return "OS2bos' forventede betalinger (expected_payments_N.csv): prognosens grundlag, aldrig en udgift"
        case .prisme: return "KMD Prismes G69-finansposter, som OS2bos' natlige eksport skriver dem (Z300 … SLUTD)"
        case .households: return "husstandsudtræk fra CPR (hvem bor sammen fra hvornår)"
        case .benefitPayments: return "ydelsessystemets udbetalinger (kontanthjælp, dagpenge, sygedagpenge …)"
        case .subsidisedEmployment: return "perioder i fleksjob, løntilskud og lignende fra jobcentrets system"
        case .yrCalculation: return "Ydelsesrefusions beregningsfil fra Serviceplatformen (yr-ydelsesrefusion-beregning-*.csv)"
        case .yrNotice: return "Ydelsesrefusions adviseringer fra Serviceplatformen (yr-ydelsesrefusion-advisering-*.csv)"
        case .sensumCitizens: return "EG Sensums borgere (Borger_*.csv): CPR og opholdskommune; navne, adresser og diagnoser læses ikke"
        case .sensumCases: return "EG Sensums sager (Sager_*.csv): handlekommune, betalingskommune og datoer"
        case .sensumServices: return "EG Sensums indsatser (Indsatser_*.csv): paragraf, periode, leverandør og konti"
        case .sensumProviders: return "EG Sensums leverandører (Leverandør_*.csv): CVR og om tilbuddet er kommunens eget"
        case .residence: return "opholdshistorik fra fagsystemet (boform, tilbud, hvem der visiterede)"
        case .incomingClaims: return "krav om mellemkommunal refusion modtaget fra andre kommuner"
        case .pensionGrants: return "tilkendelser af førtidspension (dato og tilkendende kommune)"
        case .initiatives: return "reduktionsplanens initiativer og mål (fra økonomiafdelingen)"
        case .tariffs: return "takster for kommunens egne tilbud med det beslutnings- eller beregningsgrundlag, de hviler på (fra takstgruppen)"
        case .internalUses: return "borgernes brug af kommunens egne tilbud, pr. periode (og timer, hvor taksten er pr. time)"
        case .scenarioCases: return "de sager et initiativ ændrer, og hvordan (fra myndighedsafdelingens sagsgennemgang)"
        case .businessCase: return "projektets businesscase: forventet og realiseret"
        case .incomeBudget: return "indtægtsbudgettet for refusionerne og fordelingsmodellen"
        case .integration: return "integrationsprogrammer og hændelser (job, uddannelse) fra integrationssystemet"
        case .positiveList: return "Indenrigs- og Boligministeriets positivliste for året"
        case .vatRegistrations: return "leverandørernes momsregistrering fra CVR, med driftsoverenskomster"
        }
    }
}
