import ServiceLifecycle

/// The loop of a service that works off what is due (queued deliveries, scheduled jobs): `work` runs at once, then
/// whenever `wake` is signalled and at least once a second (so things come due by the clock), until graceful
/// shutdown. Signals while `work` runs fold into one more pass.
struct DueWorkLoop: Sendable {
    let wake: AsyncStream<Void>.Continuation
    private let signals: AsyncStream<Void>

    init() {
        (signals, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func run(_ work: @escaping @Sendable () async -> Void) async {
        await cancelWhenGracefulShutdown { [signals, wake] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        wake.yield()
                    }
                }
                group.addTask {
                    await work()
                    for await _ in signals {
                        if Task.isCancelled { break }
                        await work()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        wake.finish()
    }
}
