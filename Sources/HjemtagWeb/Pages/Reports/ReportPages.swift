import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// The steering group's status report, as a page to print (its stylesheet served apart) or as XLSX.
struct ReportPages: Sendable {
    let store: any Store
    let today: @Sendable () -> Day

    func steering(period text: String?, format: String?) async throws -> Response {
        let text = text ?? String(today().year)
        guard let period = SteeringReport.Period(parsing: text) else {
            throw HTTPError(.badRequest, message: "Perioden »\(text)« er hverken et år (2026) eller et kvartal (2026-K2).")
        }
        let report = try await SteeringReport.make(period: period, store: store, today: today())
        if format == "xlsx" { return try Download.xlsx(SteeringReportExport.sheets(report), name: "styregruppe-\(text).xlsx") }
        let html = SteeringReportExport.html(report, style: .linked(Route.reportStylesheet.path()))
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
