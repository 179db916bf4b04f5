import FuzzSupport
@_spi(Fuzzing) import GLaaSServer

/// One body of `POST /api/v1/lineage`: read as an OpenLineage RunEvent (event time, run,
/// parent facets, datasets and their facets, the glaas facets), then the job it stages: a 4xx
/// or accepted, never a trap, never a 500.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOpenLineage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let reader = RequestBodyReaders.openLineageEvent
    RouteReading.read(RouteReading.bytes(data, size), route: reader.route, with: reader.read)
    return 0
}
