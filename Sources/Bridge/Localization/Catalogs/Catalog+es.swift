extension Catalog {
    static let es: [TextKey: Phrase] = [
        // Command table and help
        .done: "Hecho.",
        .unknownCommand: "Comando desconocido `{command}`, prueba `{help}`.",
        .permissionNeeded: "Lo siento, `{command}` requiere el nivel de permiso {needed}; tú tienes {have}.",
        .usage: "**Uso:** `{usage}`",
        .commandFailed: "`{command}` falló: {error}",
        .adminOnly: "_(admin)_",
        .sectionConversation: "Conversación",
        .sectionAgents: "Agentes",
        .sectionAutomation: "Automatización",
        .sectionAdmin: "Administración",
        .sectionOther: "Otros",
        .summaryHelp: "esta lista",
        .summaryPing: "comprobar que Troupe responde",
        .summaryStatus: "agente, proveedor, modelo, sesión, tokens, coste, cola",
        .summaryNew: "empezar una sesión nueva (el proveedor conserva la anterior)",
        .summaryStop: "detener el turno en curso y vaciar la cola",
        .summaryInterrupt: "interrumpir el turno en curso, conservar la cola",
        .summaryModel: "mostrar o cambiar el modelo (sin nombre, un selector)",
        .summaryAgents: "listar los agentes; los administradores los añaden y los quitan",
        .summaryWhere: "las salas en las que está cada agente",
        .summaryLeave: "hacer que el agente salga de esta sala",
        .summaryCrypto: "el dispositivo de cifrado de cada agente; `trust` acepta la nueva identidad de firma cruzada de un usuario",
        .summaryStopAll: "detener el trabajo de todos los agentes en todas partes",
        .summarySession: "empezar una sesión paralela con nombre y su propio contexto; continúala con @NOMBRE TEXTO",
        .summarySessions: "listar las sesiones con nombre de este chat, o terminarlas",
        .summaryRuns: "ejecuciones de subagentes iniciadas desde este chat: estado, antigüedad, tokens; detenerlas, examinarlas o guiarlas",
        .summaryTasks: "tareas en segundo plano que los agentes iniciaron desde este chat, y sus preguntas para ti",
        .summaryCron: "tareas programadas: cron (`0 9 * * 1-5`), `every 10m` o `at 2026-12-24 18:00`, con respuesta en este chat",
        .summaryHeartbeat: "que el agente revise periódicamente y solo hable cuando haya algo que contar",
        .summaryWebhook: "URL que consultan a un agente cuando llega por POST un contenido firmado; `{{payload}}` y `{{header.X}}` en la plantilla",
        .summaryStart: "saludo y cómo empezar",
        .summaryAgent: "mostrar o cambiar el agente con el que habla este chat",
        .summaryLanguage: "mostrar o cambiar el idioma en que Troupe responde aquí",

        // Router
        .notAllowed: "Lo siento, {name} no tiene permiso para usar Troupe.",
        .answerPassed: "Tu respuesta se ha pasado a la tarea {run} ({agent}).",
        .attachmentUnreadable: "⚠️ No pude leer ese adjunto: {error}",
        .emptyAfterName: "Escribe algo después de `@{agent}`, por ejemplo `@{agent} ¿en qué estás trabajando?`",
        .onlyTextAndFiles: "Por ahora solo puedo pasar a los agentes texto y archivos (fotos, documentos, audio, notas de voz, vídeos).",
        .menuNotOpen: "Ese menú ya no está abierto (puede que Troupe se haya reiniciado); vuelve a ejecutar el comando.",
        .menuExpired: "Ese menú ha caducado; vuelve a ejecutar el comando.",
        .choiceAlreadyMade: "Esa opción ya se eligió.",
        .menuNotYours: "Solo la persona para quien se hizo este menú puede elegir aquí.",
        .pickNumber: "Elige un número del 1 al {count}.",
        .turnsAhead: .plural(one: "En cola: {count} turno antes del tuyo.", other: "En cola: {count} turnos antes del tuyo."),
        .filesNotSent: "Algunos archivos no se enviaron:",

        // Built-in commands
        .noAgentNamed: "No hay ningún agente llamado {agent}.",
        .newSession: "Nueva sesión iniciada con {agent}.",
        .interrupted: "Se interrumpió el turno en curso de {agent}; los mensajes en cola continúan.",
        .notWorkingOn: "{agent} no está trabajando en nada.",
        .stopNothing: "{agent} no estaba trabajando en nada.",
        .stoppedTurn: "Se detuvo el turno en curso de {agent}.",
        .droppedQueued: .plural(one: "Se descartó {count} mensaje en cola para {agent}.", other: "Se descartaron {count} mensajes en cola para {agent}."),
        .stoppedAndDropped: .plural(one: "Se detuvo el turno en curso de {agent} y se descartó {count} mensaje en cola.",
                                    other: "Se detuvo el turno en curso de {agent} y se descartaron {count} mensajes en cola."),
        .stoppedEverything: "Se detuvieron todos los turnos en curso y se vaciaron todas las colas.",
        .providerMenu: "Proveedor de {agent} (ahora: {current}):",
        .providerUnknown: "No hay ningún proveedor llamado {name}. Configurados: {list}.",
        .providerNow: "{agent} usa ahora {provider}.",
        .providerDefault: "{agent} usa ahora {provider}, su proveedor configurado.",
        .providerModelCleared: "El modelo elegido aquí ({model}) no es de {provider}, así que se aplica el predeterminado de {provider}.",
        .providerRunningTurn: "El turno en curso termina con {old}; el siguiente usa {new}.",
        .summaryProvider: "ver o cambiar el proveedor (sin nombre: un selector)",
        .configRejected: "⚠️ El archivo de configuración cambió, pero tiene errores; Troupe sigue con la configuración anterior:\n{problems}",
        .configRestartNeeded: "ℹ️ La configuración se recargó. Estas claves cambiaron y solo se aplican tras reiniciar: {keys}.",
        .modelMenu: "Modelo para {agent} (ahora: {current}):",
        .modelNow: "{agent} usa ahora {model}.",
        .modelDefault: "{agent} usa ahora su modelo predeterminado.",
        .whereNobody: "Ningún agente está en ninguna sala.",
        .whereNoRooms: "ninguna sala",
        .statusWorking: "trabajando",
        .statusIdle: "inactivo",
        .statusDefaultModel: "predeterminado",
        .statusNewSession: "nueva",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - proveedor: {provider}, modelo: {model}
                - sesión: {session}
                - tokens: {input} de entrada, {output} de salida en {count} turno; coste {cost}
                - cola: {queue} en espera
                """,
            other: """
                **{agent}** — {state}
                - proveedor: {provider}, modelo: {model}
                - sesión: {session}
                - tokens: {input} de entrada, {output} de salida en {count} turnos; coste {cost}
                - cola: {queue} en espera
                """),
        .agentsNeedAdmin: "Lo siento, `{command}` requiere el nivel de permiso admin.",
        .agentExists: "Ya hay un agente llamado {name}.",
        .mainAgentStays: "El agente principal no se puede quitar.",
        .noAgentCalled: "No hay ningún agente llamado {name}.",
        .cannotRemove: "No se puede quitar {name}: {error}",
        .unknownSubcommand: "Subcomando desconocido «{verb}».",
        .unexpectedArgument: "«{argument}» inesperado.",
        .unknownOption: "Opción desconocida o incompleta «{option}».",

        // Languages
        .languageOwn: "Este chat habla **{language}** (elegido con `{command}`; `{command} default` vuelve al idioma predeterminado de Troupe).",
        .languageDefault: "Este chat habla **{language}**, el idioma predeterminado de Troupe. Cámbialo aquí con `{command} CODE`.",
        .languageAvailable: "Disponibles: {available}.",
        .languageSet: "Este chat habla ahora **{language}**.",
        .languageReset: "Este chat vuelve a hablar el idioma predeterminado de Troupe: **{language}**.",
        .languageUnknown: "No existe el idioma «{code}». Disponibles: {available}.",
        .languageNoChat: "Solo se puede elegir un idioma para un chat.",

        // Telegram
        .telegramStart: "¡Hola! Los mensajes de aquí van a **{agent}**. Envía `{help}` para ver los comandos.",
        .agentOwnBot: "Este es el bot propio de {agent}; siempre habla con {agent}.",
        .agentMenu: "Este chat habla con **{agent}**. Cambiar a:",
        .noAgentNamedList: "No hay ningún agente llamado {name}. Agentes: {agents}.",
        .agentMainAgain: "Este chat vuelve a hablar con **main**.",
        .agentSwitched: "Este chat habla ahora con **{agent}**. `{command}` vuelve atrás.",

        // Menus, answers, welcome, run notices
        .menuHint: "_Reacciona con un número o escríbelo._",
        .menuPage: "Página {page} de {pages} — ◀️ ▶️ para pasar",
        .menuChoose: "Elige:",
        .menuPageShort: "_Página {page} de {pages}_",
        .usingTool: "⚙️ usando {tool}…",
        .noAnswer: "_(sin respuesta)_",
        .welcomeIntro: "👋 Soy **{name}** (`{agent}`), un agente que funciona con **{provider}**.",
        .welcomeIntroModel: "👋 Soy **{name}** (`{agent}`), un agente que funciona con **{provider}**, modelo `{model}`.",
        .welcomeBody: """
            Escribe aquí y te respondo, manteniendo el contexto de nuestra conversación. Puedo leer los archivos que envíes, \
            devolver archivos, ofrecer opciones (reacciona con el número) y pedir ayuda a los otros agentes.

            - `{prefix}help`: todos los comandos
            - `{prefix}new`: empezar una conversación nueva
            - `{prefix}stop`: detener lo que estoy haciendo

            Para llevarme a otra sala, invita allí a `{user}`; en una sala de grupo, mencióname o respóndeme.
            """,
        .welcomeMissingTool: "⚠️ `{command}` no está instalado aquí, así que aún no puedo responder (los comandos funcionan). Para arreglarlo:",
        .welcomeInstallTool: "- instala {tool}: `{install}` e inicia sesión",
        .welcomeSetCommand: "- o pon en `providers.{provider}.command` de {file} la ruta donde está",
        .welcomeServerOption: "{kind} (un servidor compatible con OpenAI como Ollama, con `providers.{kind}.base_url` y un `model`)",
        .welcomeSwitchProvider: "- o cambia allí `agents.{agent}.provider` a {options}",
        .welcomeApplies: "Un cambio en el archivo de configuración se aplica en segundos, sin reiniciar. Detalles: {doc}",
        .theConfigFile: "el archivo de configuración",
        .runNotice: "🛠️ Trabajando en la ejecución **{run}** para {agent}: {task}",
        .runNoticeFrom: "🛠️ Trabajando en la ejecución **{run}** para {agent} desde [esta sala]({link}): {task}",
        .runQuestion: "❓ **La tarea {run}** ({agent}) pregunta: {question}\n\n_Responde a este mensaje o usa `{command} {run} TEXTO`._",

        // Sessions
        .sessionsUnavailable: "Las sesiones con nombre no están disponibles aquí.",
        .noAgentOrProvider: "No hay ningún agente ni proveedor llamado `{target}`.",
        .sessionNeedsPrompt: "Di de qué trata la sesión.",
        .sessionStarted: "Sesión **{name}** iniciada con {with}. Continúala con `@{name} …`; termínala con `{command}`.",
        .sessionWithProvider: "{agent} con {provider}",
        .sessionsDropped: "(Un chat guarda como mucho {max} sesiones, así que **{names}** terminó.)",
        .sessionsNone: "No hay sesiones con nombre aquí. Empieza una con `{command}`.",
        .sessionsList: "Sesiones con nombre aquí (continúa una con `@NOMBRE …`):",
        .sessionLine: "- **{name}** con {agent}, desde hace {age}",
        .sessionsMenu: "Toca para terminar una:",
        .sessionEndOption: "Terminar {name}",
        .sessionsNoneShort: "No hay sesiones con nombre aquí.",
        .sessionsEndedCount: .plural(one: "Se terminó {count} sesión.", other: "Se terminaron {count} sesiones."),
        .noSessionNamed: "No hay ninguna sesión llamada **{name}** aquí.",
        .sessionEnded: "Sesión **{name}** terminada.",
        .ageJustNow: "un momento",
        .ageSeconds: .plural(one: "{count} s", other: "{count} s"),
        .ageMinutes: .plural(one: "{count} min", other: "{count} min"),
        .ageHours: .plural(one: "{count} h", other: "{count} h"),
        .ageDays: .plural(one: "{count} día", other: "{count} días"),

        // Runs and tasks
        .runsUnavailable: "Las ejecuciones no están disponibles aquí.",
        .tasksUnavailable: "Las tareas no están disponibles aquí.",
        .noRunHere: "No hay ninguna ejecución `{run}` iniciada desde este chat (mira `{command}`).",
        .runsNone: "Todavía no hay ejecuciones.",
        .runsNoneHere: "No se ha iniciado ninguna ejecución desde este chat.",
        .runKillOption: "Detener {run}",
        .runInfoOption: "Detalles de {run}",
        .runsHeader: "Ejecuciones:",
        .runsHeaderHere: "Ejecuciones de este chat:",
        .runsNoneUnfinished: "Ninguna ejecución de este chat está sin terminar.",
        .runsKilled: .plural(one: "Se detuvo {count} ejecución.", other: "Se detuvieron {count} ejecuciones."),
        .runAlreadyEnded: "La ejecución {run} ya terminó: {state}.",
        .runKilled: "Se detuvo la ejecución {run}.",
        .runKilledWithBelow: .plural(one: "Se detuvo la ejecución {run} y {count} ejecución por debajo.",
                                     other: "Se detuvo la ejecución {run} y {count} ejecuciones por debajo."),
        .runSteerFailed: "No se pudo guiar la ejecución {run}: {error}",
        .runSteered: "La ejecución {run} se ocupará de eso después de su paso actual.",
        .tasksNone: "No hay tareas en segundo plano en marcha para este chat.",
        .taskWaiting: "- ❓ `{run}` ({agent}) espera tu respuesta: {question} — responde a su pregunta o usa `{command} {run} TEXTO`",
        .taskCancelOption: "Cancelar {run}",
        .tasksHeader: "Tareas en segundo plano de este chat:",
        .taskAlreadyEnded: "La tarea {run} ya terminó: {state}.",
        .taskCancelled: "Tarea {run} cancelada.",
        .taskNotWaiting: "La tarea {run} no espera ninguna respuesta aquí.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} token{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} tokens{nested} — {task}"),
        .runUnder: ", bajo {parent}",
        .runDetailsHeader: "**Ejecución {run}** — {agent}, {state}",
        .runAskedBy: "- pedida por {agent}, hace {age}",
        .runAskedByFor: "- pedida por {agent} para {user}, hace {age}",
        .runTask: "- tarea: {task}",
        .runTokens: "- tokens: {input} de entrada, {output} de salida",
        .runParent: "- bajo la ejecución {parent} (profundidad {depth})",
        .runProvider: "- proveedor: {provider}",
        .runProviderModel: "- proveedor: {provider}, modelo {model}",
        .runResult: "- resultado: {result}",
        .runDeliveryFailed: "- ⚠️ la entrega falló: {reason}",
        .unknownReason: "motivo desconocido",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Hecho ({input}→{output} tokens):\n\n{result}",
        .footerTokens: "{input}→{output} tokens",
        .healthUnknown: "desconocido",
        .healthNoProvider: "⚠️ el proveedor {provider} no está configurado",
        .healthNotFound: "⚠️ no se encuentra {command}",
        .healthReady: "listo",
        .noEncryption: "Este transporte no tiene cifrado de extremo a extremo.",
        .encryptionOff: "El cifrado está desactivado (`encryption.allow: false`).",
        .cryptoNoDevice: "Todavía no hay ningún dispositivo de agente configurado.",
        .cryptoDeviceLine: "- **{user}** dispositivo `{device}` ({state}): {keys}; claves de un solo uso: {otks}; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "sin claves",
        .cryptoNotReported: "aún sin informar",
        .cryptoCrossSigned: "con firma cruzada, clave maestra `{key}`",
        .cryptoNotCrossSigned: "sin firma cruzada",
        .cryptoReady: "listo",
        .cryptoNotReady: "no listo",
        .notAUserID: "No es un identificador de usuario: {user}",
        .identityTrusted: "Ahora se confía en la identidad de firma cruzada actual de {user}; sus dispositivos con firma cruzada vuelven a recibir claves.",
        .identityUnknown: "No conozco ninguna clave de firma cruzada de {user}.",
        .identityTrustFailed: "No se pudo actualizar la confianza en {user}: {error}",
        .matrixAgentAdded: "Se añadió **{name}** como {user}. Te ha invitado a su sala ({room}).",
        .agentRemovedRooms: .plural(one: "Se quitó **{name}**; salió de {count} sala.", other: "Se quitó **{name}**; salió de {count} salas."),
        .historyDeleted: "Su historial se ha borrado.",
        .historyKept: "Su historial se conserva.",
        .notAMatrixRoom: "Esto no es una sala de Matrix.",
        .goodbye: "Adiós.",
        .leaveNoSuchAgent: "Ese agente no existe.",
        .leaveAgentRemoved: "Se quitó el agente.",
        .leaveAsked: "Se le pidió salir con {command}.",
        .telegramAgentAdded: "Se añadió **{name}**. Habla con él aquí con `/agent {name}`, o una sola vez con `@{name} …`.",
        .telegramAgentRemoved: "Se quitó **{name}**.",
        .privateChatStays: "No se puede salir de un chat privado; `/agent main` vuelve al agente principal.",
        .telegramGroupNotAllowed: "Este grupo no puede usar este bot (identificador de grupo {id}). Un administrador puede añadir el identificador a telegram.allowed_groups.",
        .buttonNotOurs: "Este botón no es de Troupe.",
        .telegramAdmissionHint: "Tu identificador de usuario de Telegram es `{id}`: un administrador puede añadirlo a `telegram.allowed_users`.",
        .yourSession: "tu sesión `{device}`",
        .unknownSession: "una sesión que no encuentro entre tus dispositivos",
        .insecureIdentityChanged: """
            ⚠️ No atendí tu mensaje enviado desde {which}: tu identidad de firma cruzada cambió desde que la vi por primera vez, \
            así que no confío en tus sesiones hasta que se confirme. Si restableciste tu identidad tú mismo, pide a un \
            administrador de Troupe que ejecute `{command}`.
            """,
        .insecureBelowLevel: """
            ⚠️ No atendí tu mensaje: vino de {which}, que es {trust}, y solo respondo a sesiones que sean \
            al menos {level}. Verifica esta sesión desde una de tus sesiones verificadas (en Element: Ajustes → \
            Sesiones → Verificar), o pide al administrador de Troupe que baje encryption.verification_levels.send.
            """,
        .encryptionOffNotice: """
            Este Troupe tiene el cifrado de extremo a extremo desactivado, así que no puedo leer los mensajes de esta sala \
            cifrada. El administrador puede activarlo con `encryption.allow: true` en la configuración de Troupe.
            """,
        .unreadableNoKeys: """
            ⚠️ No pude leer tu mensaje: tu cliente no ha compartido sus claves con mi dispositivo ({device}), \
            ni siquiera después de pedírselas. Envíalo de nuevo; si sigue pasando, verifica mi sesión o deja que tu \
            cliente comparta claves con sesiones no verificadas.
            """,
        .unreadable: """
            ⚠️ No pude leer tu mensaje ({reason}). Envíalo de nuevo; si sigue pasando, comprueba que \
            tu cliente comparte claves con mi dispositivo ({device}).
            """,
        .plaintextDropped: """
            ⚠️ Tu mensaje no estaba cifrado, pero esta sala sí, así que lo ignoré \
            (encryption.require). Comprueba que tu cliente cifra en esta sala y vuelve a enviarlo.
            """,
        .encryptionRequired: """
            Este Troupe solo habla en salas con cifrado de extremo a extremo (encryption.require). \
            Activa el cifrado en los ajustes de la sala, o invítame a una sala cifrada.
            """,
        .undeliverable: "⚠️ Esto no se pudo entregar a {chat} ({reason}):",
        .gaveUpWorking: .plural(
            one: "⚠️ Troupe se reinició {count} vez mientras trabajaba en tu mensaje «{quoted}», así que dejé de intentarlo. No se terminó; envíalo de nuevo si todavía lo necesitas.",
            other: "⚠️ Troupe se reinició {count} veces mientras trabajaba en tu mensaje «{quoted}», así que dejé de intentarlo. No se terminó; envíalo de nuevo si todavía lo necesitas."),
        .gaveUpQueued: .plural(
            one: "⚠️ Troupe se reinició {count} vez cuando iba a empezar con tu mensaje «{quoted}», así que dejé de intentarlo. No se terminó; envíalo de nuevo si todavía lo necesitas.",
            other: "⚠️ Troupe se reinició {count} veces cuando iba a empezar con tu mensaje «{quoted}», así que dejé de intentarlo. No se terminó; envíalo de nuevo si todavía lo necesitas."),

        // Automation
        .refusalAdmins: "Solo los administradores pueden cambiar {what}; `{command}` los muestra.",
        .refusalUsers: "Solo los usuarios autorizados pueden cambiar {what}; `{command}` los muestra.",
        .whatJobs: "las tareas programadas",
        .whatHeartbeats: "los latidos",
        .whatWebhooks: "los webhooks",
        .none: "ninguna",
        .jobsUnavailable: "Las tareas programadas no están disponibles aquí.",
        .cronPromptMissing: "Escribe la petición después de `--`: `{example}`.",
        .cronPromptEmpty: "Di después de `--` qué hay que preguntar al agente.",
        .jobsNoChat: "No se pueden crear tareas en este chat.",
        .scheduleBroken: "Esa programación no funciona: {error}.",
        .jobAdded: "`{id}` programada para {agent}: {schedule}. Próxima ejecución: {next}.",
        .jobsNone: "No hay tareas aquí.",
        .jobsEmpty: "No hay tareas programadas en este chat. `{command}` crea una.",
        .jobPaused: "en pausa",
        .jobNext: "próxima {when}",
        .jobDone: "terminada",
        .jobResumeOption: "Reanudar {id}",
        .jobPauseOption: "Pausar {id}",
        .jobDeleteOption: "Borrar {id}",
        .jobsHeader: "Tareas programadas aquí:",
        .noJob: "No hay ninguna tarea `{id}` aquí (mira `{command}`).",
        .jobPausedDone: "`{id}` en pausa.",
        .currentRunGoesOn: "La ejecución en curso continúa.",
        .jobResumed: "`{id}` reanudada. Próxima ejecución: {next}.",
        .jobDeleted: "`{id}` borrada.",
        .jobRunning: "`{id}` se está ejecutando ahora.",
        .jobAlreadyRunning: "`{id}` ya se está ejecutando.",
        .heartbeatsUnavailable: "Los latidos no están disponibles aquí.",
        .heartbeatsNoChat: "No se puede configurar un latido en este chat.",
        .heartbeatNone: "No hay ningún latido aquí.",
        .heartbeatOff: "El latido está desactivado.",
        .currentCheckGoesOn: "La comprobación en curso continúa.",
        .heartbeatHowOften: "Di cada cuánto: `{example}`.",
        .heartbeatOn: "💓 Latido activado: {description}. {agent} solo escribe aquí cuando hay algo que contar.",
        .heartbeatBroken: "Ese latido no funciona: {error}.",
        .heartbeatNoneStart: "No hay ningún latido aquí. `{example}` inicia uno.",
        .heartbeatStatus: "💓 Latido: {description}.",
        .heartbeatNext: "Próxima comprobación: {when}.",
        .heartbeatLast: "Última comprobación: {when}.",
        .heartbeatQuiet: "silencio {quiet} ({zone})",
        .heartbeatChecking: "comprueba: {prompt}",
        .webhooksUnavailable: "Los webhooks no están disponibles aquí.",
        .webhookNameMissing: "Ponle nombre al hook: `{example}`.",
        .webhookNameBad: "El nombre de un webhook forma parte de su URL: minúsculas, dígitos, `-` y `_` (hasta 64), como `{suggestion}`.",
        .webhooksNoChat: "No se pueden crear webhooks en este chat.",
        .webhookExists: "Ya hay un webhook `{name}`; elige otro nombre, o primero `{command}`.",
        .webhookMade: "Webhook `{name}` creado para {agent}; sus respuestas llegan a este chat.",
        .webhookURL: "URL: `{url}`",
        .webhookSecret: "Secreto: `{secret}`",
        .webhookHowToSend: "Envía JSON o texto con `POST`, firmado en `X-Hub-Signature-256` (GitHub lo hace cuando le das el secreto).",
        .webhookListenerOffAdd: "⚠️ El receptor de webhooks está apagado, así que todavía no llega nada a esta URL: pon `automation.webhooks.enabled: true` en la configuración y reinicia Troupe.",
        .webhookSecretWarning: "Quien pueda leer el historial de este chat puede leer el secreto; `{command}` crea uno nuevo.",
        .webhooksNone: "No hay webhooks aquí.",
        .webhooksEmpty: "No hay webhooks en este chat. `{command}` crea uno.",
        .webhookListenerOff: "El receptor de webhooks está apagado (`automation.webhooks.enabled`).",
        .webhooksHeader: "Webhooks aquí:",
        .webhookDeleteOption: "Borrar {name}",
        .noWebhook: "No hay ningún webhook `{name}` aquí (mira `{command}`).",
        .webhookDeleted: "Webhook `{name}` borrado; las entregas ahora reciben 404.",
        .webhookRotated: "Nuevo secreto para `{name}`: `{secret}`\nEl anterior ya no funciona; dale este al remitente.",
    ]
}
