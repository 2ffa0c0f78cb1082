extension Catalog {
    static let en: [TextKey: Phrase] = [
        // Command table and help
        .done: "Done.",
        .unknownCommand: "Unknown command `{command}`, try `{help}`.",
        .permissionNeeded: "Sorry, `{command}` needs the {needed} permission level; you have {have}.",
        .usage: "**Usage:** `{usage}`",
        .commandFailed: "`{command}` failed: {error}",
        .adminOnly: "_(admin)_",
        .sectionConversation: "Conversation",
        .sectionAgents: "Agents",
        .sectionAutomation: "Automation",
        .sectionAdmin: "Admin",
        .sectionOther: "Other",
        .summaryHelp: "this list",
        .summaryPing: "check that Troupe answers",
        .summaryStatus: "agent, provider, model, session, tokens, cost, queue",
        .summaryNew: "start a fresh session (the old one is kept by the provider)",
        .summaryStop: "kill the running turn and drop the queue",
        .summaryInterrupt: "interrupt the running turn, keep the queue",
        .summaryModel: "show or change the model (picker without a name)",
        .summaryAgents: "list agents; admins add and remove them",
        .summaryWhere: "the rooms each agent is in",
        .summaryLeave: "make the agent leave this room",
        .summaryCrypto: "each agent's encryption device; `trust` accepts a user's new cross-signing identity",
        .summaryStopAll: "stop every agent's work everywhere",
        .summarySession: "start a named side session with its own context; continue it with @NAME TEXT",
        .summarySessions: "list this chat's named sessions, or end them",
        .summaryRuns: "sub-agent runs started from this chat: state, age, tokens; kill, inspect or steer them",
        .summaryTasks: "background tasks agents started from this chat, and their questions to you",
        .summaryCron: "scheduled jobs: cron (`0 9 * * 1-5`), `every 10m` or `at 2026-12-24 18:00`, answered in this chat",
        .summaryHeartbeat: "let the agent check in on a schedule and speak only when there is something to report",
        .summaryWebhook: "URLs that ask an agent when a signed payload is POSTed; `{{payload}}` and `{{header.X}}` in the template",
        .summaryStart: "greeting and how to begin",
        .summaryAgent: "show or switch the agent this chat talks to",
        .summaryLanguage: "show or change the language Troupe answers in here",

        // Router
        .notAllowed: "Sorry, {name} is not allowed to use Troupe.",
        .answerPassed: "Passed your answer to task {run} ({agent}).",
        .attachmentUnreadable: "⚠️ I could not read that attachment: {error}",
        .emptyAfterName: "Say something after `@{agent}`, e.g. `@{agent} what are you working on?`",
        .onlyTextAndFiles: "I can only pass text and files (photos, documents, audio, voice notes, videos) to the agents so far.",
        .menuNotOpen: "That menu is no longer open (Troupe may have restarted); run the command again.",
        .menuExpired: "That menu has expired; run the command again.",
        .choiceAlreadyMade: "That choice was already made.",
        .menuNotYours: "Only the person this menu was made for can choose here.",
        .pickNumber: "Pick a number from 1 to {count}.",
        .turnsAhead: .plural(one: "Queued: {count} turn ahead of yours.", other: "Queued: {count} turns ahead of yours."),
        .filesNotSent: "Some files were not sent:",

        // Built-in commands
        .noAgentNamed: "No agent named {agent}.",
        .newSession: "Started a new session with {agent}.",
        .interrupted: "Interrupted {agent}'s running turn; queued messages continue.",
        .notWorkingOn: "{agent} is not working on anything.",
        .stopNothing: "{agent} was not working on anything.",
        .stoppedTurn: "Stopped {agent}'s running turn.",
        .droppedQueued: .plural(one: "Dropped {count} queued message for {agent}.", other: "Dropped {count} queued messages for {agent}."),
        .stoppedAndDropped: .plural(one: "Stopped {agent}'s running turn and dropped {count} queued message.",
                                    other: "Stopped {agent}'s running turn and dropped {count} queued messages."),
        .stoppedEverything: "Stopped every running turn and cleared every queue.",
        .providerMenu: "Provider for {agent} (now: {current}):",
        .providerUnknown: "There is no provider named {name}. Configured: {list}.",
        .providerNow: "{agent} now uses {provider}.",
        .providerDefault: "{agent} now uses {provider}, its configured provider.",
        .providerModelCleared: "The model chosen here ({model}) is not one of {provider}'s, so {provider}'s default applies.",
        .providerRunningTurn: "The running turn finishes on {old}; the next one uses {new}.",
        .summaryProvider: "show or change the provider (picker without a name)",
        .configRejected: "⚠️ The config file changed, but it has problems, so Troupe keeps running with the previous config:\n{problems}",
        .configRestartNeeded: "ℹ️ The config was reloaded. These keys changed but apply only after a restart: {keys}.",
        .modelMenu: "Model for {agent} (now: {current}):",
        .modelNow: "{agent} now uses {model}.",
        .modelDefault: "{agent} now uses its default model.",
        .whereNobody: "No agent is in any room.",
        .whereNoRooms: "no rooms",
        .statusWorking: "working",
        .statusIdle: "idle",
        .statusDefaultModel: "default",
        .statusNewSession: "new",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - provider: {provider}, model: {model}
                - session: {session}
                - tokens: {input} in, {output} out over {count} turn; cost {cost}
                - queue: {queue} waiting
                """,
            other: """
                **{agent}** — {state}
                - provider: {provider}, model: {model}
                - session: {session}
                - tokens: {input} in, {output} out over {count} turns; cost {cost}
                - queue: {queue} waiting
                """),
        .agentsNeedAdmin: "Sorry, `{command}` needs the admin permission level.",
        .agentExists: "There already is an agent named {name}.",
        .mainAgentStays: "The main agent cannot be removed.",
        .noAgentCalled: "There is no agent named {name}.",
        .cannotRemove: "Cannot remove {name}: {error}",
        .unknownSubcommand: "Unknown subcommand \"{verb}\".",
        .unexpectedArgument: "Unexpected \"{argument}\".",
        .unknownOption: "Unknown or incomplete option \"{option}\".",

        // Languages
        .languageOwn: "This chat speaks **{language}** (set with `{command}`; `{command} default` goes back to Troupe's default).",
        .languageDefault: "This chat speaks **{language}**, Troupe's default. Change it here with `{command} CODE`.",
        .languageAvailable: "Available: {available}.",
        .languageSet: "This chat now speaks **{language}**.",
        .languageReset: "This chat speaks Troupe's default language again: **{language}**.",
        .languageUnknown: "There is no language \"{code}\". Available: {available}.",
        .languageNoChat: "A language can only be set for a chat.",

        // Telegram
        .telegramStart: "Hi! Messages here go to **{agent}**. Send `{help}` for the commands.",
        .agentOwnBot: "This is {agent}'s own bot; it always talks to {agent}.",
        .agentMenu: "This chat talks to **{agent}**. Switch to:",
        .noAgentNamedList: "There is no agent named {name}. Agents: {agents}.",
        .agentMainAgain: "This chat talks to **main** again.",
        .agentSwitched: "This chat now talks to **{agent}**. `{command}` switches back.",

        // Menus, answers, welcome, run notices
        .menuHint: "_React with a number or type it._",
        .menuPage: "Page {page} of {pages} — ◀️ ▶️ to turn",
        .menuChoose: "Choose:",
        .menuPageShort: "_Page {page} of {pages}_",
        .usingTool: "⚙️ using {tool}…",
        .noAnswer: "_(no answer)_",
        .welcomeIntro: "👋 I am **{name}** (`{agent}`), an agent running on **{provider}**.",
        .welcomeIntroModel: "👋 I am **{name}** (`{agent}`), an agent running on **{provider}**, model `{model}`.",
        .welcomeBody: """
            Write here and I answer, keeping our conversation's context. I can read files you send, send files back, \
            offer choices (react with the number), and ask the other agents for help.

            - `{prefix}help`: every command
            - `{prefix}new`: start a fresh conversation
            - `{prefix}stop`: stop what I am doing

            To bring me into another room, invite `{user}` there; in a group room, mention me or reply to me.
            """,
        .welcomeMissingTool: "⚠️ `{command}` is not installed here, so I cannot answer yet (commands work). To fix it:",
        .welcomeInstallTool: "- install {tool}: `{install}`, and log in to it",
        .welcomeSetCommand: "- or set `providers.{provider}.command` in {file} to where it is",
        .welcomeServerOption: "{kind} (an OpenAI-compatible server such as Ollama, with `providers.{kind}.base_url` and a `model`)",
        .welcomeSwitchProvider: "- or set `agents.{agent}.provider` there to {options}",
        .welcomeApplies: "A change to the config file applies within seconds, without a restart. Details: {doc}",
        .theConfigFile: "the config file",
        .runNotice: "🛠️ Working on run **{run}** for {agent}: {task}",
        .runNoticeFrom: "🛠️ Working on run **{run}** for {agent} from [this room]({link}): {task}",
        .runQuestion: "❓ **Task {run}** ({agent}) asks: {question}\n\n_Reply to this message to answer, or use `{command} {run} TEXT`._",

        // Sessions
        .sessionsUnavailable: "Named sessions are not available here.",
        .noAgentOrProvider: "No agent or provider named `{target}`.",
        .sessionNeedsPrompt: "Say what the session is about.",
        .sessionStarted: "Started session **{name}** with {with}. Continue it with `@{name} …`; end it with `{command}`.",
        .sessionWithProvider: "{agent} on {provider}",
        .sessionsDropped: "(A chat keeps at most {max} sessions, so **{names}** ended.)",
        .sessionsNone: "No named sessions here. Start one with `{command}`.",
        .sessionsList: "Named sessions here (continue one with `@NAME …`):",
        .sessionLine: "- **{name}** with {agent}, since {age}",
        .sessionsMenu: "Tap to end one:",
        .sessionEndOption: "End {name}",
        .sessionsNoneShort: "No named sessions here.",
        .sessionsEndedCount: .plural(one: "Ended {count} session.", other: "Ended {count} sessions."),
        .noSessionNamed: "No session named **{name}** here.",
        .sessionEnded: "Ended session **{name}**.",
        .ageJustNow: "just now",
        .ageSeconds: .plural(one: "{count} s", other: "{count} s"),
        .ageMinutes: .plural(one: "{count} min", other: "{count} min"),
        .ageHours: .plural(one: "{count} h", other: "{count} h"),
        .ageDays: .plural(one: "{count} day", other: "{count} days"),

        // Runs and tasks
        .runsUnavailable: "Runs are not available here.",
        .tasksUnavailable: "Tasks are not available here.",
        .noRunHere: "No run `{run}` started from this chat (see `{command}`).",
        .runsNone: "No runs yet.",
        .runsNoneHere: "No runs were started from this chat.",
        .runKillOption: "Kill {run}",
        .runInfoOption: "Info {run}",
        .runsHeader: "Runs:",
        .runsHeaderHere: "Runs from this chat:",
        .runsNoneUnfinished: "No run of this chat is unfinished.",
        .runsKilled: .plural(one: "Killed {count} run.", other: "Killed {count} runs."),
        .runAlreadyEnded: "Run {run} already ended: {state}.",
        .runKilled: "Killed run {run}.",
        .runKilledWithBelow: .plural(one: "Killed run {run} and {count} run below it.", other: "Killed run {run} and {count} runs below it."),
        .runSteerFailed: "Could not steer run {run}: {error}",
        .runSteered: "Run {run} will work on that after its current step.",
        .tasksNone: "No background tasks are running for this chat.",
        .taskWaiting: "- ❓ `{run}` ({agent}) waits for your answer: {question} — reply to its question or `{command} {run} TEXT`",
        .taskCancelOption: "Cancel {run}",
        .tasksHeader: "Background tasks of this chat:",
        .taskAlreadyEnded: "Task {run} already ended: {state}.",
        .taskCancelled: "Cancelled task {run}.",
        .taskNotWaiting: "Task {run} is not waiting for an answer here.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} token{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} tokens{nested} — {task}"),
        .runUnder: ", under {parent}",
        .runDetailsHeader: "**Run {run}** — {agent}, {state}",
        .runAskedBy: "- asked by {agent}, {age} ago",
        .runAskedByFor: "- asked by {agent} for {user}, {age} ago",
        .runTask: "- task: {task}",
        .runTokens: "- tokens: {input} in, {output} out",
        .runParent: "- under run {parent} (depth {depth})",
        .runProvider: "- provider: {provider}",
        .runProviderModel: "- provider: {provider}, model {model}",
        .runResult: "- result: {result}",
        .runDeliveryFailed: "- ⚠️ delivery failed: {reason}",
        .unknownReason: "unknown reason",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Done ({input}→{output} tokens):\n\n{result}",
        .footerTokens: "{input}→{output} tokens",
        .healthUnknown: "unknown",
        .healthNoProvider: "⚠️ provider {provider} is not configured",
        .healthNotFound: "⚠️ {command} not found",
        .healthReady: "ready",
        .noEncryption: "This transport has no end-to-end encryption.",
        .encryptionOff: "Encryption is off (`encryption.allow: false`).",
        .cryptoNoDevice: "No agent device is set up yet.",
        .cryptoDeviceLine: "- **{user}** device `{device}` ({state}): {keys}; one-time keys: {otks}; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "no keys",
        .cryptoNotReported: "not reported yet",
        .cryptoCrossSigned: "cross-signed, master key `{key}`",
        .cryptoNotCrossSigned: "not cross-signed",
        .cryptoReady: "ready",
        .cryptoNotReady: "not ready",
        .notAUserID: "Not a user id: {user}",
        .identityTrusted: "The current cross-signing identity of {user} is trusted now; their cross-signed devices get keys again.",
        .identityUnknown: "I know no cross-signing keys of {user}.",
        .identityTrustFailed: "Could not update the trust in {user}: {error}",
        .matrixAgentAdded: "Added **{name}** as {user}. It invited you to its room ({room}).",
        .agentRemovedRooms: .plural(one: "Removed **{name}**; it left {count} room.", other: "Removed **{name}**; it left {count} rooms."),
        .historyDeleted: "Its history is deleted.",
        .historyKept: "Its history is kept.",
        .notAMatrixRoom: "This is no Matrix room.",
        .goodbye: "Goodbye.",
        .leaveNoSuchAgent: "There is no such agent.",
        .leaveAgentRemoved: "The agent was removed.",
        .leaveAsked: "Asked to leave with {command}.",
        .telegramAgentAdded: "Added **{name}**. Talk to it here with `/agent {name}`, or once with `@{name} …`.",
        .telegramAgentRemoved: "Removed **{name}**.",
        .privateChatStays: "A private chat cannot be left; `/agent main` switches back to the main agent.",
        .telegramGroupNotAllowed: "This group may not use this bot (group id {id}). An admin can add the id to telegram.allowed_groups.",
        .buttonNotOurs: "This button is not Troupe's.",
        .telegramAdmissionHint: "Your Telegram user id is `{id}`: an admin can add it to `telegram.allowed_users`.",
        .yourSession: "your session `{device}`",
        .unknownSession: "a session I cannot find among your devices",
        .insecureIdentityChanged: """
            ⚠️ I did not act on your message from {which}: your cross-signing identity changed since I first saw it, \
            so I do not trust your sessions until that is confirmed. If you reset your identity yourself, ask a Troupe \
            admin to run `{command}`.
            """,
        .insecureBelowLevel: """
            ⚠️ I did not act on your message: it came from {which}, which is {trust} and I only answer sessions that \
            are at least {level}. Verify this session from one of your verified sessions (in Element: Settings → \
            Sessions → Verify), or ask the Troupe admin to lower encryption.verification_levels.send.
            """,
        .encryptionOffNotice: """
            This Troupe has end-to-end encryption turned off, so I cannot read messages in this encrypted \
            room. The admin can turn it on with `encryption.allow: true` in Troupe's config.
            """,
        .unreadableNoKeys: """
            ⚠️ I could not read your message: your client has not shared its keys with my device ({device}), \
            not even after I asked for them. Send it again; if this keeps happening, verify my session or let your \
            client share keys with unverified sessions.
            """,
        .unreadable: """
            ⚠️ I could not read your message ({reason}). Send it again; if this keeps happening, check that \
            your client shares keys with my device ({device}).
            """,
        .plaintextDropped: """
            ⚠️ Your message was not encrypted, but this room is, so I ignored it \
            (encryption.require). Check that your client encrypts in this room, then send it again.
            """,
        .encryptionRequired: """
            This Troupe only talks in end-to-end encrypted rooms (encryption.require). \
            Turn on encryption in the room's settings, or invite me to an encrypted room.
            """,
        .undeliverable: "⚠️ This could not be delivered to {chat} ({reason}):",
        .gaveUpWorking: .plural(
            one: "⚠️ Troupe restarted {count} time while I was working on your message “{quoted}”, so I stopped trying. It was not finished; send it again if you still need it.",
            other: "⚠️ Troupe restarted {count} times while I was working on your message “{quoted}”, so I stopped trying. It was not finished; send it again if you still need it."),
        .gaveUpQueued: .plural(
            one: "⚠️ Troupe restarted {count} time while I was about to work on your message “{quoted}”, so I stopped trying. It was not finished; send it again if you still need it.",
            other: "⚠️ Troupe restarted {count} times while I was about to work on your message “{quoted}”, so I stopped trying. It was not finished; send it again if you still need it."),

        // Automation
        .refusalAdmins: "Only admins may change {what}; `{command}` shows them.",
        .refusalUsers: "Only permitted users may change {what}; `{command}` shows them.",
        .whatJobs: "scheduled jobs",
        .whatHeartbeats: "heartbeats",
        .whatWebhooks: "webhooks",
        .none: "none",
        .jobsUnavailable: "Scheduled jobs are not available here.",
        .cronPromptMissing: "Write the prompt after `--`: `{example}`.",
        .cronPromptEmpty: "Say what the agent should be asked after `--`.",
        .jobsNoChat: "Jobs cannot be made in this chat.",
        .scheduleBroken: "That schedule does not work: {error}.",
        .jobAdded: "Scheduled `{id}` for {agent}: {schedule}. Next run: {next}.",
        .jobsNone: "No jobs here.",
        .jobsEmpty: "No scheduled jobs in this chat. `{command}` makes one.",
        .jobPaused: "paused",
        .jobNext: "next {when}",
        .jobDone: "done",
        .jobResumeOption: "Resume {id}",
        .jobPauseOption: "Pause {id}",
        .jobDeleteOption: "Delete {id}",
        .jobsHeader: "Scheduled jobs here:",
        .noJob: "There is no job `{id}` here (see `{command}`).",
        .jobPausedDone: "Paused `{id}`.",
        .currentRunGoesOn: "Its current run goes on.",
        .jobResumed: "Resumed `{id}`. Next run: {next}.",
        .jobDeleted: "Deleted `{id}`.",
        .jobRunning: "Running `{id}` now.",
        .jobAlreadyRunning: "`{id}` is running already.",
        .heartbeatsUnavailable: "Heartbeats are not available here.",
        .heartbeatsNoChat: "Heartbeats cannot be set in this chat.",
        .heartbeatNone: "There is no heartbeat here.",
        .heartbeatOff: "The heartbeat is off.",
        .currentCheckGoesOn: "Its current check goes on.",
        .heartbeatHowOften: "Say how often: `{example}`.",
        .heartbeatOn: "💓 Heartbeat on: {description}. {agent} posts here only when there is something to report.",
        .heartbeatBroken: "That heartbeat does not work: {error}.",
        .heartbeatNoneStart: "No heartbeat here. `{example}` starts one.",
        .heartbeatStatus: "💓 Heartbeat: {description}.",
        .heartbeatNext: "Next check: {when}.",
        .heartbeatLast: "Last check: {when}.",
        .heartbeatQuiet: "quiet {quiet} ({zone})",
        .heartbeatChecking: "checking: {prompt}",
        .webhooksUnavailable: "Webhooks are not available here.",
        .webhookNameMissing: "Name the hook: `{example}`.",
        .webhookNameBad: "A webhook's name is part of its URL: lowercase letters, digits, `-` and `_` (up to 64), like `{suggestion}`.",
        .webhooksNoChat: "Webhooks cannot be made in this chat.",
        .webhookExists: "There is a webhook `{name}` already; pick another name, or `{command}` first.",
        .webhookMade: "Made webhook `{name}` for {agent}; its answers come to this chat.",
        .webhookURL: "URL: `{url}`",
        .webhookSecret: "Secret: `{secret}`",
        .webhookHowToSend: "Send JSON or text with `POST`, signed in `X-Hub-Signature-256` (GitHub does this when you give it the secret).",
        .webhookListenerOffAdd: "⚠️ The webhook listener is off, so nothing reaches this URL yet: set `automation.webhooks.enabled: true` in the config and restart Troupe.",
        .webhookSecretWarning: "Whoever can read this chat's history can read the secret; `{command}` makes a new one.",
        .webhooksNone: "No webhooks here.",
        .webhooksEmpty: "No webhooks in this chat. `{command}` makes one.",
        .webhookListenerOff: "The webhook listener is off (`automation.webhooks.enabled`).",
        .webhooksHeader: "Webhooks here:",
        .webhookDeleteOption: "Delete {name}",
        .noWebhook: "There is no webhook `{name}` here (see `{command}`).",
        .webhookDeleted: "Deleted webhook `{name}`; deliveries to it now get 404.",
        .webhookRotated: "New secret for `{name}`: `{secret}`\nThe old one no longer works; give the sender this one.",
    ]
}
