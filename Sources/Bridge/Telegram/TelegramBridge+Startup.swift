import Agents
import Foundation
import Logging

extension TelegramBridge {
    /// The main bot and one bot per `telegram.agent_bots` entry, their tokens read from the environment.
    /// A missing token stops start-up here, naming the variable.
    static func bridges(config: TroupeConfig, runtime: AgentRuntime, store: any TelegramStore, mirror: TelegramMirror? = nil,
                        runs: RunManager? = nil, sessions: (any NamedSessionStore)? = nil, menus: (any MenuStore)? = nil,
                        automation: AutomationServices? = nil,
                        languages: ChatLanguages = ChatLanguages(), live: LiveConfig? = nil, logger: Logger,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [TelegramBridge] {
        let settings = config.telegram
        let streaming = live?.live(\.streaming) ?? .fixed(config.streaming)
        let access = live?.live(\.telegram)
        func api(_ variable: String) throws -> TelegramBotAPI {
            guard let token = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                throw TelegramError.missingToken(tokenEnv: variable)
            }
            return TelegramBotAPI(apiURL: settings.apiURL, token: token, tokenEnv: variable, logger: logger)
        }
        var bridges = [TelegramBridge(api: try api(settings.tokenEnv), settings: settings, runtime: runtime, store: store,
                                      streaming: streaming, access: access, mirror: mirror, runs: runs, sessions: sessions, menus: menus,
                                      automation: automation, images: config.image, languages: languages, logger: logger)]
        for (agent, variable) in settings.agentBots.sorted(by: { $0.key < $1.key }) {
            var own = settings
            own.tokenEnv = variable
            bridges.append(TelegramBridge(api: try api(variable), settings: own, runtime: runtime, store: store,
                                          streaming: streaming, access: access, fixedAgent: agent, mirror: mirror, runs: runs,
                                          sessions: sessions, menus: menus, automation: automation, images: config.image, languages: languages,
                                          logger: logger))
        }
        return bridges
    }
}
