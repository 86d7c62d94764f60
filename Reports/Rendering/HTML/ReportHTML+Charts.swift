import SiangCore

extension ReportHTML {
    /// The printed report's charts alone (the fiscal year month by month, three fiscal years, both
    /// Paretos, SLA compliance by queue), as one `<section>` of `<figure>`s with SVG and no style
    /// attribute, for a page that shows the report in its own layout (the staff reports page): one
    /// chart code for the print and the screen. Empty when there is nothing to draw.
    public static func charts(_ doc: ReportDocument, labels: ReportLabels, language: Language = .th) -> String {
        ReportPage(doc: doc, labels: labels, t: ReportWording(language: language)).charts()
    }
}
