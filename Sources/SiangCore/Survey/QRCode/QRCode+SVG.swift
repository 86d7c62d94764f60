import Foundation

extension QRCode {
    /// The symbol as a standalone SVG document: one path of dark modules on a white square with a
    /// quiet zone of `border` modules (the standard asks for 4). Scales to any print size.
    ///
    /// - Parameters:
    ///   - pixelsPerModule: the width and height the SVG asks for, per module.
    ///   - title: an accessible name (`<title>`), escaped here.
    public func svg(border: Int = 4, pixelsPerModule: Int = 8, title: String? = nil) -> String {
        let side = size + 2 * border
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                var run = 1
                while x + run < size, self[x + run, y] { run += 1 }
                path += "M\(x + border) \(y + border)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let pixels = side * pixelsPerModule
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 \#(side) \#(side)" width="\#(pixels)" height="\#(pixels)" shape-rendering="crispEdges""#
        if let title {
            svg += #" role="img" aria-label="\#(Self.escape(title))"><title>\#(Self.escape(title))</title>"#
        } else {
            svg += ">"
        }
        svg += ##"<rect width="\##(side)" height="\##(side)" fill="#ffffff"/><path fill="#000000" d="\##(path)"/></svg>"##
        return svg
    }

    /// Rows of `1` (dark) and `0` (light), for tests and debugging.
    public var text: String {
        (0..<size).map { y in String((0..<size).map { x in self[x, y] ? "1" : "0" }) }.joined(separator: "\n")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
