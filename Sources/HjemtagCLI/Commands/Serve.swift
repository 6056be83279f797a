import ArgumentParser
import Foundation
import HjemtagSchemes
import HjemtagStore
import HjemtagWeb
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Starter webapplikationen.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Port.") var port = 8080
    @Option(help: "Adresse at lytte på (standard kun denne maskine).") var host = "127.0.0.1"
    @Flag(help: "Serveren står bag TLS: sessionscookies får Secure.") var tls = false
    @Option(help: "Indbakken robotten tager filer fra hver nat (se: hjemtag robot koer --help).") var indbakke: String?
    @Option(help: "Hvornår robotten kører, lokal tid (TT:MM).") var robotTid = "02:00"
    @OptionGroup var mail: DigestOptions

    func run() async throws {
        let store = try await global.openMigratedStore()
        var logger = Logger(label: "hjemtag.web")
        logger.logLevel = .info
        let app = try await buildApplication(
            store: store,
            configuration: WebConfiguration(host: host, port: port, secureCookies: tls, inbox: indbakke.map { URL(fileURLWithPath: $0) }),
            logger: logger)
        say("Hjemtag kører på http://\(host):\(port) (database: \(store.backendName)). Stop med Ctrl-C.")
        // The embedded default: one process serves the web and runs the robot every night.
        var robot: Task<Void, Never>?
        if let indbakke {
            guard let schedule = RobotSchedule(robotTid) else {
                throw UserFacingError(message: "--robot-tid skal være TT:MM, fx 02:00 (ikke '\(robotTid)')")
            }
            let inbox = URL(fileURLWithPath: indbakke)
            say("Robotten kører hver nat kl. \(robotTid) på \(inbox.path).")
            let log = logger
            robot = Task {
                await schedule.loop(
                    pass: {
                        let report = try await RobotService(store: store).run(
                            inbox: inbox, today: .today, by: "robot", after: mail.hook(store: store, today: .today))
                        log.info("robotten: \(report.filer.count) filer, \(report.ordninger.filter { $0.status == "fejl" }.count) ordninger med fejl")
                        await Self.readWorklist(store)
                    },
                    failed: { log.error("robotten kunne ikke køre: \($0)") })
            }
        }
        let firstRead = Task(priority: .background) { await Self.readWorklist(store) }
        try await app.runService()
        firstRead.cancel()
        robot?.cancel()
        try? await store.close()
    }

    /// Reads the worklist once, as its first view would: after a start or the night's pass, what
    /// it is made from (every claim and its lines, decoded and valued; the findings) is read anew,
    /// 0,3 s at Copenhagen's size, and fifty users' first views waited for it at once (the first
    /// two seconds of load had p99 316 ms; issue 22 § 4, docs/PERFORMANCE.md). A failure is the
    /// page's to show, so it is not reported here.
    static func readWorklist(_ store: any Store) async {
        _ = try? await store.oneView { try await WorklistService(store: store).worklist(today: .today) }
    }
}
