import Foundation
import HjemtagCore
import HjemtagImport
import Hummingbird

/// What the JSON API answers with; field names are the API's, kept stable for clients.
enum APIModels {
    struct Parameter: Codable, ResponseEncodable {
        var id: String, title: String, unit: String
        var values: [DatedValue]
    }

    struct Status: Codable, ResponseEncodable {
        var kommune: String?
        var backend: String
        var imports: Int
        var postings: Int
    }

    /// A finding as the API lists it: CPR numbers masked, as in the page's list.
    struct Finding: Codable, ResponseEncodable {
        var id: Int, scheme: String, year: Int, kind: String, persons: [String]
        var amount: String, direction: String, status: String, text: String
    }

    /// An audit-log line with the CPR number masked; the full number is only in the auditor's CSV.
    struct Audit: Codable, ResponseEncodable {
        var at: String, user: String, action: String, person: String?, page: String?, purpose: String?
    }
}

extension ImportSummary: ResponseEncodable {}
