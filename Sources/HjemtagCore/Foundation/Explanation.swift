/// How a computed amount came about, in Danish: a tree of steps, each with its text, the
/// amount it arrives at, and the parameters (with their legal source) it used.
public struct Explanation: Sendable, Codable, Hashable {
    public var text: String
    public var amount: Money?
    public var parameters: [ParameterReference]
    public var steps: [Explanation]

    public init(_ text: String, amount: Money? = nil, parameters: [ParameterReference] = [], steps: [Explanation] = []) {
        self.text = text
        self.amount = amount
        self.parameters = parameters
        self.steps = steps
    }

    public mutating func add(_ step: Explanation) { steps.append(step) }

    /// Indented plain text for the terminal (`hjemtag explain`).
    public func rendered(indent: Int = 0) -> String {
        let prefix = String(repeating: "  ", count: indent)
        var line = prefix + (indent == 0 ? "" : "- ") + text
        if let amount { line += ": " + amount.danishKroner }
        var out = [line]
        for p in parameters { out.append(prefix + "    parameter: " + p.danishText) }
        for s in steps { out.append(s.rendered(indent: indent + 1)) }
        return out.joined(separator: "\n")
    }
}
