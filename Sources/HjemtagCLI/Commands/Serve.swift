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
                    },
                    failed: { log.error("robotten kunne ikke køre: \($0)") })
            }
        }
        try await app.runService()
        robot?.cancel()
        try? await store.close()
    }
}
