extension Catalog {
    static let pt: [TextKey: Phrase] = [
        // Command table and help
        .done: "Feito.",
        .unknownCommand: "Comando desconhecido `{command}`, tente `{help}`.",
        .permissionNeeded: "Desculpe, `{command}` exige o nível de permissão {needed}; você tem {have}.",
        .usage: "**Uso:** `{usage}`",
        .commandFailed: "`{command}` falhou: {error}",
        .adminOnly: "_(admin)_",
        .sectionConversation: "Conversa",
        .sectionAgents: "Agentes",
        .sectionAutomation: "Automação",
        .sectionAdmin: "Administração",
        .sectionOther: "Outros",
        .summaryHelp: "esta lista",
        .summaryPing: "verificar se o Troupe responde",
        .summaryStatus: "agente, provedor, modelo, sessão, tokens, custo, fila",
        .summaryNew: "começar uma sessão nova (o provedor guarda a antiga)",
        .summaryStop: "encerrar o turno em andamento e esvaziar a fila",
        .summaryInterrupt: "interromper o turno em andamento, mantendo a fila",
        .summaryModel: "mostrar ou trocar o modelo (sem nome, uma lista para escolher)",
        .summaryAgents: "listar os agentes; administradores os adicionam e removem",
        .summaryWhere: "as salas em que cada agente está",
        .summaryLeave: "fazer o agente sair desta sala",
        .summaryCrypto: "o dispositivo de criptografia de cada agente; `trust` aceita a nova identidade de assinatura cruzada de um usuário",
        .summaryStopAll: "parar o trabalho de todos os agentes em todo lugar",
        .summarySession: "começar uma sessão paralela com nome e contexto próprio; continue com @NOME TEXTO",
        .summarySessions: "listar as sessões com nome deste chat, ou encerrá-las",
        .summaryRuns: "execuções de subagentes iniciadas neste chat: estado, idade, tokens; encerrar, examinar ou orientar",
        .summaryTasks: "tarefas em segundo plano que os agentes iniciaram neste chat, e as perguntas delas para você",
        .summaryCron: "tarefas agendadas: cron (`0 9 * * 1-5`), `every 10m` ou `at 2026-12-24 18:00`, respondidas neste chat",
        .summaryHeartbeat: "deixar o agente verificar periodicamente e falar só quando houver algo a relatar",
        .summaryWebhook: "URLs que consultam um agente quando um conteúdo assinado chega por POST; `{{payload}}` e `{{header.X}}` no modelo",
        .summaryStart: "saudação e como começar",
        .summaryAgent: "mostrar ou trocar o agente com quem este chat fala",
        .summaryLanguage: "mostrar ou trocar o idioma em que o Troupe responde aqui",

        // Router
        .notAllowed: "Desculpe, {name} não tem permissão para usar o Troupe.",
        .answerPassed: "Sua resposta foi passada para a tarefa {run} ({agent}).",
        .attachmentUnreadable: "⚠️ Não consegui ler esse anexo: {error}",
        .emptyAfterName: "Escreva algo depois de `@{agent}`, por exemplo `@{agent} no que você está trabalhando?`",
        .onlyTextAndFiles: "Por enquanto só consigo passar aos agentes texto e arquivos (fotos, documentos, áudio, mensagens de voz, vídeos).",
        .menuNotOpen: "Esse menu não está mais aberto (o Troupe pode ter reiniciado); execute o comando de novo.",
        .menuExpired: "Esse menu expirou; execute o comando de novo.",
        .choiceAlreadyMade: "Essa escolha já foi feita.",
        .menuNotYours: "Só a pessoa para quem este menu foi feito pode escolher aqui.",
        .pickNumber: "Escolha um número de 1 a {count}.",
        .turnsAhead: .plural(one: "Na fila: {count} turno antes do seu.", other: "Na fila: {count} turnos antes do seu."),
        .filesNotSent: "Alguns arquivos não foram enviados:",

        // Built-in commands
        .noAgentNamed: "Não há agente chamado {agent}.",
        .newSession: "Nova sessão iniciada com {agent}.",
        .interrupted: "O turno em andamento de {agent} foi interrompido; as mensagens na fila continuam.",
        .notWorkingOn: "{agent} não está trabalhando em nada.",
        .stopNothing: "{agent} não estava trabalhando em nada.",
        .stoppedTurn: "O turno em andamento de {agent} foi encerrado.",
        .droppedQueued: .plural(one: "{count} mensagem na fila para {agent} foi descartada.",
                                other: "{count} mensagens na fila para {agent} foram descartadas."),
        .stoppedAndDropped: .plural(one: "O turno em andamento de {agent} foi encerrado e {count} mensagem na fila foi descartada.",
                                    other: "O turno em andamento de {agent} foi encerrado e {count} mensagens na fila foram descartadas."),
        .stoppedEverything: "Todos os turnos em andamento foram encerrados e todas as filas esvaziadas.",
        .providerMenu: "Provedor de {agent} (agora: {current}):",
        .providerUnknown: "Não há provedor chamado {name}. Configurados: {list}.",
        .providerNow: "{agent} agora usa {provider}.",
        .providerDefault: "{agent} agora usa {provider}, o provedor configurado.",
        .providerModelCleared: "O modelo escolhido aqui ({model}) não é um dos de {provider}, então vale o padrão de {provider}.",
        .providerRunningTurn: "O turno em andamento termina em {old}; o próximo usa {new}.",
        .summaryProvider: "mostrar ou mudar o provedor (sem nome: um seletor)",
        .configRejected: "⚠️ O arquivo de configuração mudou, mas tem problemas; o Troupe continua com a configuração anterior:\n{problems}",
        .configRestartNeeded: "ℹ️ A configuração foi recarregada. Estas chaves mudaram e só valem após reiniciar: {keys}.",
        .modelMenu: "Modelo para {agent} (agora: {current}):",
        .modelNow: "{agent} agora usa {model}.",
        .modelDefault: "{agent} agora usa seu modelo padrão.",
        .whereNobody: "Nenhum agente está em nenhuma sala.",
        .whereNoRooms: "nenhuma sala",
        .statusWorking: "trabalhando",
        .statusIdle: "ocioso",
        .statusDefaultModel: "padrão",
        .statusNewSession: "nova",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - provedor: {provider}, modelo: {model}
                - sessão: {session}
                - tokens: {input} de entrada, {output} de saída em {count} turno; custo {cost}
                - fila: {queue} aguardando
                """,
            other: """
                **{agent}** — {state}
                - provedor: {provider}, modelo: {model}
                - sessão: {session}
                - tokens: {input} de entrada, {output} de saída em {count} turnos; custo {cost}
                - fila: {queue} aguardando
                """),
        .agentsNeedAdmin: "Desculpe, `{command}` exige o nível de permissão admin.",
        .agentExists: "Já existe um agente chamado {name}.",
        .mainAgentStays: "O agente principal não pode ser removido.",
        .noAgentCalled: "Não há agente chamado {name}.",
        .cannotRemove: "Não foi possível remover {name}: {error}",
        .unknownSubcommand: "Subcomando desconhecido \"{verb}\".",
        .unexpectedArgument: "\"{argument}\" inesperado.",
        .unknownOption: "Opção desconhecida ou incompleta \"{option}\".",

        // Languages
        .languageOwn: "Este chat fala **{language}** (definido com `{command}`; `{command} default` volta ao idioma padrão do Troupe).",
        .languageDefault: "Este chat fala **{language}**, o idioma padrão do Troupe. Troque aqui com `{command} CODE`.",
        .languageAvailable: "Disponíveis: {available}.",
        .languageSet: "Este chat agora fala **{language}**.",
        .languageReset: "Este chat voltou a falar o idioma padrão do Troupe: **{language}**.",
        .languageUnknown: "Não existe o idioma \"{code}\". Disponíveis: {available}.",
        .languageNoChat: "Só é possível definir um idioma para um chat.",

        // Telegram
        .telegramStart: "Olá! As mensagens daqui vão para **{agent}**. Envie `{help}` para ver os comandos.",
        .agentOwnBot: "Este é o bot próprio de {agent}; ele sempre fala com {agent}.",
        .agentMenu: "Este chat fala com **{agent}**. Trocar para:",
        .noAgentNamedList: "Não há agente chamado {name}. Agentes: {agents}.",
        .agentMainAgain: "Este chat voltou a falar com **main**.",
        .agentSwitched: "Este chat agora fala com **{agent}**. `{command}` volta atrás.",

        // Menus, answers, welcome, run notices
        .menuHint: "_Reaja com um número ou digite-o._",
        .menuPage: "Página {page} de {pages} — ◀️ ▶️ para virar",
        .menuChoose: "Escolha:",
        .menuPageShort: "_Página {page} de {pages}_",
        .usingTool: "⚙️ usando {tool}…",
        .noAnswer: "_(sem resposta)_",
        .welcomeIntro: "👋 Eu sou **{name}** (`{agent}`), um agente rodando em **{provider}**.",
        .welcomeIntroModel: "👋 Eu sou **{name}** (`{agent}`), um agente rodando em **{provider}**, modelo `{model}`.",
        .welcomeBody: """
            Escreva aqui e eu respondo, mantendo o contexto da nossa conversa. Consigo ler arquivos que você envia, \
            enviar arquivos de volta, oferecer opções (reaja com o número) e pedir ajuda aos outros agentes.

            - `{prefix}help`: todos os comandos
            - `{prefix}new`: começar uma conversa nova
            - `{prefix}stop`: parar o que estou fazendo

            Para me levar a outra sala, convide `{user}` para lá; numa sala de grupo, mencione-me ou responda a mim.
            """,
        .welcomeMissingTool: "⚠️ `{command}` não está instalado aqui, por isso ainda não posso responder (os comandos funcionam). Para resolver:",
        .welcomeInstallTool: "- instale {tool}: `{install}` e faça login nele",
        .welcomeSetCommand: "- ou defina `providers.{provider}.command` em {file} com o caminho dele",
        .welcomeServerOption: "{kind} (um servidor compatível com OpenAI como o Ollama, com `providers.{kind}.base_url` e um `model`)",
        .welcomeSwitchProvider: "- ou defina ali `agents.{agent}.provider` como {options}",
        .welcomeApplies: "Uma alteração no arquivo de configuração vale em poucos segundos, sem reiniciar. Detalhes: {doc}",
        .theConfigFile: "o arquivo de configuração",
        .runNotice: "🛠️ Trabalhando na execução **{run}** para {agent}: {task}",
        .runNoticeFrom: "🛠️ Trabalhando na execução **{run}** para {agent} a partir [desta sala]({link}): {task}",
        .runQuestion: "❓ **A tarefa {run}** ({agent}) pergunta: {question}\n\n_Responda a esta mensagem ou use `{command} {run} TEXTO`._",

        // Sessions
        .sessionsUnavailable: "Sessões com nome não estão disponíveis aqui.",
        .noAgentOrProvider: "Não há agente nem provedor chamado `{target}`.",
        .sessionNeedsPrompt: "Diga sobre o que é a sessão.",
        .sessionStarted: "Sessão **{name}** iniciada com {with}. Continue com `@{name} …`; encerre com `{command}`.",
        .sessionWithProvider: "{agent} em {provider}",
        .sessionsDropped: "(Um chat mantém no máximo {max} sessões, então **{names}** foi encerrada.)",
        .sessionsNone: "Não há sessões com nome aqui. Comece uma com `{command}`.",
        .sessionsList: "Sessões com nome aqui (continue uma com `@NOME …`):",
        .sessionLine: "- **{name}** com {agent}, há {age}",
        .sessionsMenu: "Toque para encerrar uma:",
        .sessionEndOption: "Encerrar {name}",
        .sessionsNoneShort: "Não há sessões com nome aqui.",
        .sessionsEndedCount: .plural(one: "{count} sessão encerrada.", other: "{count} sessões encerradas."),
        .noSessionNamed: "Não há sessão chamada **{name}** aqui.",
        .sessionEnded: "Sessão **{name}** encerrada.",
        .ageJustNow: "instantes",
        .ageSeconds: .plural(one: "{count} s", other: "{count} s"),
        .ageMinutes: .plural(one: "{count} min", other: "{count} min"),
        .ageHours: .plural(one: "{count} h", other: "{count} h"),
        .ageDays: .plural(one: "{count} dia", other: "{count} dias"),

        // Runs and tasks
        .runsUnavailable: "Execuções não estão disponíveis aqui.",
        .tasksUnavailable: "Tarefas não estão disponíveis aqui.",
        .noRunHere: "Nenhuma execução `{run}` iniciada neste chat (veja `{command}`).",
        .runsNone: "Ainda não há execuções.",
        .runsNoneHere: "Nenhuma execução foi iniciada neste chat.",
        .runKillOption: "Encerrar {run}",
        .runInfoOption: "Detalhes de {run}",
        .runsHeader: "Execuções:",
        .runsHeaderHere: "Execuções deste chat:",
        .runsNoneUnfinished: "Nenhuma execução deste chat está em andamento.",
        .runsKilled: .plural(one: "{count} execução encerrada.", other: "{count} execuções encerradas."),
        .runAlreadyEnded: "A execução {run} já terminou: {state}.",
        .runKilled: "Execução {run} encerrada.",
        .runKilledWithBelow: .plural(one: "Execução {run} encerrada, com {count} execução abaixo dela.",
                                     other: "Execução {run} encerrada, com {count} execuções abaixo dela."),
        .runSteerFailed: "Não foi possível orientar a execução {run}: {error}",
        .runSteered: "A execução {run} vai cuidar disso depois da etapa atual.",
        .tasksNone: "Não há tarefas em segundo plano rodando para este chat.",
        .taskWaiting: "- ❓ `{run}` ({agent}) espera sua resposta: {question} — responda à pergunta ou use `{command} {run} TEXTO`",
        .taskCancelOption: "Cancelar {run}",
        .tasksHeader: "Tarefas em segundo plano deste chat:",
        .taskAlreadyEnded: "A tarefa {run} já terminou: {state}.",
        .taskCancelled: "Tarefa {run} cancelada.",
        .taskNotWaiting: "A tarefa {run} não está esperando resposta aqui.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} token{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} tokens{nested} — {task}"),
        .runUnder: ", dentro de {parent}",
        .runDetailsHeader: "**Execução {run}** — {agent}, {state}",
        .runAskedBy: "- pedida por {agent}, há {age}",
        .runAskedByFor: "- pedida por {agent} para {user}, há {age}",
        .runTask: "- tarefa: {task}",
        .runTokens: "- tokens: {input} de entrada, {output} de saída",
        .runParent: "- dentro da execução {parent} (profundidade {depth})",
        .runProvider: "- provedor: {provider}",
        .runProviderModel: "- provedor: {provider}, modelo {model}",
        .runResult: "- resultado: {result}",
        .runDeliveryFailed: "- ⚠️ a entrega falhou: {reason}",
        .unknownReason: "motivo desconhecido",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Pronto ({input}→{output} tokens):\n\n{result}",
        .footerTokens: "{input}→{output} tokens",
        .healthUnknown: "desconhecido",
        .healthNoProvider: "⚠️ o provedor {provider} não está configurado",
        .healthNotFound: "⚠️ {command} não encontrado",
        .healthReady: "pronto",
        .noEncryption: "Este transporte não tem criptografia de ponta a ponta.",
        .encryptionOff: "A criptografia está desligada (`encryption.allow: false`).",
        .cryptoNoDevice: "Nenhum dispositivo de agente foi configurado ainda.",
        .cryptoDeviceLine: "- **{user}** dispositivo `{device}` ({state}): {keys}; chaves de uso único: {otks}; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "sem chaves",
        .cryptoNotReported: "ainda não informadas",
        .cryptoCrossSigned: "com assinatura cruzada, chave mestra `{key}`",
        .cryptoNotCrossSigned: "sem assinatura cruzada",
        .cryptoReady: "pronto",
        .cryptoNotReady: "não pronto",
        .notAUserID: "Não é um ID de usuário: {user}",
        .identityTrusted: "A identidade de assinatura cruzada atual de {user} agora é confiável; os dispositivos com assinatura cruzada voltam a receber chaves.",
        .identityUnknown: "Não conheço nenhuma chave de assinatura cruzada de {user}.",
        .identityTrustFailed: "Não foi possível atualizar a confiança em {user}: {error}",
        .matrixAgentAdded: "**{name}** adicionado como {user}. Ele convidou você para a sala dele ({room}).",
        .agentRemovedRooms: .plural(one: "**{name}** removido; ele saiu de {count} sala.", other: "**{name}** removido; ele saiu de {count} salas."),
        .historyDeleted: "O histórico dele foi apagado.",
        .historyKept: "O histórico dele foi mantido.",
        .notAMatrixRoom: "Isto não é uma sala do Matrix.",
        .goodbye: "Tchau.",
        .leaveNoSuchAgent: "Esse agente não existe.",
        .leaveAgentRemoved: "O agente foi removido.",
        .leaveAsked: "Pediram para sair com {command}.",
        .telegramAgentAdded: "**{name}** adicionado. Fale com ele aqui com `/agent {name}`, ou uma única vez com `@{name} …`.",
        .telegramAgentRemoved: "**{name}** removido.",
        .privateChatStays: "Não é possível sair de um chat privado; `/agent main` volta ao agente principal.",
        .telegramGroupNotAllowed: "Este grupo não pode usar este bot (ID do grupo {id}). Um administrador pode adicionar o ID a telegram.allowed_groups.",
        .buttonNotOurs: "Este botão não é do Troupe.",
        .telegramAdmissionHint: "Seu ID de usuário do Telegram é `{id}`: um administrador pode adicioná-lo a `telegram.allowed_users`.",
        .yourSession: "sua sessão `{device}`",
        .unknownSession: "uma sessão que não encontro entre seus dispositivos",
        .insecureIdentityChanged: """
            ⚠️ Não atendi sua mensagem vinda de {which}: sua identidade de assinatura cruzada mudou desde que a vi pela primeira vez, \
            então não confio nas suas sessões até que isso seja confirmado. Se você mesmo redefiniu sua identidade, peça a um \
            administrador do Troupe para executar `{command}`.
            """,
        .insecureBelowLevel: """
            ⚠️ Não atendi sua mensagem: ela veio de {which}, que é {trust}, e só respondo a sessões que sejam \
            pelo menos {level}. Verifique esta sessão a partir de uma das suas sessões verificadas (no Element: Configurações → \
            Sessões → Verificar), ou peça ao administrador do Troupe para baixar encryption.verification_levels.send.
            """,
        .encryptionOffNotice: """
            Este Troupe está com a criptografia de ponta a ponta desligada, então não consigo ler mensagens nesta sala \
            criptografada. O administrador pode ligá-la com `encryption.allow: true` na configuração do Troupe.
            """,
        .unreadableNoKeys: """
            ⚠️ Não consegui ler sua mensagem: seu cliente não compartilhou as chaves com o meu dispositivo ({device}), \
            nem depois de eu pedir. Envie de novo; se continuar acontecendo, verifique minha sessão ou deixe seu \
            cliente compartilhar chaves com sessões não verificadas.
            """,
        .unreadable: """
            ⚠️ Não consegui ler sua mensagem ({reason}). Envie de novo; se continuar acontecendo, confira se \
            seu cliente compartilha chaves com o meu dispositivo ({device}).
            """,
        .plaintextDropped: """
            ⚠️ Sua mensagem não estava criptografada, mas esta sala está, então eu a ignorei \
            (encryption.require). Confira se seu cliente criptografa nesta sala e envie de novo.
            """,
        .encryptionRequired: """
            Este Troupe só conversa em salas com criptografia de ponta a ponta (encryption.require). \
            Ligue a criptografia nas configurações da sala, ou me convide para uma sala criptografada.
            """,
        .undeliverable: "⚠️ Isto não pôde ser entregue em {chat} ({reason}):",
        .gaveUpWorking: .plural(
            one: "⚠️ O Troupe reiniciou {count} vez enquanto eu trabalhava na sua mensagem “{quoted}”, então desisti. Ela não foi concluída; envie de novo se ainda precisar.",
            other: "⚠️ O Troupe reiniciou {count} vezes enquanto eu trabalhava na sua mensagem “{quoted}”, então desisti. Ela não foi concluída; envie de novo se ainda precisar."),
        .gaveUpQueued: .plural(
            one: "⚠️ O Troupe reiniciou {count} vez quando eu ia começar sua mensagem “{quoted}”, então desisti. Ela não foi concluída; envie de novo se ainda precisar.",
            other: "⚠️ O Troupe reiniciou {count} vezes quando eu ia começar sua mensagem “{quoted}”, então desisti. Ela não foi concluída; envie de novo se ainda precisar."),

        // Automation
        .refusalAdmins: "Só administradores podem mudar {what}; `{command}` os mostra.",
        .refusalUsers: "Só usuários autorizados podem mudar {what}; `{command}` os mostra.",
        .whatJobs: "as tarefas agendadas",
        .whatHeartbeats: "os batimentos",
        .whatWebhooks: "os webhooks",
        .none: "nenhuma",
        .jobsUnavailable: "Tarefas agendadas não estão disponíveis aqui.",
        .cronPromptMissing: "Escreva o pedido depois de `--`: `{example}`.",
        .cronPromptEmpty: "Diga depois de `--` o que perguntar ao agente.",
        .jobsNoChat: "Não é possível criar tarefas neste chat.",
        .scheduleBroken: "Esse agendamento não funciona: {error}.",
        .jobAdded: "`{id}` agendada para {agent}: {schedule}. Próxima execução: {next}.",
        .jobsNone: "Não há tarefas aqui.",
        .jobsEmpty: "Não há tarefas agendadas neste chat. `{command}` cria uma.",
        .jobPaused: "pausada",
        .jobNext: "próxima {when}",
        .jobDone: "concluída",
        .jobResumeOption: "Retomar {id}",
        .jobPauseOption: "Pausar {id}",
        .jobDeleteOption: "Apagar {id}",
        .jobsHeader: "Tarefas agendadas aqui:",
        .noJob: "Não há tarefa `{id}` aqui (veja `{command}`).",
        .jobPausedDone: "`{id}` pausada.",
        .currentRunGoesOn: "A execução em andamento continua.",
        .jobResumed: "`{id}` retomada. Próxima execução: {next}.",
        .jobDeleted: "`{id}` apagada.",
        .jobRunning: "`{id}` está rodando agora.",
        .jobAlreadyRunning: "`{id}` já está rodando.",
        .heartbeatsUnavailable: "Batimentos não estão disponíveis aqui.",
        .heartbeatsNoChat: "Não é possível configurar um batimento neste chat.",
        .heartbeatNone: "Não há batimento aqui.",
        .heartbeatOff: "O batimento está desligado.",
        .currentCheckGoesOn: "A verificação em andamento continua.",
        .heartbeatHowOften: "Diga com que frequência: `{example}`.",
        .heartbeatOn: "💓 Batimento ligado: {description}. {agent} só escreve aqui quando há algo a relatar.",
        .heartbeatBroken: "Esse batimento não funciona: {error}.",
        .heartbeatNoneStart: "Não há batimento aqui. `{example}` inicia um.",
        .heartbeatStatus: "💓 Batimento: {description}.",
        .heartbeatNext: "Próxima verificação: {when}.",
        .heartbeatLast: "Última verificação: {when}.",
        .heartbeatQuiet: "silêncio {quiet} ({zone})",
        .heartbeatChecking: "verificando: {prompt}",
        .webhooksUnavailable: "Webhooks não estão disponíveis aqui.",
        .webhookNameMissing: "Dê um nome ao hook: `{example}`.",
        .webhookNameBad: "O nome de um webhook faz parte da URL: letras minúsculas, dígitos, `-` e `_` (até 64), como `{suggestion}`.",
        .webhooksNoChat: "Não é possível criar webhooks neste chat.",
        .webhookExists: "Já existe um webhook `{name}`; escolha outro nome, ou antes `{command}`.",
        .webhookMade: "Webhook `{name}` criado para {agent}; as respostas chegam a este chat.",
        .webhookURL: "URL: `{url}`",
        .webhookSecret: "Segredo: `{secret}`",
        .webhookHowToSend: "Envie JSON ou texto com `POST`, assinado em `X-Hub-Signature-256` (o GitHub faz isso quando você lhe dá o segredo).",
        .webhookListenerOffAdd: "⚠️ O receptor de webhooks está desligado, então nada chega a esta URL ainda: defina `automation.webhooks.enabled: true` na configuração e reinicie o Troupe.",
        .webhookSecretWarning: "Quem consegue ler o histórico deste chat consegue ler o segredo; `{command}` cria um novo.",
        .webhooksNone: "Não há webhooks aqui.",
        .webhooksEmpty: "Não há webhooks neste chat. `{command}` cria um.",
        .webhookListenerOff: "O receptor de webhooks está desligado (`automation.webhooks.enabled`).",
        .webhooksHeader: "Webhooks aqui:",
        .webhookDeleteOption: "Apagar {name}",
        .noWebhook: "Não há webhook `{name}` aqui (veja `{command}`).",
        .webhookDeleted: "Webhook `{name}` apagado; as entregas agora recebem 404.",
        .webhookRotated: "Novo segredo para `{name}`: `{secret}`\nO antigo não funciona mais; dê este ao remetente.",
    ]
}
