#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension BLAKE3 {
    /// Why a BLAKE3 operation failed.
    public enum HashError: Error, Equatable, Sendable, CustomStringConvertible {
        /// A key for keyed hashing was not 32 bytes long; the payload is its length.
        case invalidKeyLength(Int)
        /// A system call on a file failed: the path, the call's name and `errno`.
        case file(path: String, operation: String, errno: Int32)

        /// A human-readable explanation.
        public var description: String {
            switch self {
            case .invalidKeyLength(let length):
                return "BLAKE3 key must be \(BLAKE3.keyLength) bytes, got \(length)"
            case .file(let path, let operation, let code):
                return "\(operation) \(path): \(String(cString: strerror(code)))"
            }
        }
    }
}
