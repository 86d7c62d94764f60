import Foundation
import Yams

/// The Thai public holidays that ship with Siang: one YAML file per year in the bundled `holidays`
/// folder (`Resources/holidays/2026.yaml`, ...). They are the default for
/// ``BusinessCalendar/init(settings:shippedHolidays:)``; an agency that sets `calendar.holidays`
/// replaces them all. The files are data the agency must confirm each year (the cabinet adds special
/// holidays), so adding a year is a new file, never a code change.
public enum ShippedHolidays {
    /// Every shipped holiday, in date order. Each file is `{year: 2026, holidays: [{date, th, en}]}`,
    /// and every date in it must lie in its year.
    public static func load() throws(ConfigurationError) -> [HolidaySetting] {
        var all: [HolidaySetting] = []
        for url in try files() {
            let file: HolidayFile
            do {
                file = try YAMLDecoder().decode(HolidayFile.self, from: String(contentsOf: url, encoding: .utf8))
            } catch {
                throw .unreadable("shipped holidays \(url.lastPathComponent): \(error)")
            }
            for (index, holiday) in file.holidays.enumerated() {
                guard let parsed = Holiday(isoDate: holiday.date, name: LocalizedLabel(th: holiday.th, en: holiday.en)),
                      parsed.year == file.year
                else {
                    throw .invalid(key: "shipped holidays \(url.lastPathComponent) [\(index)].date",
                                   reason: "\"\(holiday.date)\" is not a date in \(file.year) written yyyy-MM-dd")
                }
            }
            all += file.holidays
        }
        return all.sorted { $0.date < $1.date }
    }

    /// The years the shipped files cover, so a deployment can warn when the current year is missing.
    public static func years() throws(ConfigurationError) -> [Int] {
        try files().compactMap { Int($0.deletingPathExtension().lastPathComponent) }.sorted()
    }

    private struct HolidayFile: Decodable {
        var year: Int
        var holidays: [HolidaySetting]
    }

    /// The yearly files (`yyyy.yaml`) in `Resources/holidays`.
    private static func files() throws(ConfigurationError) -> [URL] {
        let years = SiangResources.files(in: "holidays", withExtension: "yaml").filter(isYearFile)
        guard !years.isEmpty else { throw .unreadable("the shipped holiday files are missing from the build") }
        return years
    }

    private static func isYearFile(_ url: URL) -> Bool {
        let name = url.deletingPathExtension().lastPathComponent
        return url.pathExtension == "yaml" && name.count == 4 && name.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
