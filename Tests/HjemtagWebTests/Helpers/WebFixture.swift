import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// Keeps every log line so a test can prove no CPR number was logged.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ s: String) {
        lock.lock()
        lines.append(s)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        capture.add("\(message) \(metadata ?? [:]) \(self.metadata)")
    }
}

struct WebFixture {
    let store: SQLStore
    let dir: URL
    static let password = "korrekt-hest-batteri"

    /// Runs `body` with a fixture and always closes its store.
    static func with(_ body: (WebFixture) async throws -> Void) async throws {
        let f = try await make()
        do { try await body(f) } catch {
            try? await f.store.close()
            throw error
        }
        try await f.store.close()
    }

    static func make() async throws -> WebFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await SQLStore.open(dir.appendingPathComponent("web.sqlite").path)
        _ = try await store.migrate()
        try await store.setSetting("kommune", "350")
        _ = try await store.createUser(username: "anna", passwordHash: Bcrypt.hash(password, cost: 4), role: .okonomi, departments: [])
        let csv = "dato;beloeb;funktion;cpr;paragraf\n2022-01-15;1000,00;5.38.50;010190-1234;SEL-108\n"
        let file = dir.appendingPathComponent("posteringer-jan.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: store)
        return WebFixture(store: store, dir: dir)
    }
}

/// Cookies from `Set-Cookie` headers as a `Cookie` request header.
func cookieHeader(_ response: TestResponse, keeping existing: [String: String] = [:]) -> [String: String] {
    var jar = existing
    for field in response.headers where field.name == .setCookie {
        let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
        if pair.count == 2 { jar[String(pair[0])] = String(pair[1]) }
    }
    return jar
}

func headers(_ jar: [String: String], form: Bool = false) -> HTTPFields {
    var h = HTTPFields()
    if !jar.isEmpty { h[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
    if form { h[.contentType] = "application/x-www-form-urlencoded" }
    return h
}

func hiddenCSRF(_ html: String) -> String? {
    guard let r = html.range(of: #"name="csrf" value=""#) else { return nil }
    return String(html[r.upperBound...].prefix { $0 != "\"" })
}

func formBody(_ fields: [String: String]) -> ByteBuffer {
    ByteBuffer(
        string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
}

/// A multipart form with text fields and one file, as a browser sends an upload.
func multipartBody(_ fields: [String: String], file: (field: String, name: String, content: String)) -> (ByteBuffer, String) {
    let boundary = "hjemtag-\(UUID().uuidString)"
    var text = ""
    for (k, v) in fields.sorted(by: { $0.key < $1.key }) {
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n"
    }
    text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
    text += "Content-Type: text/csv\r\n\r\n\(file.content)\r\n--\(boundary)--\r\n"
    return (ByteBuffer(string: text), "multipart/form-data; boundary=\(boundary)")
}

/// Logs in and returns the cookie jar with the session.
func logIn(_ client: some TestClientProtocol, password: String = WebFixture.password) async throws -> (TestResponse, [String: String]) {
    let page = try await client.execute(uri: "/login", method: .get)
    let jar = cookieHeader(page)
    let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
    let response = try await client.execute(
        uri: "/login", method: .post, headers: headers(jar, form: true),
        body: formBody(["brugernavn": "anna", "adgangskode": password, "csrf": csrf]))
    return (response, cookieHeader(response, keeping: jar))
}

/// Follows a job's page (where a started import or computation redirects) until the job has
/// ended, and returns the last page. The job runs in the server; the test waits for its state,
/// never for a time (the 120 s bound only stops a test that would otherwise hang).
func jobPage(_ client: some TestClientProtocol, at path: String, _ jar: [String: String]) async throws -> String {
    let deadline = ContinuousClock.now + .seconds(120)
    while true {
        let page = String(buffer: try await client.execute(uri: path, method: .get, headers: headers(jar)).body)
        if !page.contains(#"http-equiv="refresh""#) { return page }
        guard ContinuousClock.now < deadline else {
            Issue.record("the job at \(path) did not end")
            return page
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
