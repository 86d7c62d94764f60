import Foundation
import SiangCore

/// libFuzzer entry: the bytes as a tracking ID a person typed. An ID that parses must print back to
/// canonical text that parses to the same ID, through every way an ID comes back in.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrackingID(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let id = try? TrackingID.parse(text, expectedPrefix: "CMP") else { return 0 }
    let canonical = id.description
    precondition(id.prefix == "CMP" && id.body.count == 11, "a parsed ID is CMP- and 11 symbols")
    precondition(canonical.utf8.count == 15 && canonical.allSatisfy { $0.isASCII }, "canonical text is 15 ASCII characters")
    precondition((try? TrackingID.parse(canonical, expectedPrefix: "CMP")) == id, "canonical text parses back")
    precondition((try? TrackingID.parse(id.body, expectedPrefix: "CMP")) == id, "the body alone parses back")
    precondition((try? TrackingID(prefix: id.prefix, body: id.body)) == id, "the parts build the same ID")
    precondition(TrackingID(storedCanonical: canonical) == id, "the stored form reads back")
    let json = try! JSONEncoder().encode(id)
    precondition((try? JSONDecoder().decode(TrackingID.self, from: json)) == id, "JSON round-trips")
    return 0
}
