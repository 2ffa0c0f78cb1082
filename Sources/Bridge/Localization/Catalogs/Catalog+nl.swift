extension Catalog {
    static let nl: [TextKey: Phrase] = [
        // Command table and help
        .done: "Klaar.",
        .unknownCommand: "Onbekende opdracht `{command}`, probeer `{help}`.",
        .permissionNeeded: "Sorry, `{command}` vereist het machtigingsniveau {needed}; jij hebt {have}.",
        .usage: "**Gebruik:** `{usage}`",
        .commandFailed: "`{command}` is mislukt: {error}",
        .adminOnly: "_(admin)_",
        .sectionConversation: "Gesprek",
        .sectionAgents: "Agenten",
        .sectionAutomation: "Automatisering",
        .sectionAdmin: "Beheer",
        .sectionOther: "Overig",
        .summaryHelp: "deze lijst",
        .summaryPing: "controleren of Troupe antwoordt",
        .summaryStatus: "agent, aanbieder, model, sessie, tokens, kosten, wachtrij",
        .summaryNew: "een nieuwe sessie beginnen (de aanbieder bewaart de oude)",
        .summaryStop: "de lopende beurt stoppen en de wachtrij legen",
        .summaryInterrupt: "de lopende beurt onderbreken, de wachtrij houden",
        .summaryModel: "het model tonen of wijzigen (zonder naam een keuzelijst)",
        .summaryAgents: "agenten tonen; beheerders voegen ze toe en verwijderen ze",
        .summaryWhere: "de ruimtes waarin elke agent zit",
        .summaryLeave: "de agent deze ruimte laten verlaten",
        .summaryCrypto: "het versleutelingsapparaat van elke agent; `trust` accepteert de nieuwe cross-signing-identiteit van een gebruiker",
        .summaryStopAll: "het werk van alle agenten overal stoppen",
        .summarySession: "een benoemde zijsessie met eigen context beginnen; ga verder met @NAAM TEKST",
        .summarySessions: "de benoemde sessies van deze chat tonen, of beëindigen",
        .summaryRuns: "sub-agent-runs die vanuit deze chat zijn gestart: toestand, leeftijd, tokens; stoppen, bekijken of bijsturen",
        .summaryTasks: "achtergrondtaken die agenten vanuit deze chat startten, en hun vragen aan jou",
        .summaryCron: "geplande taken: cron (`0 9 * * 1-5`), `every 10m` of `at 2026-12-24 18:00`, beantwoord in deze chat",
        .summaryHeartbeat: "de agent regelmatig laten kijken en alleen laten spreken als er iets te melden is",
        .summaryWebhook: "URL's die een agent iets vragen wanneer een ondertekende payload via POST binnenkomt; `{{payload}}` en `{{header.X}}` in het sjabloon",
        .summaryStart: "begroeting en hoe je begint",
        .summaryAgent: "de agent van deze chat tonen of wisselen",
        .summaryLanguage: "de taal tonen of wijzigen waarin Troupe hier antwoordt",

        // Router
        .notAllowed: "Sorry, {name} mag Troupe niet gebruiken.",
        .answerPassed: "Je antwoord is doorgegeven aan taak {run} ({agent}).",
        .attachmentUnreadable: "⚠️ Ik kon die bijlage niet lezen: {error}",
        .emptyAfterName: "Schrijf iets na `@{agent}`, bijvoorbeeld `@{agent} waar werk je aan?`",
        .onlyTextAndFiles: "Ik kan de agenten voorlopig alleen tekst en bestanden (foto's, documenten, audio, spraakberichten, video's) doorgeven.",
        .menuNotOpen: "Dat menu is niet meer open (Troupe is misschien herstart); voer de opdracht opnieuw uit.",
        .menuExpired: "Dat menu is verlopen; voer de opdracht opnieuw uit.",
        .choiceAlreadyMade: "Die keuze is al gemaakt.",
        .menuNotYours: "Alleen de persoon voor wie dit menu is gemaakt, kan hier kiezen.",
        .pickNumber: "Kies een getal van 1 tot en met {count}.",
        .turnsAhead: .plural(one: "In de wachtrij: {count} beurt vóór de jouwe.", other: "In de wachtrij: {count} beurten vóór de jouwe."),
        .filesNotSent: "Sommige bestanden zijn niet verstuurd:",

        // Built-in commands
        .noAgentNamed: "Er is geen agent met de naam {agent}.",
        .newSession: "Nieuwe sessie met {agent} begonnen.",
        .interrupted: "De lopende beurt van {agent} is onderbroken; berichten in de wachtrij gaan door.",
        .notWorkingOn: "{agent} werkt nergens aan.",
        .stopNothing: "{agent} werkte nergens aan.",
        .stoppedTurn: "De lopende beurt van {agent} is gestopt.",
        .droppedQueued: .plural(one: "{count} wachtend bericht voor {agent} weggegooid.", other: "{count} wachtende berichten voor {agent} weggegooid."),
        .stoppedAndDropped: .plural(one: "De lopende beurt van {agent} is gestopt en {count} wachtend bericht weggegooid.",
                                    other: "De lopende beurt van {agent} is gestopt en {count} wachtende berichten weggegooid."),
        .stoppedEverything: "Alle lopende beurten gestopt en alle wachtrijen geleegd.",
        .providerMenu: "Provider voor {agent} (nu: {current}):",
        .providerUnknown: "Er is geen provider met de naam {name}. Geconfigureerd: {list}.",
        .providerNow: "{agent} gebruikt nu {provider}.",
        .providerDefault: "{agent} gebruikt nu {provider}, de geconfigureerde provider.",
        .providerModelCleared: "Het hier gekozen model ({model}) hoort niet bij {provider}, dus geldt het standaardmodel van {provider}.",
        .providerRunningTurn: "De lopende beurt eindigt op {old}; de volgende gebruikt {new}.",
        .summaryProvider: "provider tonen of wijzigen (zonder naam: een keuzemenu)",
        .configRejected: "⚠️ Het configuratiebestand is gewijzigd maar bevat fouten; Troupe draait door met de vorige configuratie:\n{problems}",
        .configRestartNeeded: "ℹ️ De configuratie is opnieuw geladen. Deze sleutels zijn gewijzigd en gelden pas na een herstart: {keys}.",
        .modelMenu: "Model voor {agent} (nu: {current}):",
        .modelNow: "{agent} gebruikt nu {model}.",
        .modelDefault: "{agent} gebruikt nu zijn standaardmodel.",
        .whereNobody: "Geen enkele agent zit in een ruimte.",
        .whereNoRooms: "geen ruimtes",
        .statusWorking: "aan het werk",
        .statusIdle: "inactief",
        .statusDefaultModel: "standaard",
        .statusNewSession: "nieuw",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - aanbieder: {provider}, model: {model}
                - sessie: {session}
                - tokens: {input} in, {output} uit over {count} beurt; kosten {cost}
                - wachtrij: {queue} wachtend
                """,
            other: """
                **{agent}** — {state}
                - aanbieder: {provider}, model: {model}
                - sessie: {session}
                - tokens: {input} in, {output} uit over {count} beurten; kosten {cost}
                - wachtrij: {queue} wachtend
                """),
        .agentsNeedAdmin: "Sorry, `{command}` vereist het machtigingsniveau admin.",
        .agentExists: "Er is al een agent met de naam {name}.",
        .mainAgentStays: "De hoofdagent kan niet worden verwijderd.",
        .noAgentCalled: "Er is geen agent met de naam {name}.",
        .cannotRemove: "{name} kan niet worden verwijderd: {error}",
        .unknownSubcommand: "Onbekende subopdracht \"{verb}\".",
        .unexpectedArgument: "Onverwacht: \"{argument}\".",
        .unknownOption: "Onbekende of onvolledige optie \"{option}\".",

        // Languages
        .languageOwn: "Deze chat spreekt **{language}** (ingesteld met `{command}`; `{command} default` gaat terug naar de standaardtaal van Troupe).",
        .languageDefault: "Deze chat spreekt **{language}**, de standaardtaal van Troupe. Wijzig die hier met `{command} CODE`.",
        .languageAvailable: "Beschikbaar: {available}.",
        .languageSet: "Deze chat spreekt nu **{language}**.",
        .languageReset: "Deze chat spreekt weer de standaardtaal van Troupe: **{language}**.",
        .languageUnknown: "De taal \"{code}\" bestaat niet. Beschikbaar: {available}.",
        .languageNoChat: "Een taal kan alleen voor een chat worden ingesteld.",

        // Telegram
        .telegramStart: "Hoi! Berichten hier gaan naar **{agent}**. Stuur `{help}` voor de opdrachten.",
        .agentOwnBot: "Dit is de eigen bot van {agent}; hij praat altijd met {agent}.",
        .agentMenu: "Deze chat praat met **{agent}**. Wisselen naar:",
        .noAgentNamedList: "Er is geen agent met de naam {name}. Agenten: {agents}.",
        .agentMainAgain: "Deze chat praat weer met **main**.",
        .agentSwitched: "Deze chat praat nu met **{agent}**. `{command}` wisselt terug.",

        // Menus, answers, welcome, run notices
        .menuHint: "_Reageer met een getal of typ het._",
        .menuPage: "Pagina {page} van {pages} — ◀️ ▶️ om te bladeren",
        .menuChoose: "Kies:",
        .menuPageShort: "_Pagina {page} van {pages}_",
        .usingTool: "⚙️ gebruikt {tool}…",
        .noAnswer: "_(geen antwoord)_",
        .welcomeIntro: "👋 Ik ben **{name}** (`{agent}`), een agent die draait op **{provider}**.",
        .welcomeIntroModel: "👋 Ik ben **{name}** (`{agent}`), een agent die draait op **{provider}**, model `{model}`.",
        .welcomeBody: """
            Schrijf hier en ik antwoord, met de context van ons gesprek. Ik kan bestanden lezen die je stuurt, \
            bestanden terugsturen, keuzes aanbieden (reageer met het getal) en de andere agenten om hulp vragen.

            - `{prefix}help`: alle opdrachten
            - `{prefix}new`: een nieuw gesprek beginnen
            - `{prefix}stop`: stoppen met wat ik doe

            Om me naar een andere ruimte te halen, nodig je daar `{user}` uit; in een groepsruimte noem je me of antwoord je me.
            """,
        .welcomeMissingTool: "⚠️ `{command}` is hier niet geïnstalleerd, dus ik kan nog niet antwoorden (commando's werken wel). Zo los je het op:",
        .welcomeInstallTool: "- installeer {tool}: `{install}`, en log erin in",
        .welcomeSetCommand: "- of zet `providers.{provider}.command` in {file} op de plek waar het staat",
        .welcomeServerOption: "{kind} (een OpenAI-compatibele server zoals Ollama, met `providers.{kind}.base_url` en een `model`)",
        .welcomeSwitchProvider: "- of zet daar `agents.{agent}.provider` op {options}",
        .welcomeApplies: "Een wijziging in het configuratiebestand geldt binnen enkele seconden, zonder herstart. Details: {doc}",
        .theConfigFile: "het configuratiebestand",
        .runNotice: "🛠️ Bezig met run **{run}** voor {agent}: {task}",
        .runNoticeFrom: "🛠️ Bezig met run **{run}** voor {agent} vanuit [deze ruimte]({link}): {task}",
        .runQuestion: "❓ **Taak {run}** ({agent}) vraagt: {question}\n\n_Antwoord op dit bericht, of gebruik `{command} {run} TEKST`._",

        // Sessions
        .sessionsUnavailable: "Benoemde sessies zijn hier niet beschikbaar.",
        .noAgentOrProvider: "Er is geen agent of aanbieder met de naam `{target}`.",
        .sessionNeedsPrompt: "Zeg waar de sessie over gaat.",
        .sessionStarted: "Sessie **{name}** met {with} begonnen. Ga verder met `@{name} …`; beëindig hem met `{command}`.",
        .sessionWithProvider: "{agent} op {provider}",
        .sessionsDropped: "(Een chat houdt hoogstens {max} sessies, dus **{names}** is beëindigd.)",
        .sessionsNone: "Hier zijn geen benoemde sessies. Begin er een met `{command}`.",
        .sessionsList: "Benoemde sessies hier (ga verder met `@NAAM …`):",
        .sessionLine: "- **{name}** met {agent}, sinds {age}",
        .sessionsMenu: "Tik om er een te beëindigen:",
        .sessionEndOption: "{name} beëindigen",
        .sessionsNoneShort: "Hier zijn geen benoemde sessies.",
        .sessionsEndedCount: .plural(one: "{count} sessie beëindigd.", other: "{count} sessies beëindigd."),
        .noSessionNamed: "Hier is geen sessie met de naam **{name}**.",
        .sessionEnded: "Sessie **{name}** beëindigd.",
        .ageJustNow: "zojuist",
        .ageSeconds: .plural(one: "{count} s", other: "{count} s"),
        .ageMinutes: .plural(one: "{count} min", other: "{count} min"),
        .ageHours: .plural(one: "{count} u", other: "{count} u"),
        .ageDays: .plural(one: "{count} dag", other: "{count} dagen"),

        // Runs and tasks
        .runsUnavailable: "Runs zijn hier niet beschikbaar.",
        .tasksUnavailable: "Taken zijn hier niet beschikbaar.",
        .noRunHere: "Geen run `{run}` gestart vanuit deze chat (zie `{command}`).",
        .runsNone: "Nog geen runs.",
        .runsNoneHere: "Vanuit deze chat zijn geen runs gestart.",
        .runKillOption: "{run} stoppen",
        .runInfoOption: "Info over {run}",
        .runsHeader: "Runs:",
        .runsHeaderHere: "Runs vanuit deze chat:",
        .runsNoneUnfinished: "Geen enkele run van deze chat is nog bezig.",
        .runsKilled: .plural(one: "{count} run gestopt.", other: "{count} runs gestopt."),
        .runAlreadyEnded: "Run {run} is al afgelopen: {state}.",
        .runKilled: "Run {run} gestopt.",
        .runKilledWithBelow: .plural(one: "Run {run} gestopt, en {count} run eronder.", other: "Run {run} gestopt, en {count} runs eronder."),
        .runSteerFailed: "Run {run} kon niet worden bijgestuurd: {error}",
        .runSteered: "Run {run} pakt dat op na de huidige stap.",
        .tasksNone: "Er lopen geen achtergrondtaken voor deze chat.",
        .taskWaiting: "- ❓ `{run}` ({agent}) wacht op je antwoord: {question} — antwoord op de vraag of gebruik `{command} {run} TEKST`",
        .taskCancelOption: "{run} annuleren",
        .tasksHeader: "Achtergrondtaken van deze chat:",
        .taskAlreadyEnded: "Taak {run} is al afgelopen: {state}.",
        .taskCancelled: "Taak {run} geannuleerd.",
        .taskNotWaiting: "Taak {run} wacht hier niet op een antwoord.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} token{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} tokens{nested} — {task}"),
        .runUnder: ", onder {parent}",
        .runDetailsHeader: "**Run {run}** — {agent}, {state}",
        .runAskedBy: "- gevraagd door {agent}, {age} geleden",
        .runAskedByFor: "- gevraagd door {agent} voor {user}, {age} geleden",
        .runTask: "- taak: {task}",
        .runTokens: "- tokens: {input} in, {output} uit",
        .runParent: "- onder run {parent} (diepte {depth})",
        .runProvider: "- aanbieder: {provider}",
        .runProviderModel: "- aanbieder: {provider}, model {model}",
        .runResult: "- resultaat: {result}",
        .runDeliveryFailed: "- ⚠️ aflevering mislukt: {reason}",
        .unknownReason: "onbekende reden",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Klaar ({input}→{output} tokens):\n\n{result}",
        .footerTokens: "{input}→{output} tokens",
        .healthUnknown: "onbekend",
        .healthNoProvider: "⚠️ aanbieder {provider} is niet geconfigureerd",
        .healthNotFound: "⚠️ {command} niet gevonden",
        .healthReady: "klaar",
        .noEncryption: "Dit transport heeft geen end-to-end-versleuteling.",
        .encryptionOff: "Versleuteling staat uit (`encryption.allow: false`).",
        .cryptoNoDevice: "Er is nog geen agentapparaat ingesteld.",
        .cryptoDeviceLine: "- **{user}** apparaat `{device}` ({state}): {keys}; eenmalige sleutels: {otks}; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "geen sleutels",
        .cryptoNotReported: "nog niet gemeld",
        .cryptoCrossSigned: "cross-signed, hoofdsleutel `{key}`",
        .cryptoNotCrossSigned: "niet cross-signed",
        .cryptoReady: "klaar",
        .cryptoNotReady: "niet klaar",
        .notAUserID: "Geen gebruikers-ID: {user}",
        .identityTrusted: "De huidige cross-signing-identiteit van {user} wordt nu vertrouwd; hun cross-signed apparaten krijgen weer sleutels.",
        .identityUnknown: "Ik ken geen cross-signing-sleutels van {user}.",
        .identityTrustFailed: "Het vertrouwen in {user} kon niet worden bijgewerkt: {error}",
        .matrixAgentAdded: "**{name}** toegevoegd als {user}. De agent heeft je uitgenodigd in zijn ruimte ({room}).",
        .agentRemovedRooms: .plural(one: "**{name}** verwijderd; de agent heeft {count} ruimte verlaten.",
                                    other: "**{name}** verwijderd; de agent heeft {count} ruimtes verlaten."),
        .historyDeleted: "Zijn geschiedenis is gewist.",
        .historyKept: "Zijn geschiedenis blijft bewaard.",
        .notAMatrixRoom: "Dit is geen Matrix-ruimte.",
        .goodbye: "Tot ziens.",
        .leaveNoSuchAgent: "Die agent bestaat niet.",
        .leaveAgentRemoved: "De agent is verwijderd.",
        .leaveAsked: "Gevraagd te vertrekken met {command}.",
        .telegramAgentAdded: "**{name}** toegevoegd. Praat hier met hem via `/agent {name}`, of eenmalig met `@{name} …`.",
        .telegramAgentRemoved: "**{name}** verwijderd.",
        .privateChatStays: "Een privéchat kun je niet verlaten; `/agent main` schakelt terug naar de hoofdagent.",
        .telegramGroupNotAllowed: "Deze groep mag deze bot niet gebruiken (groeps-ID {id}). Een beheerder kan de ID toevoegen aan telegram.allowed_groups.",
        .buttonNotOurs: "Deze knop is niet van Troupe.",
        .telegramAdmissionHint: "Je Telegram-gebruikers-ID is `{id}`: een beheerder kan die toevoegen aan `telegram.allowed_users`.",
        .yourSession: "je sessie `{device}`",
        .unknownSession: "een sessie die ik niet tussen je apparaten kan vinden",
        .insecureIdentityChanged: """
            ⚠️ Ik heb niets gedaan met je bericht van {which}: je cross-signing-identiteit is veranderd sinds ik die voor het eerst zag, \
            dus ik vertrouw je sessies niet tot dat bevestigd is. Heb je je identiteit zelf opnieuw ingesteld, vraag dan een \
            Troupe-beheerder om `{command}` uit te voeren.
            """,
        .insecureBelowLevel: """
            ⚠️ Ik heb niets gedaan met je bericht: het kwam van {which}, die {trust} is, en ik antwoord alleen sessies die \
            minstens {level} zijn. Verifieer deze sessie vanuit een van je geverifieerde sessies (in Element: Instellingen → \
            Sessies → Verifiëren), of vraag de Troupe-beheerder om encryption.verification_levels.send te verlagen.
            """,
        .encryptionOffNotice: """
            Bij deze Troupe staat end-to-end-versleuteling uit, dus ik kan berichten in deze versleutelde \
            ruimte niet lezen. De beheerder kan die aanzetten met `encryption.allow: true` in de configuratie van Troupe.
            """,
        .unreadableNoKeys: """
            ⚠️ Ik kon je bericht niet lezen: je client heeft zijn sleutels niet gedeeld met mijn apparaat ({device}), \
            zelfs niet nadat ik erom vroeg. Stuur het opnieuw; blijft dit gebeuren, verifieer dan mijn sessie of laat je \
            client sleutels delen met ongeverifieerde sessies.
            """,
        .unreadable: """
            ⚠️ Ik kon je bericht niet lezen ({reason}). Stuur het opnieuw; blijft dit gebeuren, controleer dan of \
            je client sleutels deelt met mijn apparaat ({device}).
            """,
        .plaintextDropped: """
            ⚠️ Je bericht was niet versleuteld, maar deze ruimte wel, dus ik heb het genegeerd \
            (encryption.require). Controleer of je client in deze ruimte versleutelt en stuur het dan opnieuw.
            """,
        .encryptionRequired: """
            Deze Troupe praat alleen in end-to-end-versleutelde ruimtes (encryption.require). \
            Zet versleuteling aan in de instellingen van de ruimte, of nodig me uit in een versleutelde ruimte.
            """,
        .undeliverable: "⚠️ Dit kon niet worden afgeleverd bij {chat} ({reason}):",
        .gaveUpWorking: .plural(
            one: "⚠️ Troupe is {count} keer herstart terwijl ik aan je bericht “{quoted}” werkte, dus ik ben gestopt. Het is niet af; stuur het opnieuw als je het nog nodig hebt.",
            other: "⚠️ Troupe is {count} keer herstart terwijl ik aan je bericht “{quoted}” werkte, dus ik ben gestopt. Het is niet af; stuur het opnieuw als je het nog nodig hebt."),
        .gaveUpQueued: .plural(
            one: "⚠️ Troupe is {count} keer herstart toen ik aan je bericht “{quoted}” wilde beginnen, dus ik ben gestopt. Het is niet af; stuur het opnieuw als je het nog nodig hebt.",
            other: "⚠️ Troupe is {count} keer herstart toen ik aan je bericht “{quoted}” wilde beginnen, dus ik ben gestopt. Het is niet af; stuur het opnieuw als je het nog nodig hebt."),

        // Automation
        .refusalAdmins: "Alleen beheerders mogen {what} wijzigen; `{command}` toont ze.",
        .refusalUsers: "Alleen toegestane gebruikers mogen {what} wijzigen; `{command}` toont ze.",
        .whatJobs: "geplande taken",
        .whatHeartbeats: "heartbeats",
        .whatWebhooks: "webhooks",
        .none: "geen",
        .jobsUnavailable: "Geplande taken zijn hier niet beschikbaar.",
        .cronPromptMissing: "Schrijf de opdracht na `--`: `{example}`.",
        .cronPromptEmpty: "Zeg na `--` wat de agent gevraagd moet worden.",
        .jobsNoChat: "In deze chat kunnen geen taken worden gemaakt.",
        .scheduleBroken: "Dat schema werkt niet: {error}.",
        .jobAdded: "`{id}` gepland voor {agent}: {schedule}. Volgende run: {next}.",
        .jobsNone: "Hier zijn geen taken.",
        .jobsEmpty: "Geen geplande taken in deze chat. `{command}` maakt er een.",
        .jobPaused: "gepauzeerd",
        .jobNext: "volgende {when}",
        .jobDone: "klaar",
        .jobResumeOption: "{id} hervatten",
        .jobPauseOption: "{id} pauzeren",
        .jobDeleteOption: "{id} verwijderen",
        .jobsHeader: "Geplande taken hier:",
        .noJob: "Hier is geen taak `{id}` (zie `{command}`).",
        .jobPausedDone: "`{id}` gepauzeerd.",
        .currentRunGoesOn: "De lopende run gaat door.",
        .jobResumed: "`{id}` hervat. Volgende run: {next}.",
        .jobDeleted: "`{id}` verwijderd.",
        .jobRunning: "`{id}` draait nu.",
        .jobAlreadyRunning: "`{id}` draait al.",
        .heartbeatsUnavailable: "Heartbeats zijn hier niet beschikbaar.",
        .heartbeatsNoChat: "In deze chat kan geen heartbeat worden ingesteld.",
        .heartbeatNone: "Hier is geen heartbeat.",
        .heartbeatOff: "De heartbeat staat uit.",
        .currentCheckGoesOn: "De lopende controle gaat door.",
        .heartbeatHowOften: "Zeg hoe vaak: `{example}`.",
        .heartbeatOn: "💓 Heartbeat aan: {description}. {agent} schrijft hier alleen als er iets te melden is.",
        .heartbeatBroken: "Die heartbeat werkt niet: {error}.",
        .heartbeatNoneStart: "Hier is geen heartbeat. `{example}` start er een.",
        .heartbeatStatus: "💓 Heartbeat: {description}.",
        .heartbeatNext: "Volgende controle: {when}.",
        .heartbeatLast: "Laatste controle: {when}.",
        .heartbeatQuiet: "stil {quiet} ({zone})",
        .heartbeatChecking: "controleert: {prompt}",
        .webhooksUnavailable: "Webhooks zijn hier niet beschikbaar.",
        .webhookNameMissing: "Geef de hook een naam: `{example}`.",
        .webhookNameBad: "De naam van een webhook is deel van zijn URL: kleine letters, cijfers, `-` en `_` (tot 64), zoals `{suggestion}`.",
        .webhooksNoChat: "In deze chat kunnen geen webhooks worden gemaakt.",
        .webhookExists: "Er is al een webhook `{name}`; kies een andere naam, of eerst `{command}`.",
        .webhookMade: "Webhook `{name}` gemaakt voor {agent}; de antwoorden komen in deze chat.",
        .webhookURL: "URL: `{url}`",
        .webhookSecret: "Geheim: `{secret}`",
        .webhookHowToSend: "Stuur JSON of tekst met `POST`, ondertekend in `X-Hub-Signature-256` (GitHub doet dat als je het het geheim geeft).",
        .webhookListenerOffAdd: "⚠️ De webhook-listener staat uit, dus deze URL bereikt nog niets: zet `automation.webhooks.enabled: true` in de configuratie en herstart Troupe.",
        .webhookSecretWarning: "Wie de geschiedenis van deze chat kan lezen, kan het geheim lezen; `{command}` maakt een nieuw.",
        .webhooksNone: "Hier zijn geen webhooks.",
        .webhooksEmpty: "Geen webhooks in deze chat. `{command}` maakt er een.",
        .webhookListenerOff: "De webhook-listener staat uit (`automation.webhooks.enabled`).",
        .webhooksHeader: "Webhooks hier:",
        .webhookDeleteOption: "{name} verwijderen",
        .noWebhook: "Hier is geen webhook `{name}` (zie `{command}`).",
        .webhookDeleted: "Webhook `{name}` verwijderd; leveringen krijgen nu 404.",
        .webhookRotated: "Nieuw geheim voor `{name}`: `{secret}`\nHet oude werkt niet meer; geef de afzender dit.",
    ]
}
