import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import HummingbirdBcrypt

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Danner en syntetisk kommune, importerer dens filer, kører alle analyser og viser et resumé.",
        discussion: "Filerne skrives i de rigtige formater under --katalog. Samme --seed giver de samme filer. CPR-numrene er fiktive.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Frø for den syntetiske kommune.") var seed: UInt64 = 1
    @Option(help: "Antal indbyggere (standard som Lejre Kommune).") var indbyggere = 28_000
    @Option(help: "Kommunekode for den syntetiske kommune.") var kommune = "350"
    @Option(help: "Katalog til de dannede kildefiler.") var katalog = "demo-data"

    func run() async throws {
        guard let k = Kommune.lookup(kommune) else { throw UserFacingError(message: "'\(kommune)' er ikke en kommunekode") }
        let years = [2021, 2022]
        let dir = URL(fileURLWithPath: katalog, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

        var town = DemoMunicipality(seed: seed, inhabitants: indbyggere, kommune: k, years: years)
        let postingsFile = dir.appendingPathComponent("posteringer.csv")
        try town.postingsCSV(parameters: try ParameterSet.bundled()).write(to: postingsFile, atomically: true, encoding: .utf8)
        let vatFiles: [(ImportKind, URL, String)] = [
            (.positiveList, dir.appendingPathComponent("positivliste.csv"), town.positiveListCSV()),
            (.vatRegistrations, dir.appendingPathComponent("momsregistrering.csv"), town.vatRegistrationsCSV()),
            (.postings, dir.appendingPathComponent("posteringer-momskodet.csv"), town.vatCodedPostingsCSV()),
        ]
        for (_, url, text) in vatFiles { try text.write(to: url, atomically: true, encoding: .utf8) }
        let householdsFile = dir.appendingPathComponent("husstande.csv")
        try town.householdsCSV().write(to: householdsFile, atomically: true, encoding: .utf8)
        var employment = DemoStaircase(seed: seed, kommune: k, inhabitants: indbyggere, year: years.last!)
        let benefitsFile = dir.appendingPathComponent("ydelser.csv")
        try employment.paymentsCSV().write(to: benefitsFile, atomically: true, encoding: .utf8)
        let subsidisedFile = dir.appendingPathComponent("stoettet-beskaeftigelse.csv")
        try employment.subsidisedCSV().write(to: subsidisedFile, atomically: true, encoding: .utf8)
        let yrFile = dir.appendingPathComponent(employment.yrFileName)
        try employment.yrCSV(parameters: try ParameterSet.bundled()).write(to: yrFile, atomically: true, encoding: .utf8)
        let moves = DemoIntermunicipal(seed: seed, kommune: k, inhabitants: indbyggere)
        let residenceFile = dir.appendingPathComponent("ophold.csv")
        try moves.residenceCSV().write(to: residenceFile, atomically: true, encoding: .utf8)
        let movePostingsFile = dir.appendingPathComponent("posteringer-forsoergelse.csv")
        try moves.postingsCSV().write(to: movePostingsFile, atomically: true, encoding: .utf8)
        let claimsFile = dir.appendingPathComponent("krav.csv")
        try moves.claimsCSV().write(to: claimsFile, atomically: true, encoding: .utf8)
        let integration = DemoResultGrant(seed: seed, inhabitants: indbyggere)
        let integrationFile = dir.appendingPathComponent("integration.csv")
        try integration.integrationCSV().write(to: integrationFile, atomically: true, encoding: .utf8)
        let grantPostingsFile = dir.appendingPathComponent("posteringer-resultattilskud.csv")
        try integration.postingsCSV().write(to: grantPostingsFile, atomically: true, encoding: .utf8)
        // The user's own budget tables (seeds 000 and 004) and an SDE income budget for 2022 split by 2021.
        var budgetFiles: [(ImportKind, URL)] = []
        if let seeds = Bundle.module.url(forResource: "budget", withExtension: nil) {
            for (kind, name) in [(ImportKind.initiatives, "initiativer-seed004.csv"), (ImportKind.businessCase, "businesscase-seed000.csv")] {
                let target = dir.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: seeds.appendingPathComponent(name), to: target)
                budgetFiles.append((kind, target))
            }
        }
        let incomeBudgetFile = dir.appendingPathComponent("indtaegtsbudget.csv")
        try DemoMunicipality.incomeBudgetCSV.write(to: incomeBudgetFile, atomically: true, encoding: .utf8)
        budgetFiles.append((.incomeBudget, incomeBudgetFile))
        say(
            "Syntetisk kommune: \(k.name) (\(k.codeText)), \(DanishFormat.integer(indbyggere)) indbyggere, år \(years.map(String.init).joined(separator: "-")), frø \(seed)."
        )
        say("Kildefiler skrevet i \(dir.path)/")

        try await withStore(global, migrated: true) { store in
            if try await store.ownMunicipality() == nil { try await store.setSetting("kommune", k.codeText) }
            if try await store.setting(SDEService.incomeFunctionsSetting) == nil {
                try await store.setSetting(SDEService.incomeFunctionsSetting, DemoMunicipality.sdeIncomeFunction)
            }
            for (kind, file) in [
                (ImportKind.postings, postingsFile), (ImportKind.households, householdsFile), (ImportKind.benefitPayments, benefitsFile),
                (ImportKind.subsidisedEmployment, subsidisedFile), (ImportKind.yrCalculation, yrFile),
                (ImportKind.postings, movePostingsFile), (ImportKind.residence, residenceFile), (ImportKind.incomingClaims, claimsFile),
                (ImportKind.integration, integrationFile), (ImportKind.postings, grantPostingsFile),
            ] + vatFiles.map { ($0.0, $0.1) } + budgetFiles {
                do {
                    let outcome = try await ImportRunner().run(kind: kind, file: file, importedBy: cliUser, into: store)
                    say("Importeret \(file.lastPathComponent): \(DanishFormat.count(outcome.summary.rowCount, "række", "rækker")).")
                } catch ImportError.alreadyImported(let name, let id, _) {
                    say("\(name) er allerede importeret (import nr. \(id)); bruger den.")
                }
            }
            let password = Password.random()
            if try await store.user(named: "demo") == nil {
                _ = try await store.createUser(
                    username: "demo", passwordHash: Bcrypt.hash(password, cost: Password.hashCost), role: .administrator, departments: [])
                say("Demobruger: demo / \(password)  (rolle administrator; start webben med: hjemtag serve)")
            } else {
                say("Demobrugeren 'demo' findes allerede.")
            }
            try await DemoSummary.print(store: store, years: years, scenario: dir.appendingPathComponent("scenarie-seed004.csv"))
        }
    }
}

/// The Danish summary after a demo run: what was loaded and, per scheme, what it found.
enum DemoSummary {
    static func print(store: any Store, years: [Int], scenario: URL) async throws {
        let count = try await store.postingCount()
        let stats = PostingStats()
        try await store.forEachPosting { stats.add($0) }
        say("")
        say("Resumé")
        say(
            "  Posteringer: \(DanishFormat.integer(count)); heraf på CPR: \(DanishFormat.integer(stats.onPerson)) for \(DanishFormat.integer(stats.persons)) borgere"
        )
        say("  Nettoudgift på CPR efter serviceloven: \(stats.selNet.danishKroner)")
        say(
            "  Posteringer efter serviceloven uden CPR (kan ikke hjemtages som bogført): \(DanishFormat.integer(stats.selWithoutCPR)) (\(stats.selWithoutCPRAmount.danishKroner))"
        )
        for year in years {
            let (run, subjects, findings) = try await SDEService(store: store).run(year: year, by: cliUser)
            if year == years.first, try await store.scenarioCases().isEmpty,
                try await DemoScenario.write(store: store, subjects: subjects, year: year, to: scenario) > 0
            {
                _ = try await ImportRunner().run(kind: .scenarioCases, file: scenario, importedBy: cliUser, into: store)
            }
            let claim = findings.filter { $0.direction == .claim }.reduce(Money.zero) { $0 + $1.amount }
            let payBack = findings.filter { $0.direction == .payBack }.reduce(Money.zero) { $0 + $1.amount }
            say(
                "  SDE \(year): beregnet refusion \(run.totalRefund.danishKroner) for \(subjects.filter { $0.refund != .zero }.count) emner; "
                    + "mistet refusion \(claim.danishKroner), for meget hjemtaget \(payBack.danishKroner); \(findings.count) fund")
        }
        let last = years.last!
        let staircase = StaircaseService(store: store)
        let (result, lines, _) = try await staircase.reconcile(from: Day(year: last, month: 1, day: 1)!, to: Day(year: last, month: 12, day: 31)!)
        let stairFindings = try await staircase.storeFindings(lines, year: last, by: cliUser)
        let differing = lines.filter { $0.status != .agree }
        let favour = differing.filter { !$0.atStake.isNegative }.reduce(Money.zero) { $0 + $1.atStake }
        let against = differing.filter { $0.atStake.isNegative }.reduce(Money.zero) { $0 + $1.atStake }
        say(
            "  Beskæftigelse \(last): refusion \(result.totalRefund.danishKroner), medfinansiering \(result.totalCoFinancing.danishKroner); "
                + "afstemning med YR: \(differing.count) af \(lines.count) uger afviger, \(favour.danishKroner) til kommunens fordel og \(against.magnitude.danishKroner) imod; \(stairFindings.count) fund"
        )
        let moves = try await IntermunicipalService(store: store).run(by: cliUser)
        let ours = moves.outgoing.reduce(Money.zero) { $0 + $1.amount }
        let claimed = moves.incoming.reduce(Money.zero) { $0 + $1.claim.amount }
        let accepted = moves.incoming.reduce(Money.zero) { $0 + $1.verdict.acceptedAmount }
        let expired = ClaimRules.timely(moves.outgoing.flatMap(\.lines), on: moves.today).expired.reduce(Money.zero) { $0 + $1.amount }
        say(
            "  Mellemkommunal: \(moves.persons.filter(\.hasPayer).count) borgere med en anden betaler; vores krav \(ours.danishKroner) "
                + "(heraf \(expired.danishKroner) for hjælp, hvis treårsfrist er overskredet); modtagne krav \(claimed.danishKroner), heraf godkendes \(accepted.danishKroner)"
        )
        let grants = try await ResultGrantService(store: store).run(by: cliUser)
        let assessed = grants.flatMap(\.assessments)
        say(
            "  Resultattilskud: \(grants.count) personer; optjent \(grants.reduce(Money.zero) { $0 + $1.earned }.danishKroner), heraf ikke hjemtaget "
                + "\(grants.reduce(Money.zero) { $0 + $1.unclaimed }.danishKroner); \(assessed.filter { $0.outcome == .pending }.count) optjenes, hvis forløbet fortsætter"
        )
        // The caseworkers' work so far: the ten largest missed SDE refunds of the last year have been claimed.
        for f in try await store.findings(scheme: .sde, year: last, includeInactive: false).filter({ $0.finding.direction == .claim }).prefix(10)
        where f.status == .new {
            try await store.setFindingStatus(id: f.id, status: .recovered, note: "demo: hjemtaget", by: cliUser)
        }
        let budget = BudgetService(store: store)
        let plan = try await budget.reductionPlan()
        say(
            "  Reduktionsmål: netto-udestående "
                + plan.years.map { "\($0): \(BudgetCommand.thousands(plan.netOutstanding($0)))" }.joined(separator: ", ") + " (1.000 kr.)")
        let valued = try await budget.valuation(of: plan).values
        for (name, byYear) in valued.sorted(by: { $0.key < $1.key }) {
            say(
                "  \(name) på sagerne (scenarie-seed004.csv): "
                    + byYear.sorted { $0.key < $1.key }.map {
                        "\($0.key) brutto \($0.value.grossCost.danishKroner), netto \($0.value.net.danishKroner)"
                    }
                    .joined(separator: "; "))
        }
        let (bc, _, realised) = try await budget.businessCase(year: nil)
        say(
            "  Businesscase: forventet \(bc.expectedIncome.magnitude.danishKroner) om året for \(bc.totalCosts.danishKroner); realiseret indtil nu \(realised.danishKroner)"
        )
        let allocation = try await budget.allocation(year: last)
        say(
            "  Indtægtsbudget SDE \(last): \(allocation.budget.danishKroner), faktisk \(allocation.actual.danishKroner); til kassen \(allocation.centralEffect.danishKroner), til fagområderne \(allocation.departmentEffect.danishKroner)"
        )
        if try await store.setting(VATService.vatLiableSetting) == nil { try await store.setSetting(VATService.vatLiableSetting, "1.32.40") }
        let vat = try await VATService(store: store).run(by: cliUser)
        let vatSum = { (d: Finding.Direction) in vat.filter { $0.direction == d }.reduce(Money.zero) { $0 + $1.amount } }
        say(
            "  Momsrefusion: \(vat.count) fund; kan hjemtages \(vatSum(.claim).danishKroner), skal betales tilbage \(vatSum(.payBack).danishKroner) (positivlistens satser er demo-satser på 5 %)"
        )
    }
}

/// Counts for the demo summary, filled while streaming postings.
final class PostingStats: @unchecked Sendable {
    private let lock = NSLock()
    private var personSet = Set<String>()
    private(set) var onPerson = 0
    private(set) var selNet = Money.zero
    private(set) var selWithoutCPR = 0
    private(set) var selWithoutCPRAmount = Money.zero
    var persons: Int { personSet.count }

    func add(_ p: Posting) {
        lock.lock()
        defer { lock.unlock() }
        let sel = p.paragraph?.hasPrefix("SEL-") == true || p.paragraph?.hasPrefix("BL-") == true
        if let cpr = p.cpr {
            onPerson += 1
            personSet.insert(cpr.digits)
            if sel { selNet = selNet + p.amount }
        } else if sel {
            selWithoutCPR += 1
            selWithoutCPRAmount = selWithoutCPRAmount + p.amount
        }
    }
}
