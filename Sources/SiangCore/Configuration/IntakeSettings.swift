import Foundation

/// The bounds on a receipt time staff may give a case (`receivedAt` on the API, a hotline call's
/// start): not before a floor, not after now beyond a small clock skew.
///
/// Why: a receipt time is the start of every SLA clock and the month a case counts in. A year −2000
/// once stored was served as `".00/-12-15T…"` and stopped the SLA ticker; a floor the agency sets
/// (the year it began keeping complaints, at the earliest) refuses such dates with a clear 422.
public struct IntakeSettings: Codable, Sendable {
    /// `yyyy-MM-dd`, Bangkok time: the earliest receipt date accepted (default 2000-01-01).
    public var receivedAtFloor: String
    /// How far a receipt time may lie ahead of the server's clock (a staff PC's clock running fast).
    public var maxClockSkewSeconds: Int

    public init(receivedAtFloor: String = "2000-01-01", maxClockSkewSeconds: Int = 300) {
        self.receivedAtFloor = receivedAtFloor
        self.maxClockSkewSeconds = maxClockSkewSeconds
    }

    /// Midnight in Bangkok at the start of ``receivedAtFloor``; nil when it is not a valid date from
    /// the year 1000 on.
    public var floorDate: Date? {
        let parts = receivedAtFloor.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y >= 1000,
              let date = BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d)),
              BangkokTime.calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: y, month: m, day: d) else { return nil }
        return date
    }

    func validate() throws(ConfigurationError) {
        guard floorDate != nil else { throw .invalid(key: "intake.receivedAtFloor", reason: "must be a date yyyy-MM-dd, from the year 1000 on") }
        guard (0...86_400).contains(maxClockSkewSeconds) else {
            throw .invalid(key: "intake.maxClockSkewSeconds", reason: "must be 0 to 86400 seconds")
        }
    }
}
