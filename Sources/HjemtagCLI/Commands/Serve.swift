import ArgumentParser
import Foundation
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

    func run() async throws {
        let store = try await global.openMigratedStore()
        var logger = Logger(label: "hjemtag.web")
        logger.logLevel = .info
        let app = try await buildApplication(
            store: store, configuration: WebConfiguration(host: host, port: port, secureCookies: tls), logger: logger)
        say("Hjemtag kører på http://\(host):\(port) (database: \(store.backendName)). Stop med Ctrl-C.")
        try await app.runService()
        try? await store.close()
    }
}
