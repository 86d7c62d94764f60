/// The order breakdown dimensions are shown in: the case dimensions of DESIGN 5.7, then the survey
/// ones, then anything else a later catalog adds, alphabetically, so every format lists them alike.
enum ReportDimensions {
    static let preferred = ["kind", "channel", "category", "segment", "queue", "servicePoint", "source"]

    static func ordered<S: Sequence>(_ dimensions: S) -> [String] where S.Element == String {
        dimensions.sorted { a, b in
            let ia = preferred.firstIndex(of: a) ?? preferred.count, ib = preferred.firstIndex(of: b) ?? preferred.count
            return ia != ib ? ia < ib : a < b
        }
    }
}
