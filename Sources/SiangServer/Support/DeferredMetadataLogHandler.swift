import Logging

/// Swift-log's `StreamLogHandler` with its metadata written out only when a line is logged.
///
/// Hummingbird gives every request a copy of the server's logger with the request's ID set as
/// metadata, and `StreamLogHandler` turns all of its metadata into text each time one key is set:
/// 3.7 % of a tracking lookup that logged nothing (bench/README.md, "Tracking lookups"). This keeps
/// the metadata as it is and hands it to the stream handler with each line, which prints the same
/// line. (One difference, none here: the stream handler lets a metadata provider override the
/// logger's own metadata; Siang sets no provider.)
public struct DeferredMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    public var metadata: Logger.Metadata = [:]

    public init(_ stream: StreamLogHandler) {
        self.stream = stream
    }

    /// The server's logger for `label`, on standard error like swift-log's default.
    public static func standardError(label: String) -> DeferredMetadataLogHandler {
        DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            event.metadata = event.metadata.map { metadata.merging($0) { _, explicit in explicit } } ?? metadata
        }
        stream.log(event: event)
    }
}
