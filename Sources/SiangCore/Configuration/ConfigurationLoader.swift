import Foundation
import Yams

/// Builds a ``SiangConfiguration`` in three layers, later winning: the shipped defaults (bundled YAML),
/// the agency's override file (merged key by key; a list replaces the shipped list), and environment
/// variables `SIANG_` + the key path in upper snake case for every scalar key.
public enum ConfigurationLoader {
    /// Loads and validates. `overrideYAML` is the text of the `--config` file, if any.
    public static func load(overrideYAML: String?, environment: [String: String]) throws(ConfigurationError) -> SiangConfiguration {
        var tree = try shippedDefaults()
        if let overrideYAML {
            let override: Node?
            do { override = try Yams.compose(yaml: overrideYAML) } catch {
                throw .unreadable("the override file is not valid YAML (\(error))")
            }
            if let override {
                guard override.mapping != nil else { throw .unreadable("the override file must be a mapping of keys") }
                tree = merge(tree, override)
            }
        }
        tree = applyEnvironment(tree, environment, path: [])
        let config: SiangConfiguration
        do { config = try YAMLDecoder().decode(SiangConfiguration.self, from: tree) } catch {
            throw .unreadable(describe(error))
        }
        try config.validate()
        return config
    }

    /// Loads from a file path (or the defaults alone when nil) and the process environment.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> SiangConfiguration {
        guard let file else { return try load(overrideYAML: nil, environment: environment) }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw .unreadable("cannot read \(file)")
        }
        return try load(overrideYAML: text, environment: environment)
    }

    /// The environment variable that overrides a key path: `line.channelSecret` -> `SIANG_LINE_CHANNEL_SECRET`.
    public static func environmentName(for path: [String]) -> String {
        "SIANG_" + path.map(upperSnake).joined(separator: "_")
    }

    /// `channelSecret` -> `CHANNEL_SECRET`, `apiBaseURL` -> `API_BASE_URL`, `imapURL` -> `IMAP_URL`:
    /// a word starts at an upper-case letter after a lower-case one or a digit, or at the last capital
    /// of an acronym followed by a lower-case letter.
    static func upperSnake(_ key: String) -> String {
        let chars = Array(key)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let previous = chars[i - 1]
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) { out.append("_") }
            }
            out.append(contentsOf: c.uppercased())
        }
        return out
    }

    static func shippedDefaults() throws(ConfigurationError) -> Node {
        let files = SiangResources.files(in: "defaults", withExtension: "yaml")
        guard !files.isEmpty else { throw .unreadable("the shipped defaults are missing from the build") }
        var tree = Node.mapping(Node.Mapping([]))
        // Sorted so the result never depends on directory order.
        for file in files {
            do {
                if let node = try Yams.compose(yaml: String(contentsOf: file, encoding: .utf8)) {
                    tree = merge(tree, node)
                }
            } catch {
                throw .unreadable("shipped \(file.lastPathComponent): \(error)")
            }
        }
        return tree
    }

    /// Mappings merge key by key; anything else in `override` replaces what is in `base`.
    static func merge(_ base: Node, _ override: Node) -> Node {
        guard var baseMap = base.mapping, let overMap = override.mapping else { return override }
        for (key, value) in overMap {
            if let existing = baseMap[key] {
                baseMap[key] = merge(existing, value)
            } else {
                baseMap[key] = value
            }
        }
        return .mapping(baseMap)
    }

    static func applyEnvironment(_ node: Node, _ env: [String: String], path: [String]) -> Node {
        switch node {
        case .mapping(var map):
            for (key, value) in map {
                guard let name = key.string else { continue }
                map[key] = applyEnvironment(value, env, path: path + [name])
            }
            return .mapping(map)
        case .scalar(let scalar):
            guard !path.isEmpty, let value = env[environmentName(for: path)] else { return node }
            // Keep the shipped style so numbers stay numbers and strings stay strings.
            return .scalar(.init(value, scalar.tag, scalar.style == .plain ? .plain : .doubleQuoted))
        default:
            return node
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing key \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            "key \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default:
            "\(error)"
        }
    }
}
