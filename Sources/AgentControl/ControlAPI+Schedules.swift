import Foundation
import Hummingbird

/// What the schedule endpoints do. The bridge provides it: jobs, chats and who may make jobs are its own. Each
/// answers in words for the agent, or throws a `ControlError` (403 when the person behind the turn may not).
public struct ScheduleControl: Sendable {
    public var add: @Sendable (_ caller: ControlGrant, _ schedule: String, _ prompt: String) async throws -> String
    public var list: @Sendable (_ caller: ControlGrant) async throws -> String
    public var delete: @Sendable (_ caller: ControlGrant, _ id: String) async throws -> String

    public init(add: @escaping @Sendable (ControlGrant, String, String) async throws -> String,
                list: @escaping @Sendable (ControlGrant) async throws -> String,
                delete: @escaping @Sendable (ControlGrant, String) async throws -> String) {
        self.add = add
        self.list = list
        self.delete = delete
    }
}

/// Scheduled jobs in the caller's chat (the one its token is bound to; there is no other):
/// - `POST /v1/schedules {"schedule", "prompt"}` → `{"text"}`
/// - `GET /v1/schedules` → `{"text"}`
/// - `POST /v1/schedules/{id}/delete` → `{"text"}`
extension ControlAPI {
    func addScheduleRoutes(to router: Router<ControlRequestContext>) {
        router.post("/v1/schedules") { request, context in
            let body = try await Self.decode(ScheduleBody.self, request, context, shape: "{\"schedule\": TEXT, \"prompt\": TEXT}")
            let text = try await self.requireSchedules().add(try context.requireGrant(), body.schedule, body.prompt)
            return try ControlResponse.json(TextAnswer(text: text))
        }
        router.get("/v1/schedules") { _, context in
            try ControlResponse.json(TextAnswer(text: try await self.requireSchedules().list(try context.requireGrant())))
        }
        router.post("/v1/schedules/:id/delete") { _, context in
            let id = try context.parameters.require("id")
            return try ControlResponse.json(TextAnswer(text: try await self.requireSchedules().delete(try context.requireGrant(), id)))
        }
    }

    struct ScheduleBody: Codable, Sendable {
        let schedule: String
        let prompt: String
    }

    func requireSchedules() throws -> ScheduleControl {
        guard let schedules else {
            throw ControlError(.serviceUnavailable, "schedules_disabled", "scheduled jobs are not available in this Troupe")
        }
        return schedules
    }
}
