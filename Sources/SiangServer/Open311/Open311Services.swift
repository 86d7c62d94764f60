import SiangCore

/// The GeoReport v2 service list and service definitions, read from the agency's taxonomy and
/// routing (DESIGN.md 5.10): one service per category, `service_code` the category code,
/// `service_name` and `description` in Thai, `group` the Thai name of the queue the category is
/// routed to, `keywords` the category's classifier keywords; every service `realtime` (a POST
/// answers with the tracking ID at once) and `metadata` false (no attribute is required). The
/// definition still lists the optional attributes a client may send (`consent`), so a client can
/// learn them.
struct Open311Services: Sendable {
    let taxonomy: Taxonomy
    let routing: RoutingSettings

    init(configuration: SiangConfiguration) {
        taxonomy = configuration.taxonomy
        routing = configuration.routing
    }

    /// The queue a case of `category` goes to when nothing but its category is known: the first rule
    /// naming the category and nothing else; the integrity queue for restricted categories; else the
    /// triage queue.
    func queue(of category: Category) -> RoutingSettings.Queue? {
        if category.restricted { return routing.queue(routing.integrityQueue) }
        let rule = routing.rules.first {
            $0.category == category.code && $0.segment == nil && $0.channel == nil && ($0.keywords ?? []).isEmpty && $0.area == nil
        }
        return routing.queue(rule?.queue ?? routing.triageQueue)
    }

    /// The category behind a `service_code`, or 404 in the specification's words.
    func category(_ code: String) throws(Open311Error) -> Category {
        guard let category = taxonomy.category(code) else { throw .notFound("service_code \(code.prefix(60)) is not a service of this agency.") }
        return category
    }

    var list: Open311Node {
        .list(item: "service", taxonomy.categories.map { category in
            .object([
                ("service_code", .text(category.code)),
                ("service_name", .text(category.th)),
                ("description", .text(Self.description(of: category))),
                ("metadata", .bool(false)),
                ("type", .text("realtime")),
                ("keywords", .text(category.keywords.joined(separator: ","))),
                ("group", .text(queue(of: category)?.th ?? "")),
            ])
        })
    }

    static func description(of category: Category) -> String {
        "แจ้งเรื่องหมวด\(category.th) (\(category.en))"
    }

    /// The attributes a POST may carry, for every service alike.
    func definition(_ category: Category) -> Open311Node {
        .object([
            ("service_code", .text(category.code)),
            ("attributes", .list(item: "attribute", [
                .object([
                    ("variable", .bool(true)),
                    ("code", .text(Open311Attributes.consent)),
                    ("datatype", .text("singlevaluelist")),
                    ("required", .bool(false)),
                    ("datatype_description", .text("true ยินยอม / false ไม่ยินยอม")),
                    ("order", .integer(1)),
                    ("description", .text(
                        "ยินยอมให้หน่วยงานเก็บชื่อ อีเมล และหมายเลขโทรศัพท์ของผู้แจ้งไว้เพื่อติดต่อกลับเกี่ยวกับเรื่องนี้ตาม พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล "
                            + "หากไม่ยินยอม ระบบจะไม่เก็บข้อมูลติดต่อ")),
                    ("values", .list(item: "value", [
                        .object([("key", .text("true")), ("name", .text("ยินยอม"))]),
                        .object([("key", .text("false")), ("name", .text("ไม่ยินยอม"))]),
                    ])),
                ]),
            ])),
        ])
    }
}

/// The `attribute[…]` codes Siang reads from a POST.
enum Open311Attributes {
    /// PDPA consent to keep the contact fields (`email`, `first_name`, `last_name`, `phone`).
    static let consent = "consent"
}
