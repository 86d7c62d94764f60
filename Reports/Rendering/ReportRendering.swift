import Foundation
import SiangCore

/// The one place a ``ReportDocument`` becomes a file: JSON, CSV, XLSX or printable HTML, named the same way for
/// the CLI (`siang report … --format`) and the staff pages, so both hand out identical bytes for one document.
///
/// Rendering only reads the document and the labels: it computes no figure (every number shown is the
/// document's, rounded once by ``ReportNumber``) and reads no clock (the generation time is the document's).
public enum ReportRendering {
    public static func render(_ doc: ReportDocument, as format: ReportFormat, labels: ReportLabels, language: Language = .th,
                              html options: ReportHTML.Options = .init()) throws(ReportRenderingError) -> Data {
        switch format {
        case .csv: return ReportCSV.render(doc, labels: labels)
        case .xlsx: return try ReportXLSX.render(doc, labels: labels, language: language)
        case .html: return Data(ReportHTML.render(doc, labels: labels, language: language, options: options).utf8)
        case .json: return Data(ReportJSON.encode(doc).utf8)
        }
    }
}
