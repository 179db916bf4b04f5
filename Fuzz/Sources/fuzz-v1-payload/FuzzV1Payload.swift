import FuzzSupport
@_spi(Fuzzing) import GLaaSServer

/// One request body, read by every v1 registration route that reads records or labels
/// (jobs, artifacts, composites, links, view edges, label documents): each refuses it with a
/// 4xx or accepts it, never traps, never a 500.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV1Payload(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = RouteReading.bytes(data, size)
    for reader in RequestBodyReaders.v1 { RouteReading.read(body, route: reader.route, with: reader.read) }
    return 0
}
