import Agents
import Foundation
import MatrixAppService

extension TroupeServer {
    /// Watches `path`, and applies each valid change: agents and providers to the runtime, the rest through
    /// `live`; new owners are invited into the agents' rooms, and new agents get their users and rooms.
    func configReloader(path: String, live: LiveConfig, runtime: AgentRuntime, presence: AgentPresence, scheduler: JobScheduler,
                        languages: ChatLanguages, withTools: @escaping @Sendable (AgentsConfiguration) -> AgentsConfiguration) -> ConfigReloader {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let logger = self.logger
        return ConfigReloader(path: path, text: text, live: live, logger: logger, apply: { running, new in
            let removed = try await runtime.reconfigure(withTools(new.agents))
            live.replace(new)
            await scheduler.setGrace(new.automation.grace)
            // Chats that chose their own language with `!language` keep it.
            await languages.setDefault(new.language)
            if !removed.isEmpty {
                logger.info("agents removed from the config; their rooms stay", metadata: ["agents": "\(removed.joined(separator: ", "))"])
            }
            let invited = new.owners.filter { !running.owners.contains($0) }
            // Homeserver calls run on their own: a homeserver that is down must not hold up the next reload.
            Task { await presence.ensureAll(inviting: invited) }
        }, notify: { notice in await presence.noticeToAdmins(notice) })
    }
}
