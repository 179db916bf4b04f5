import Foundation
import LineageStore
import NIOSSL
import PostgresNIO

/// libpq's `sslmode` URL parameter, with libpq's meanings, so a URL written for psql means the
/// same here: `disable` (plain TCP, our default), `prefer` (TLS when the server offers it,
/// unverified), `require` (TLS or no connection; verified against `sslrootcert` when one is
/// given, as libpq does, else not), `verify-ca` (the server's chain must lead to `sslrootcert`,
/// or to the system's roots) and `verify-full` (that, and the certificate must name the host).
enum PostgresTLSMode: String, CaseIterable {
    case disable
    case prefer
    case require
    case verifyCA = "verify-ca"
    case verifyFull = "verify-full"

    init(parameter: String?) throws {
        guard let parameter, let mode = Self(rawValue: parameter) else {
            throw LineageStoreError.invalid(
                "sslmode must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")), not \(parameter ?? "empty")")
        }
        self = mode
    }

    /// The TLS configuration the mode asks for (nil for `disable`); `rootCertificate` is a PEM
    /// file of the certificate authorities to trust (libpq's `sslrootcert`), or `system` for the
    /// system's roots.
    func configuration(rootCertificate: String?) throws -> TLSConfiguration? {
        if self == .disable { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let rootCertificate, rootCertificate != "system" {
            configuration.trustRoots = .certificates(try Self.certificates(rootCertificate))
        }
        switch self {
        case .disable, .prefer: configuration.certificateVerification = .none
        case .require: configuration.certificateVerification = rootCertificate == nil ? .none : .noHostnameVerification
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    /// The pool's TLS setting for `configuration` (from `configuration(rootCertificate:)`).
    func clientTLS(_ configuration: TLSConfiguration?) -> PostgresClient.Configuration.TLS {
        guard let configuration else { return .disable }
        return self == .prefer ? .prefer(configuration) : .require(configuration)
    }

    /// One connection's TLS setting for `configuration`.
    func connectionTLS(_ configuration: TLSConfiguration?) throws -> PostgresConnection.Configuration.TLS {
        guard let configuration else { return .disable }
        let context = try NIOSSLContext(configuration: configuration)
        return self == .prefer ? .prefer(context) : .require(context)
    }

    private static func certificates(_ path: String) throws -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw LineageStoreError.invalid("sslrootcert \(path) is not a readable file")
        }
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else {
                throw LineageStoreError.invalid("sslrootcert \(path) is not a PEM certificate file (it holds no certificate)")
            }
            return certificates
        } catch let error as LineageStoreError {
            throw error
        } catch {
            throw LineageStoreError.invalid("sslrootcert \(path) is not a PEM certificate file (\(error))")
        }
    }
}
