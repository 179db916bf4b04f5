import GLaaSWeb
import Hummingbird
import HummingbirdCore
import LineageStore
import Logging

/// Builds the glaas HTTP application on a store: the v1 protocol under `/api/v1`, the query
/// API under `/api/graph/v1` (described at `/openapi.json`), JSON errors
/// for everything (404 "Endpoint not found" for unknown routes), SSH-signature authentication.
public enum GLaaSApplication {
    public static func router(store: any RegistryStore & StoreMaintenance, configuration: GLaaSConfiguration, metrics: ServerMetrics? = nil)
        -> Router<GLaaSRequestContext>
    {
        let router = Router(context: GLaaSRequestContext.self)
        let metrics = metrics ?? ServerMetrics()
        router.add(middleware: RequestTelemetryMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: RequestLimitMiddleware(
                gate: RequestGate(maximumInFlight: configuration.maximumRequestsInFlight, bodyBudget: configuration.bodyBudget)))
        router.add(middleware: AuthMiddleware(store: store, configuration: configuration))
        V1API(store: store, configuration: configuration).addRoutes(to: router)
        DeviceLoginAPI(store: store, configuration: configuration).addRoutes(to: router)
        TeamAPI(store: store).addRoutes(to: router)
        GraphAPI(store: store).addRoutes(to: router)
        WebSignIn(store: store, configuration: configuration).addRoutes(to: router)
        WebDownloads(store: store).addRoutes(to: router)
        WebUI<GLaaSRequestContext>(store: store).addRoutes(to: router)
        OpenLineageAPI(store: store, configuration: configuration).addRoutes(to: router)
        OperationsAPI(store: store, metrics: metrics).addRoutes(to: router)
        return router
    }

    public static func make(store: any RegistryStore & StoreMaintenance, configuration: GLaaSConfiguration, logger: Logger)
        -> some ApplicationProtocol
    {
        Application(
            router: router(store: store, configuration: configuration),
            server: httpServer(configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
            logger: logger)
    }

    /// HTTP/1.1 with the connection limits of `configuration` (the idle and header timeout).
    public static func httpServer(_ configuration: GLaaSConfiguration) -> HTTPServerBuilder {
        .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout))))
    }
}
