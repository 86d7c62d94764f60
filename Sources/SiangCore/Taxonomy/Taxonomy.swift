/// The agency's complaint categories: an open set kept in configuration, validated once at start.
public struct Taxonomy: Codable, Sendable {
    public var categories: [Category]

    public init(categories: [Category]) { self.categories = categories }

    /// The category with `code`, if the agency uses it.
    public func category(_ code: String) -> Category? { categories.first { $0.code == code } }

    public func contains(_ code: String) -> Bool { category(code) != nil }

    /// The catch-all category for texts nothing else fits.
    public static let fallbackCode = "other"

    func validate() throws(ConfigurationError) {
        var seen = Set<String>()
        for c in categories {
            guard !c.code.isEmpty, c.code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "_" || $0.isNumber) }) else {
                throw .invalid(key: "taxonomy.categories", reason: "category code \"\(c.code)\" must be lower-case letters, digits and _")
            }
            guard seen.insert(c.code).inserted else {
                throw .invalid(key: "taxonomy.categories", reason: "category \"\(c.code)\" is listed twice")
            }
        }
        guard seen.contains(Self.fallbackCode) else {
            throw .invalid(key: "taxonomy.categories", reason: "the category \"other\" is required")
        }
    }
}

/// One complaint category with its Thai and English names.
public struct Category: Codable, Sendable, Hashable {
    public var code: String
    public var th: String
    public var en: String
    /// Restricted categories (corruption) are visible to the integrity role only.
    public var restricted: Bool
    /// Words that strongly suggest this category, used by the classifier's rules.
    public var keywords: [String]

    public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }

    public init(code: String, th: String, en: String, restricted: Bool = false, keywords: [String] = []) {
        self.code = code
        self.th = th
        self.en = en
        self.restricted = restricted
        self.keywords = keywords
    }

    enum CodingKeys: String, CodingKey { case code, th, en, restricted, keywords }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        th = try c.decode(String.self, forKey: .th)
        en = try c.decode(String.self, forKey: .en)
        restricted = try c.decodeIfPresent(Bool.self, forKey: .restricted) ?? false
        keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
    }
}
