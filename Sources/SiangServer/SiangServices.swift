import Foundation
import Logging
import SiangCore
import SiangPipeline
import SiangStore

/// What the server's routes work with, built once at start and shared by every request.
public struct SiangServices: Sendable {
    public let configuration: SiangConfiguration
    public let store: any CaseStore
    public let pipeline: IntakePipeline
    public let attachments: AttachmentStore
    public let formTokens: FormTokens
    public let metrics: ServerMetrics
    public let clock: any SiangClock
    public let caseViews: CaseViews
    /// Per-address limits on intake and lookups, and who the client is (DESIGN.md 5.12).
    public let limits: RequestLimits
    let pages: PageRenderer

    /// The triage engine's parts, built from the configuration.
    public let sla: SLAService
    public let classifier: LearningClassifier
    /// Tracking lookups counted and not yet written to the store's daily counter.
    let lookupTally = TrackingLookupTally()

    public init(configuration: SiangConfiguration, store: any CaseStore, dataDirectory: String, clock: any SiangClock = SystemClock(),
                ids: any TrackingIDSource = SecureRandomTrackingIDSource(), classifier: LearningClassifier? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, rateLimiter: (any RateLimiter)? = nil) async throws {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        sla = try SLAService(configuration: configuration)
        self.classifier = try classifier ?? LearningClassifier(taxonomy: configuration.taxonomy, threshold: configuration.classifier.confidenceThreshold,
                                                                    dataDirectory: dataDirectory)
        let triage = TriageEngine(configuration: configuration, classifier: self.classifier, sla: sla)
        pipeline = IntakePipeline(store: store, configuration: configuration, clock: clock, ids: ids, triage: triage,
                                  duplicates: DuplicateFinder(store: store, settings: configuration.duplicates))
        guard let sealed = store as? any SealedDataStore else { throw SealedStoreNeeded() }
        attachments = AttachmentStore(dataDirectory: dataDirectory, cipher: sealed.cipher)
        formTokens = FormTokens(secret: try await ServerSecret.load(dataDirectory: dataDirectory, store: store, environment: environment))
        metrics = ServerMetrics()
        caseViews = CaseViews(configuration: configuration, sla: sla)
        limits = RequestLimits(limiter: rateLimiter ?? Self.rateLimiter(for: store, limits: configuration.limits),
                               addresses: ClientAddress(trustedProxies: configuration.server.trustedProxyNetworks), clock: clock)
        pages = try await PageRenderer(configuration: configuration)
    }

    /// Counts in the database when several servers may share it (PostgreSQL), in this process otherwise.
    static func rateLimiter(for store: any CaseStore, limits: IntakeLimits) -> any RateLimiter {
        if let postgres = store as? PostgresStore { return PostgresRateLimits(store: postgres, limits: limits) }
        return InMemoryRateLimiter(limits: limits)
    }

    /// The public link to a case's tracking page.
    public func trackURL(_ id: TrackingID) -> String {
        configuration.agency.publicBaseURL.trimmingTrailingSlash + "/track/\(id)"
    }
}

extension String {
    var trimmingTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}

/// The server keeps citizens' files sealed with the store's data key, so its store must have one.
struct SealedStoreNeeded: Error, CustomStringConvertible {
    var description: String { "the store does not seal personal data" }
}
