import Foundation

/// The 98 Danish municipalities with their official 3-digit codes (shared/reference/kommuner.csv).
/// Code 411 (Christiansø) is not a municipality and is not listed.
public struct Kommune: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: Int
    public let name: String
    public let region: String

    public var codeText: String { zeroPad(code, 3) }
    public var description: String { "\(name) (\(codeText))" }

    /// Looks up `"350"`, `"0350"`, `350`.
    public static func byCode(_ code: Int) -> Kommune? { byCodeTable[code] }
    public static func byCode(_ text: String) -> Kommune? {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return byCode(n)
    }

    /// Looks up by name, case- and accent-insensitively, with or without the genitive s
    /// (OS2bos writes `Nordfyn` for Nordfyns and `Vesthimmerland` for Vesthimmerlands),
    /// and with `Kommune` after the name.
    public static func byName(_ name: String) -> Kommune? {
        var key = ColumnName.normalise(name)
        if key.hasSuffix("_kommune") { key = String(key.dropLast(8)) }
        if let k = byNameTable[key] { return k }
        return byNameTable[key + "s"]
    }

    /// A code or a name.
    public static func lookup(_ text: String) -> Kommune? {
        byCode(text) ?? byName(text)
    }

    public static let all: [Kommune] = [
        Kommune(code: 101, name: "København", region: "Hovedstaden"),
        Kommune(code: 147, name: "Frederiksberg", region: "Hovedstaden"),
        Kommune(code: 151, name: "Ballerup", region: "Hovedstaden"),
        Kommune(code: 153, name: "Brøndby", region: "Hovedstaden"),
        Kommune(code: 155, name: "Dragør", region: "Hovedstaden"),
        Kommune(code: 157, name: "Gentofte", region: "Hovedstaden"),
        Kommune(code: 159, name: "Gladsaxe", region: "Hovedstaden"),
        Kommune(code: 161, name: "Glostrup", region: "Hovedstaden"),
        Kommune(code: 163, name: "Herlev", region: "Hovedstaden"),
        Kommune(code: 165, name: "Albertslund", region: "Hovedstaden"),
        Kommune(code: 167, name: "Hvidovre", region: "Hovedstaden"),
        Kommune(code: 169, name: "Høje-Taastrup", region: "Hovedstaden"),
        Kommune(code: 173, name: "Lyngby-Taarbæk", region: "Hovedstaden"),
        Kommune(code: 175, name: "Rødovre", region: "Hovedstaden"),
        Kommune(code: 183, name: "Ishøj", region: "Hovedstaden"),
        Kommune(code: 185, name: "Tårnby", region: "Hovedstaden"),
        Kommune(code: 187, name: "Vallensbæk", region: "Hovedstaden"),
        Kommune(code: 190, name: "Furesø", region: "Hovedstaden"),
        Kommune(code: 201, name: "Allerød", region: "Hovedstaden"),
        Kommune(code: 210, name: "Fredensborg", region: "Hovedstaden"),
        Kommune(code: 217, name: "Helsingør", region: "Hovedstaden"),
        Kommune(code: 219, name: "Hillerød", region: "Hovedstaden"),
        Kommune(code: 223, name: "Hørsholm", region: "Hovedstaden"),
        Kommune(code: 230, name: "Rudersdal", region: "Hovedstaden"),
        Kommune(code: 240, name: "Egedal", region: "Hovedstaden"),
        Kommune(code: 250, name: "Frederikssund", region: "Hovedstaden"),
        Kommune(code: 253, name: "Greve", region: "Sjælland"),
        Kommune(code: 259, name: "Køge", region: "Sjælland"),
        Kommune(code: 260, name: "Halsnæs", region: "Hovedstaden"),
        Kommune(code: 265, name: "Roskilde", region: "Sjælland"),
        Kommune(code: 269, name: "Solrød", region: "Sjælland"),
        Kommune(code: 270, name: "Gribskov", region: "Hovedstaden"),
        Kommune(code: 306, name: "Odsherred", region: "Sjælland"),
        Kommune(code: 316, name: "Holbæk", region: "Sjælland"),
        Kommune(code: 320, name: "Faxe", region: "Sjælland"),
        Kommune(code: 326, name: "Kalundborg", region: "Sjælland"),
        Kommune(code: 329, name: "Ringsted", region: "Sjælland"),
        Kommune(code: 330, name: "Slagelse", region: "Sjælland"),
        Kommune(code: 336, name: "Stevns", region: "Sjælland"),
        Kommune(code: 340, name: "Sorø", region: "Sjælland"),
        Kommune(code: 350, name: "Lejre", region: "Sjælland"),
        Kommune(code: 360, name: "Lolland", region: "Sjælland"),
        Kommune(code: 370, name: "Næstved", region: "Sjælland"),
        Kommune(code: 376, name: "Guldborgsund", region: "Sjælland"),
        Kommune(code: 390, name: "Vordingborg", region: "Sjælland"),
        Kommune(code: 400, name: "Bornholm", region: "Hovedstaden"),
        Kommune(code: 410, name: "Middelfart", region: "Syddanmark"),
        Kommune(code: 420, name: "Assens", region: "Syddanmark"),
        Kommune(code: 430, name: "Faaborg-Midtfyn", region: "Syddanmark"),
        Kommune(code: 440, name: "Kerteminde", region: "Syddanmark"),
        Kommune(code: 450, name: "Nyborg", region: "Syddanmark"),
        Kommune(code: 461, name: "Odense", region: "Syddanmark"),
        Kommune(code: 479, name: "Svendborg", region: "Syddanmark"),
        Kommune(code: 480, name: "Nordfyns", region: "Syddanmark"),
        Kommune(code: 482, name: "Langeland", region: "Syddanmark"),
        Kommune(code: 492, name: "Ærø", region: "Syddanmark"),
        Kommune(code: 510, name: "Haderslev", region: "Syddanmark"),
        Kommune(code: 530, name: "Billund", region: "Syddanmark"),
        Kommune(code: 540, name: "Sønderborg", region: "Syddanmark"),
        Kommune(code: 550, name: "Tønder", region: "Syddanmark"),
        Kommune(code: 561, name: "Esbjerg", region: "Syddanmark"),
        Kommune(code: 563, name: "Fanø", region: "Syddanmark"),
        Kommune(code: 573, name: "Varde", region: "Syddanmark"),
        Kommune(code: 575, name: "Vejen", region: "Syddanmark"),
        Kommune(code: 580, name: "Aabenraa", region: "Syddanmark"),
        Kommune(code: 607, name: "Fredericia", region: "Syddanmark"),
        Kommune(code: 615, name: "Horsens", region: "Midtjylland"),
        Kommune(code: 621, name: "Kolding", region: "Syddanmark"),
        Kommune(code: 630, name: "Vejle", region: "Syddanmark"),
        Kommune(code: 657, name: "Herning", region: "Midtjylland"),
        Kommune(code: 661, name: "Holstebro", region: "Midtjylland"),
        Kommune(code: 665, name: "Lemvig", region: "Midtjylland"),
        Kommune(code: 671, name: "Struer", region: "Midtjylland"),
        Kommune(code: 706, name: "Syddjurs", region: "Midtjylland"),
        Kommune(code: 707, name: "Norddjurs", region: "Midtjylland"),
        Kommune(code: 710, name: "Favrskov", region: "Midtjylland"),
        Kommune(code: 727, name: "Odder", region: "Midtjylland"),
        Kommune(code: 730, name: "Randers", region: "Midtjylland"),
        Kommune(code: 740, name: "Silkeborg", region: "Midtjylland"),
        Kommune(code: 741, name: "Samsø", region: "Midtjylland"),
        Kommune(code: 746, name: "Skanderborg", region: "Midtjylland"),
        Kommune(code: 751, name: "Aarhus", region: "Midtjylland"),
        Kommune(code: 756, name: "Ikast-Brande", region: "Midtjylland"),
        Kommune(code: 760, name: "Ringkøbing-Skjern", region: "Midtjylland"),
        Kommune(code: 766, name: "Hedensted", region: "Midtjylland"),
        Kommune(code: 773, name: "Morsø", region: "Nordjylland"),
        Kommune(code: 779, name: "Skive", region: "Midtjylland"),
        Kommune(code: 787, name: "Thisted", region: "Nordjylland"),
        Kommune(code: 791, name: "Viborg", region: "Midtjylland"),
        Kommune(code: 810, name: "Brønderslev", region: "Nordjylland"),
        Kommune(code: 813, name: "Frederikshavn", region: "Nordjylland"),
        Kommune(code: 820, name: "Vesthimmerlands", region: "Nordjylland"),
        Kommune(code: 825, name: "Læsø", region: "Nordjylland"),
        Kommune(code: 840, name: "Rebild", region: "Nordjylland"),
        Kommune(code: 846, name: "Mariagerfjord", region: "Nordjylland"),
        Kommune(code: 849, name: "Jammerbugt", region: "Nordjylland"),
        Kommune(code: 851, name: "Aalborg", region: "Nordjylland"),
        Kommune(code: 860, name: "Hjørring", region: "Nordjylland"),
    ]

    private static let byCodeTable: [Int: Kommune] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })
    private static let byNameTable: [String: Kommune] = Dictionary(uniqueKeysWithValues: all.map { (ColumnName.normalise($0.name), $0) })
}
