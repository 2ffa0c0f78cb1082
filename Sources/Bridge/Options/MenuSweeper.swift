import ServiceLifecycle

/// Every `interval`, takes the seeded reactions off menus that expired with nobody choosing, in every transport.
struct MenuSweeper: Service {
    let routers: [MessageRouter]
    var interval: Duration = .seconds(60)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                for router in routers { await router.sweepStaleMenus() }
            }
        }
    }
}
