import Foundation

/// The `uname(2)` strings, read once per capture for the host name, kernel and architecture.
struct UnameFields {
    var sysname: String
    var nodename: String
    var release: String
    var version: String
    var machine: String

    static func current() -> UnameFields {
        var info = utsname()
        guard uname(&info) == 0 else {
            return UnameFields(sysname: "", nodename: "", release: "", version: "", machine: "")
        }
        func string<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return UnameFields(
            sysname: string(info.sysname), nodename: string(info.nodename), release: string(info.release),
            version: string(info.version), machine: string(info.machine))
    }
}
