import Foundation

/// Walks the MIME tree of a message: picks the readable body and collects the attachments.
///
/// Body choice: in `multipart/alternative` the first part with non-blank text/plain wins, else the
/// first with HTML; in every other multipart (mixed, related, report, signed, unknown) the body
/// parts are read in order and joined with a blank line. A text/plain or text/html leaf is body
/// text unless it is `Content-Disposition: attachment` or has a file name; every other leaf
/// (images, PDFs, calendars, forwarded messages, ...) is an attachment, attachments inside an
/// alternative that was not chosen included, so no file the citizen sent is lost.
struct MessageBody {
    /// Multipart nesting deeper than this is kept as an attachment instead of being opened.
    static let maxDepth = 20

    var diagnostics: Diagnostics
    var attachments: [EmailAttachment] = []

    /// Body text found in the tree, not yet decoded: decoding waits until the choice is made.
    struct Segment {
        var isHTML: Bool
        var bytes: ArraySlice<UInt8>
        var charset: ArraySlice<UInt8>?
        var flowed = false
        var delSp = false
        var path: PartPath
    }

    init(diagnostics: Diagnostics) {
        self.diagnostics = diagnostics
    }

    /// The body segments of the entity with `headers` and `body`, attachments collected on the way.
    mutating func walk(headers: HeaderSection, body: ArraySlice<UInt8>, path: PartPath, depth: Int,
                       inDigest: Bool = false) -> [Segment] {
        let contentType = headers.first("content-type").map(ParameterizedValue.init)
        var type = contentType?.value ?? ""
        if type.isEmpty || !type.contains("/") || type.hasSuffix("/") || type.hasPrefix("/") {
            if contentType != nil, !type.isEmpty, type != "text" {
                diagnostics.warn("\(path): unreadable Content-Type; read as text/plain.")
            }
            type = contentType == nil && inDigest ? "message/rfc822" : "text/plain"
        }
        let encoding = TransferEncoding(header: headers.first("content-transfer-encoding"))

        if type.hasPrefix("multipart/"), let contentType {
            if depth >= Self.maxDepth {
                diagnostics.warn("\(path): multipart nested more than \(Self.maxDepth) levels deep; kept as an attachment.")
                attachments.append(EmailAttachment(filename: nil, contentType: type, data: Array(body)))
                return []
            }
            return walkMultipart(contentType: contentType, subtype: String(type.dropFirst(10)), encoding: encoding,
                                 body: body, path: path, depth: depth)
        }

        let disposition = headers.first("content-disposition").map(ParameterizedValue.init)
        let nameSubject = "\(path) file name"
        let filename = (disposition?.text("filename", subject: nameSubject, diagnostics: &diagnostics)
            ?? contentType?.text("name", subject: nameSubject, diagnostics: &diagnostics)).flatMap(Self.sanitizedFilename)
        let isText = type == "text/plain" || type == "text/html"
        let content = TransferDecoding.decode(body, encoding, path: path, diagnostics: &diagnostics)

        if isText, disposition?.value != "attachment", filename == nil {
            let format = contentType?.raw("format").map { $0.trimmingWhitespace().equalsIgnoringCase("flowed") } ?? false
            let delSp = contentType?.raw("delsp").map { $0.trimmingWhitespace().equalsIgnoringCase("yes") } ?? false
            return [Segment(isHTML: type == "text/html", bytes: content, charset: contentType?.raw("charset"),
                            flowed: format, delSp: delSp, path: path)]
        }
        let contentID = headers.first("content-id").flatMap { MessageIdentifiers.all($0).first }
        let isInline = disposition?.value == "inline" || (disposition == nil && contentID != nil)
        attachments.append(EmailAttachment(filename: filename, contentType: type, data: Array(content),
                                           contentID: contentID, isInline: isInline))
        return []
    }

    private mutating func walkMultipart(contentType: ParameterizedValue, subtype: String, encoding: TransferEncoding,
                                        body: ArraySlice<UInt8>, path: PartPath, depth: Int) -> [Segment] {
        var body = body
        if encoding != .identity {
            // Not allowed for multiparts, but seen: decode first, then split.
            diagnostics.warn("\(path): multipart/\(subtype) has a Content-Transfer-Encoding; decoded before splitting.")
            body = TransferDecoding.decode(body, encoding, path: path, diagnostics: &diagnostics)
        }
        var boundary = contentType.raw("boundary")?.trimmingWhitespace()
        if boundary?.isEmpty ?? true {
            boundary = MultipartParser.guessBoundary(body)
            if boundary != nil {
                diagnostics.warn("\(path): multipart/\(subtype) has no boundary parameter; used the first line that looks like a boundary.")
            }
        }
        let split = boundary.map { MultipartParser.split(body, boundary: $0) } ?? MultipartParser.Split()
        if split.parts.isEmpty {
            diagnostics.warn("\(path): multipart/\(subtype) has no boundary lines; read as plain text.")
            return [Segment(isHTML: false, bytes: body, charset: nil, path: path)]
        }
        if !split.closed {
            diagnostics.warn("\(path): closing boundary missing; read to the end of the message.")
        }
        var children: [[Segment]] = []
        children.reserveCapacity(split.parts.count)
        for (index, part) in split.parts.enumerated() {
            let childPath = path.child(index + 1)
            let (headers, childBody) = HeaderParser.split(part, path: childPath, diagnostics: &diagnostics)
            children.append(walk(headers: headers, body: childBody, path: childPath, depth: depth + 1,
                                 inDigest: subtype == "digest"))
        }
        guard subtype == "alternative" else { return children.flatMap { $0 } }
        if let plain = children.first(where: { $0.contains { !$0.isHTML && !$0.bytes.isBlankText } }) { return plain }
        if let html = children.first(where: { $0.contains { $0.isHTML && !$0.bytes.isBlankText } }) { return html }
        return children.first { !$0.isEmpty } ?? []
    }

    /// The chosen segments decoded, HTML turned into text, cleaned and joined by a blank line.
    mutating func render(_ segments: [Segment]) -> String {
        var text: [UInt8] = []
        for segment in segments {
            var charset = segment.charset
            if segment.isHTML, charset == nil { charset = HTMLToText.declaredCharset(segment.bytes) }
            let utf8 = TextDecoder.decode(segment.bytes, label: charset, subject: "\(segment.path)", diagnostics: &diagnostics)
            let readable = segment.isHTML ? HTMLToText.convert(utf8) : utf8
            let cleaned = PlainText.clean(readable, flowed: !segment.isHTML && segment.flowed, delSp: segment.delSp)
            if cleaned.nuls > 0 {
                diagnostics.warn("\(segment.path): removed \(Diagnostics.count(cleaned.nuls, "NUL byte")).")
            }
            if cleaned.controls > 0 {
                diagnostics.warn("\(segment.path): removed \(Diagnostics.count(cleaned.controls, "control character")).")
            }
            guard !cleaned.bytes.isEmpty else { continue }
            if !text.isEmpty { text.append(contentsOf: [Byte.lf, Byte.lf]) }
            text.append(contentsOf: cleaned.bytes)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The last path component, without control characters or surrounding blanks; nil if nothing is left.
    static func sanitizedFilename(_ name: String) -> String? {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
            .trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? nil : cleaned
    }
}
