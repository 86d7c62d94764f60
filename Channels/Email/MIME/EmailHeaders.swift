/// One header field of a message: the name as sent and the value unfolded, not decoded (encoded
/// words stay as they are; 8-bit bytes are read as UTF-8, or Windows-874 when not UTF-8).
public struct EmailHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The header fields of a message in their original order, repeated fields kept (`Received`),
/// looked up by name without regard to case.
public struct EmailHeaders: Sendable, Equatable, RandomAccessCollection {
    public var fields: [EmailHeader]

    public init(_ fields: [EmailHeader]) {
        self.fields = fields
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> EmailHeader { fields[position] }

    /// The value of the first field called `name` (any case).
    public func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The values of every field called `name` (any case), in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }
}

extension String {
    fileprivate func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { Byte.lowercased($0) == Byte.lowercased($1) }
    }
}
