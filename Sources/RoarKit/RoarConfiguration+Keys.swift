import Foundation
import LineageModel

/// `roar config get|set|list`: the configuration by dotted key names, as roar-cli names them.
extension RoarConfiguration {
    /// Every key `roar config` knows, in the order `list` prints them.
    public static let keys = [
        "glaas.url", "glaas.timeout", "glaas.key", "ignore", "scratch_prefixes", "environment_allowlist", "s3.endpoint", "s3.region",
    ]

    /// Keys whose values are lists, given to `set` comma-separated.
    static let listKeys: Set<String> = ["ignore", "scratch_prefixes", "environment_allowlist"]

    /// The value of `key`: a string, null, or a list of strings.
    public func value(for key: String) throws -> JSONValue {
        switch key {
        case "glaas.url": return glaasURL.map(JSONValue.string) ?? .null
        case "glaas.timeout": return glaasTimeout.map(JSONValue.double) ?? .null
        case "glaas.key": return glaasKey.map(JSONValue.string) ?? .null
        case "ignore": return .array(ignore.map(JSONValue.string))
        case "scratch_prefixes": return .array(scratchPrefixes.map(JSONValue.string))
        case "environment_allowlist": return .array(environmentAllowlist.map(JSONValue.string))
        case "s3.endpoint": return s3Endpoint.map(JSONValue.string) ?? .null
        case "s3.region": return s3Region.map(JSONValue.string) ?? .null
        default: throw RoarError.usage(Self.unknown(key))
        }
    }

    /// Sets `key` from its text form (lists comma-separated; an empty text clears), validated.
    public mutating func set(_ key: String, to text: String) throws {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        switch key {
        case "glaas.url":
            if text.isEmpty {
                glaasURL = nil
                return
            }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw RoarError.usage("glaas.url must be an http:// or https:// URL, not \(text)")
            }
            glaasURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        case "glaas.timeout":
            if text.isEmpty {
                glaasTimeout = nil
                return
            }
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw RoarError.usage("glaas.timeout is a positive number of seconds, not \(text)")
            }
            glaasTimeout = seconds
        case "glaas.key":
            glaasKey = text.isEmpty ? nil : text
        case "ignore":
            ignore = items
        case "scratch_prefixes":
            guard let relative = items.first(where: { !$0.hasPrefix("/") }) else {
                scratchPrefixes = items
                return
            }
            throw RoarError.usage("scratch_prefixes are absolute paths, not \(relative)")
        case "environment_allowlist":
            environmentAllowlist = items
        case "s3.endpoint":
            guard !text.isEmpty else {
                s3Endpoint = nil
                return
            }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw RoarError.usage("s3.endpoint must be an http:// or https:// URL, not \(text)")
            }
            s3Endpoint = text
        case "s3.region":
            s3Region = text.isEmpty ? nil : text
        default:
            throw RoarError.usage(Self.unknown(key))
        }
    }

    /// The text form of a value, as `get` prints it.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .array(let items): return items.compactMap(\.stringValue).joined(separator: ",")
        case .double(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .int(let number): return String(number)
        default: return ""
        }
    }

    static func unknown(_ key: String) -> String {
        "unknown configuration key \(key) (known: \(keys.joined(separator: ", ")))"
    }
}
