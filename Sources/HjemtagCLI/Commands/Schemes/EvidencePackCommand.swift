import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

/// The auditor's evidence pack (`EvidencePack`): a year's SDE subjects, chosen or sampled.
struct EvidencePackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revisionspakke",
        abstract: "Danner revisorens dokumentation for årets SDE-opgørelse som en ZIP-fil.",
        discussion:
            "For hvert emne: posteringerne med import, fil, SHA-256 og linje, de brugte satser med kilde og kontroldato, forklaringen og resultatet; om-pakken.txt og manifest.csv med hver fils SHA-256. Vælg emner med --emne (nr. som på SDE-siden) eller en stikprøve med --stikproeve N --froe S (samme frø giver samme stikprøve). CPR-numre står kun inde i filerne. Pakken logges."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("aar"), help: "Regnskabsåret (sde).") var year: Int?
    @Option(name: .customLong("ordning"), help: "sde, trappe, mellemkommunal, resultattilskud eller moms.") var scheme = "sde"
    @Option(name: .customLong("emne"), help: "Et emnes nr. (sde); kan gentages.") var subjects: [Int] = []
    @Option(name: .customLong("krav"), help: "Et kravs nr. (mellemkommunal); kan gentages.") var claims: [Int] = []
    @Option(name: .customLong("fund"), help: "Et funds nr. (trappe, resultattilskud, moms); kan gentages.") var findingIDs: [Int] = []
    @Option(name: .customLong("stikproeve"), help: "Antal emner i en stikprøve.") var sample: Int?
    @Option(name: .customLong("froe"), help: "Stikprøvens frø (et heltal; oplys det til revisor).") var seed: UInt64 = 1
    @Option(name: .customLong("out"), help: "ZIP-filen.") var out: String

    func run() async throws {
        let ids = scheme == Scheme.intermunicipal.rawValue ? claims : scheme == Scheme.sde.rawValue ? subjects : findingIDs
        let selection: EvidencePack.Selection
        switch (ids.isEmpty, sample) {
        case (false, nil): selection = .subjects(ids)
        case (true, let n?): selection = .sample(count: n, seed: seed)
        default: throw UserFacingError(message: "angiv enten --emne NR (sde) / --krav NR (mellemkommunal), en eller flere, eller --stikproeve N")
        }
        try await withStore(global, migrated: true) { store in
            let pack: EvidencePack
            let what: String
            do {
                switch scheme {
                case Scheme.sde.rawValue:
                    guard let year else { throw UserFacingError(message: "angiv --aar ÅR for SDE") }
                    pack = try await EvidencePack.sde(
                        year: year, selection: selection, store: store, by: cliUser, programVersion: Hjemtag.version, page: "hjemtag revisionspakke")
                    what = "SDE \(year) med \(DanishFormat.count(pack.subjectCount, "emne", "emner"))"
                case Scheme.intermunicipal.rawValue:
                    pack = try await EvidencePack.intermunicipal(
                        selection: selection, store: store, by: cliUser, programVersion: Hjemtag.version, page: "hjemtag revisionspakke")
                    what = "mellemkommunal refusion med \(DanishFormat.count(pack.subjectCount, "krav", "krav"))"
                default:
                    guard let s = Scheme(rawValue: scheme), Scheme.withFindings.contains(s) else {
                        throw UserFacingError(message: "ukendt ordning '\(scheme)' (brug \(Scheme.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    guard let year else { throw UserFacingError(message: "angiv --aar ÅR") }
                    pack = try await EvidencePack.findings(
                        scheme: s, year: year, selection: selection, store: store, by: cliUser, programVersion: Hjemtag.version,
                        page: "hjemtag revisionspakke")
                    what = "\(s.title) \(year) med \(DanishFormat.count(pack.subjectCount, "fund", "fund"))"
                }
            } catch let e as EvidencePack.PackError { throw UserFacingError(message: e.description) }
            try ZipWriter.write(pack.files.map { ($0.path, $0.data) }, to: URL(fileURLWithPath: out))
            say("\(out): revisionspakke for \(what), \(pack.files.count) filer.")
        }
    }
}
