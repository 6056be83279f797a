import Foundation

/// Page arithmetic and links for long lists.
enum Paging {
    /// At least one page, so an empty list is page 1 of 1.
    static func count(_ items: Int, size: Int) -> Int { max(1, (items + size - 1) / size) }

    /// A link that keeps the list's filters; the values are percent-encoded.
    static func link(_ path: String, _ parameters: KeyValuePairs<String, String?>) -> String {
        let query = parameters.compactMap { key, value in
            value.map { key + "=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }
}
