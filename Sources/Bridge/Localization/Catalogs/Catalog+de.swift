extension Catalog {
    static let de: [TextKey: Phrase] = [
        // Command table and help
        .done: "Erledigt.",
        .unknownCommand: "Unbekannter Befehl `{command}`, versuch es mit `{help}`.",
        .permissionNeeded: "`{command}` erfordert die Berechtigungsstufe {needed}; du hast {have}.",
        .usage: "**Aufruf:** `{usage}`",
        .commandFailed: "`{command}` ist fehlgeschlagen: {error}",
        .adminOnly: "_(Admin)_",
        .sectionConversation: "Unterhaltung",
        .sectionAgents: "Agenten",
        .sectionAutomation: "Automatisierung",
        .sectionAdmin: "Administration",
        .sectionOther: "Sonstiges",
        .summaryHelp: "diese Liste",
        .summaryPing: "prüfen, ob Troupe antwortet",
        .summaryStatus: "Agent, Anbieter, Modell, Sitzung, Tokens, Kosten, Warteschlange",
        .summaryNew: "eine neue Sitzung beginnen (der Anbieter behält die alte)",
        .summaryStop: "den laufenden Durchgang beenden und die Warteschlange leeren",
        .summaryInterrupt: "den laufenden Durchgang unterbrechen, die Warteschlange behalten",
        .summaryModel: "das Modell anzeigen oder wechseln (ohne Namen eine Auswahl)",
        .summaryAgents: "Agenten auflisten; Admins fügen sie hinzu und entfernen sie",
        .summaryWhere: "die Räume, in denen jeder Agent ist",
        .summaryLeave: "den Agenten diesen Raum verlassen lassen",
        .summaryCrypto: "das Verschlüsselungsgerät jedes Agenten; `trust` akzeptiert die neue Cross-Signing-Identität eines Nutzers",
        .summaryStopAll: "die Arbeit aller Agenten überall anhalten",
        .summarySession: "eine benannte Nebensitzung mit eigenem Kontext beginnen; weiter geht es mit @NAME TEXT",
        .summarySessions: "die benannten Sitzungen dieses Chats auflisten oder beenden",
        .summaryRuns: "von diesem Chat gestartete Sub-Agent-Läufe: Zustand, Alter, Tokens; beenden, ansehen oder steuern",
        .summaryTasks: "Hintergrundaufgaben, die Agenten von diesem Chat aus gestartet haben, und ihre Fragen an dich",
        .summaryCron: "geplante Aufträge: cron (`0 9 * * 1-5`), `every 10m` oder `at 2026-12-24 18:00`, beantwortet in diesem Chat",
        .summaryHeartbeat: "den Agenten regelmäßig nachsehen lassen; er meldet sich nur, wenn es etwas zu berichten gibt",
        .summaryWebhook: "URLs, die einen Agenten fragen, wenn ein signierter Payload per POST ankommt; `{{payload}}` und `{{header.X}}` in der Vorlage",
        .summaryStart: "Begrüßung und wie es losgeht",
        .summaryAgent: "den Agenten dieses Chats anzeigen oder wechseln",
        .summaryLanguage: "die Sprache anzeigen oder ändern, in der Troupe hier antwortet",

        // Router
        .notAllowed: "Leider darf {name} Troupe nicht benutzen.",
        .answerPassed: "Deine Antwort ist an Aufgabe {run} ({agent}) weitergegeben.",
        .attachmentUnreadable: "⚠️ Ich konnte diesen Anhang nicht lesen: {error}",
        .emptyAfterName: "Schreib etwas nach `@{agent}`, z. B. `@{agent} woran arbeitest du gerade?`",
        .onlyTextAndFiles: "Ich kann den Agenten bisher nur Text und Dateien (Fotos, Dokumente, Audio, Sprachnachrichten, Videos) weitergeben.",
        .menuNotOpen: "Diese Auswahl ist nicht mehr offen (Troupe wurde vielleicht neu gestartet); führ den Befehl noch einmal aus.",
        .menuExpired: "Diese Auswahl ist abgelaufen; führ den Befehl noch einmal aus.",
        .choiceAlreadyMade: "Diese Wahl wurde schon getroffen.",
        .menuNotYours: "Hier kann nur die Person wählen, für die diese Auswahl gedacht ist.",
        .pickNumber: "Wähl eine Zahl von 1 bis {count}.",
        .turnsAhead: .plural(one: "In der Warteschlange: {count} Durchgang vor deinem.", other: "In der Warteschlange: {count} Durchgänge vor deinem."),
        .filesNotSent: "Einige Dateien wurden nicht gesendet:",

        // Built-in commands
        .noAgentNamed: "Es gibt keinen Agenten namens {agent}.",
        .newSession: "Neue Sitzung mit {agent} begonnen.",
        .interrupted: "Der laufende Durchgang von {agent} ist unterbrochen; Nachrichten in der Warteschlange folgen.",
        .notWorkingOn: "{agent} arbeitet gerade an nichts.",
        .stopNothing: "{agent} hat an nichts gearbeitet.",
        .stoppedTurn: "Der laufende Durchgang von {agent} ist beendet.",
        .droppedQueued: .plural(one: "{count} wartende Nachricht für {agent} verworfen.", other: "{count} wartende Nachrichten für {agent} verworfen."),
        .stoppedAndDropped: .plural(one: "Der laufende Durchgang von {agent} ist beendet und {count} wartende Nachricht verworfen.",
                                    other: "Der laufende Durchgang von {agent} ist beendet und {count} wartende Nachrichten verworfen."),
        .stoppedEverything: "Alle laufenden Durchgänge beendet und alle Warteschlangen geleert.",
        .providerMenu: "Anbieter für {agent} (jetzt: {current}):",
        .providerUnknown: "Es gibt keinen Anbieter namens {name}. Konfiguriert: {list}.",
        .providerNow: "{agent} nutzt jetzt {provider}.",
        .providerDefault: "{agent} nutzt jetzt {provider}, den konfigurierten Anbieter.",
        .providerModelCleared: "Das hier gewählte Modell ({model}) gehört nicht zu {provider}, daher gilt das Standardmodell von {provider}.",
        .providerRunningTurn: "Der laufende Durchgang endet mit {old}; der nächste nutzt {new}.",
        .summaryProvider: "Anbieter anzeigen oder ändern (ohne Namen: Auswahl)",
        .configRejected: "⚠️ Die Konfigurationsdatei hat sich geändert, enthält aber Fehler; Troupe läuft mit der bisherigen Konfiguration weiter:\n{problems}",
        .configRestartNeeded: "ℹ️ Die Konfiguration wurde neu geladen. Diese Schlüssel haben sich geändert und gelten erst nach einem Neustart: {keys}.",
        .modelMenu: "Modell für {agent} (jetzt: {current}):",
        .modelNow: "{agent} nutzt jetzt {model}.",
        .modelDefault: "{agent} nutzt jetzt sein Standardmodell.",
        .whereNobody: "Kein Agent ist in irgendeinem Raum.",
        .whereNoRooms: "keine Räume",
        .statusWorking: "arbeitet",
        .statusIdle: "untätig",
        .statusDefaultModel: "Standard",
        .statusNewSession: "neu",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - Anbieter: {provider}, Modell: {model}
                - Sitzung: {session}
                - Tokens: {input} rein, {output} raus in {count} Durchgang; Kosten {cost}
                - Warteschlange: {queue} wartend
                """,
            other: """
                **{agent}** — {state}
                - Anbieter: {provider}, Modell: {model}
                - Sitzung: {session}
                - Tokens: {input} rein, {output} raus in {count} Durchgängen; Kosten {cost}
                - Warteschlange: {queue} wartend
                """),
        .agentsNeedAdmin: "`{command}` erfordert die Berechtigungsstufe admin.",
        .agentExists: "Es gibt schon einen Agenten namens {name}.",
        .mainAgentStays: "Der Hauptagent kann nicht entfernt werden.",
        .noAgentCalled: "Es gibt keinen Agenten namens {name}.",
        .cannotRemove: "{name} kann nicht entfernt werden: {error}",
        .unknownSubcommand: "Unbekannter Unterbefehl „{verb}“.",
        .unexpectedArgument: "Unerwartet: „{argument}“.",
        .unknownOption: "Unbekannte oder unvollständige Option „{option}“.",

        // Languages
        .languageOwn: "Dieser Chat spricht **{language}** (gesetzt mit `{command}`; `{command} default` kehrt zur Standardsprache von Troupe zurück).",
        .languageDefault: "Dieser Chat spricht **{language}**, die Standardsprache von Troupe. Ändern mit `{command} CODE`.",
        .languageAvailable: "Verfügbar: {available}.",
        .languageSet: "Dieser Chat spricht jetzt **{language}**.",
        .languageReset: "Dieser Chat spricht wieder die Standardsprache von Troupe: **{language}**.",
        .languageUnknown: "Die Sprache „{code}“ gibt es nicht. Verfügbar: {available}.",
        .languageNoChat: "Eine Sprache lässt sich nur für einen Chat festlegen.",

        // Telegram
        .telegramStart: "Hallo! Nachrichten hier gehen an **{agent}**. Sende `{help}` für die Befehle.",
        .agentOwnBot: "Das ist der eigene Bot von {agent}; er spricht immer mit {agent}.",
        .agentMenu: "Dieser Chat spricht mit **{agent}**. Wechseln zu:",
        .noAgentNamedList: "Es gibt keinen Agenten namens {name}. Agenten: {agents}.",
        .agentMainAgain: "Dieser Chat spricht wieder mit **main**.",
        .agentSwitched: "Dieser Chat spricht jetzt mit **{agent}**. `{command}` wechselt zurück.",

        // Menus, answers, welcome, run notices
        .menuHint: "_Reagiere mit einer Zahl oder tippe sie._",
        .menuPage: "Seite {page} von {pages} — ◀️ ▶️ zum Blättern",
        .menuChoose: "Wähle:",
        .menuPageShort: "_Seite {page} von {pages}_",
        .usingTool: "⚙️ nutzt {tool}…",
        .noAnswer: "_(keine Antwort)_",
        .welcomeIntro: "👋 Ich bin **{name}** (`{agent}`), ein Agent auf **{provider}**.",
        .welcomeIntroModel: "👋 Ich bin **{name}** (`{agent}`), ein Agent auf **{provider}**, Modell `{model}`.",
        .welcomeBody: """
            Schreib hier, und ich antworte und behalte dabei den Zusammenhang unseres Gesprächs. Ich kann Dateien lesen, \
            die du schickst, Dateien zurückschicken, Auswahlmöglichkeiten anbieten (reagiere mit der Zahl) und die anderen Agenten um Hilfe bitten.

            - `{prefix}help`: alle Befehle
            - `{prefix}new`: ein neues Gespräch beginnen
            - `{prefix}stop`: anhalten, was ich gerade tue

            Um mich in einen anderen Raum zu holen, lade dort `{user}` ein; in einem Gruppenraum erwähne mich oder antworte mir.
            """,
        .welcomeMissingTool: "⚠️ `{command}` ist hier nicht installiert, daher kann ich noch nicht antworten (Befehle funktionieren). So behebst du es:",
        .welcomeInstallTool: "- installiere {tool}: `{install}`, und melde dich dort an",
        .welcomeSetCommand: "- oder setze `providers.{provider}.command` in {file} auf den Pfad des Programms",
        .welcomeServerOption: "{kind} (ein OpenAI-kompatibler Server wie Ollama, mit `providers.{kind}.base_url` und einem `model`)",
        .welcomeSwitchProvider: "- oder setze dort `agents.{agent}.provider` auf {options}",
        .welcomeApplies: "Eine Änderung an der Konfigurationsdatei gilt nach wenigen Sekunden, ohne Neustart. Details: {doc}",
        .theConfigFile: "der Konfigurationsdatei",
        .runNotice: "🛠️ Arbeite an Lauf **{run}** für {agent}: {task}",
        .runNoticeFrom: "🛠️ Arbeite an Lauf **{run}** für {agent} aus [diesem Raum]({link}): {task}",
        .runQuestion: "❓ **Aufgabe {run}** ({agent}) fragt: {question}\n\n_Antworte auf diese Nachricht oder nutze `{command} {run} TEXT`._",

        // Sessions
        .sessionsUnavailable: "Benannte Sitzungen gibt es hier nicht.",
        .noAgentOrProvider: "Es gibt keinen Agenten und keinen Anbieter namens `{target}`.",
        .sessionNeedsPrompt: "Sag, worum es in der Sitzung geht.",
        .sessionStarted: "Sitzung **{name}** mit {with} begonnen. Weiter geht es mit `@{name} …`; beenden mit `{command}`.",
        .sessionWithProvider: "{agent} auf {provider}",
        .sessionsDropped: "(Ein Chat behält höchstens {max} Sitzungen, daher ist **{names}** beendet.)",
        .sessionsNone: "Hier gibt es keine benannten Sitzungen. Beginne eine mit `{command}`.",
        .sessionsList: "Benannte Sitzungen hier (weiter mit `@NAME …`):",
        .sessionLine: "- **{name}** mit {agent}, seit {age}",
        .sessionsMenu: "Tippe, um eine zu beenden:",
        .sessionEndOption: "{name} beenden",
        .sessionsNoneShort: "Hier gibt es keine benannten Sitzungen.",
        .sessionsEndedCount: .plural(one: "{count} Sitzung beendet.", other: "{count} Sitzungen beendet."),
        .noSessionNamed: "Hier gibt es keine Sitzung namens **{name}**.",
        .sessionEnded: "Sitzung **{name}** beendet.",
        .ageJustNow: "gerade eben",
        .ageSeconds: .plural(one: "{count} s", other: "{count} s"),
        .ageMinutes: .plural(one: "{count} Min.", other: "{count} Min."),
        .ageHours: .plural(one: "{count} Std.", other: "{count} Std."),
        .ageDays: .plural(one: "{count} Tg.", other: "{count} Tg."),

        // Runs and tasks
        .runsUnavailable: "Läufe gibt es hier nicht.",
        .tasksUnavailable: "Aufgaben gibt es hier nicht.",
        .noRunHere: "Kein Lauf `{run}` wurde von diesem Chat gestartet (siehe `{command}`).",
        .runsNone: "Noch keine Läufe.",
        .runsNoneHere: "Von diesem Chat wurden keine Läufe gestartet.",
        .runKillOption: "{run} beenden",
        .runInfoOption: "Info zu {run}",
        .runsHeader: "Läufe:",
        .runsHeaderHere: "Läufe aus diesem Chat:",
        .runsNoneUnfinished: "Kein Lauf dieses Chats ist unvollendet.",
        .runsKilled: .plural(one: "{count} Lauf beendet.", other: "{count} Läufe beendet."),
        .runAlreadyEnded: "Lauf {run} ist schon zu Ende: {state}.",
        .runKilled: "Lauf {run} beendet.",
        .runKilledWithBelow: .plural(one: "Lauf {run} und {count} Lauf darunter beendet.", other: "Lauf {run} und {count} Läufe darunter beendet."),
        .runSteerFailed: "Lauf {run} ließ sich nicht steuern: {error}",
        .runSteered: "Lauf {run} kümmert sich nach seinem aktuellen Schritt darum.",
        .tasksNone: "Für diesen Chat laufen keine Hintergrundaufgaben.",
        .taskWaiting: "- ❓ `{run}` ({agent}) wartet auf deine Antwort: {question} — antworte auf die Frage oder nutze `{command} {run} TEXT`",
        .taskCancelOption: "{run} abbrechen",
        .tasksHeader: "Hintergrundaufgaben dieses Chats:",
        .taskAlreadyEnded: "Aufgabe {run} ist schon zu Ende: {state}.",
        .taskCancelled: "Aufgabe {run} abgebrochen.",
        .taskNotWaiting: "Aufgabe {run} wartet hier auf keine Antwort.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} Token{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} Tokens{nested} — {task}"),
        .runUnder: ", unter {parent}",
        .runDetailsHeader: "**Lauf {run}** — {agent}, {state}",
        .runAskedBy: "- angefragt von {agent}, vor {age}",
        .runAskedByFor: "- angefragt von {agent} für {user}, vor {age}",
        .runTask: "- Aufgabe: {task}",
        .runTokens: "- Tokens: {input} rein, {output} raus",
        .runParent: "- unter Lauf {parent} (Tiefe {depth})",
        .runProvider: "- Anbieter: {provider}",
        .runProviderModel: "- Anbieter: {provider}, Modell {model}",
        .runResult: "- Ergebnis: {result}",
        .runDeliveryFailed: "- ⚠️ Zustellung fehlgeschlagen: {reason}",
        .unknownReason: "unbekannter Grund",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Fertig ({input}→{output} Tokens):\n\n{result}",
        .footerTokens: "{input}→{output} Tokens",
        .healthUnknown: "unbekannt",
        .healthNoProvider: "⚠️ Anbieter {provider} ist nicht konfiguriert",
        .healthNotFound: "⚠️ {command} nicht gefunden",
        .healthReady: "bereit",
        .noEncryption: "Dieser Transport hat keine Ende-zu-Ende-Verschlüsselung.",
        .encryptionOff: "Die Verschlüsselung ist aus (`encryption.allow: false`).",
        .cryptoNoDevice: "Noch ist kein Agentengerät eingerichtet.",
        .cryptoDeviceLine: "- **{user}** Gerät `{device}` ({state}): {keys}; Einmalschlüssel: {otks}; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "keine Schlüssel",
        .cryptoNotReported: "noch nicht gemeldet",
        .cryptoCrossSigned: "cross-signiert, Master-Schlüssel `{key}`",
        .cryptoNotCrossSigned: "nicht cross-signiert",
        .cryptoReady: "bereit",
        .cryptoNotReady: "nicht bereit",
        .notAUserID: "Keine Nutzer-ID: {user}",
        .identityTrusted: "Der aktuellen Cross-Signing-Identität von {user} wird jetzt vertraut; ihre cross-signierten Geräte bekommen wieder Schlüssel.",
        .identityUnknown: "Ich kenne keine Cross-Signing-Schlüssel von {user}.",
        .identityTrustFailed: "Das Vertrauen in {user} ließ sich nicht ändern: {error}",
        .matrixAgentAdded: "**{name}** als {user} hinzugefügt. Der Agent hat dich in seinen Raum eingeladen ({room}).",
        .agentRemovedRooms: .plural(one: "**{name}** entfernt; der Agent hat {count} Raum verlassen.",
                                    other: "**{name}** entfernt; der Agent hat {count} Räume verlassen."),
        .historyDeleted: "Sein Verlauf ist gelöscht.",
        .historyKept: "Sein Verlauf bleibt erhalten.",
        .notAMatrixRoom: "Das ist kein Matrix-Raum.",
        .goodbye: "Tschüss.",
        .leaveNoSuchAgent: "Diesen Agenten gibt es nicht.",
        .leaveAgentRemoved: "Der Agent wurde entfernt.",
        .leaveAsked: "Mit {command} zum Gehen aufgefordert.",
        .telegramAgentAdded: "**{name}** hinzugefügt. Sprich hier mit `/agent {name}` mit ihm, oder einmalig mit `@{name} …`.",
        .telegramAgentRemoved: "**{name}** entfernt.",
        .privateChatStays: "Einen privaten Chat kann man nicht verlassen; `/agent main` wechselt zurück zum Hauptagenten.",
        .telegramGroupNotAllowed: "Diese Gruppe darf diesen Bot nicht nutzen (Gruppen-ID {id}). Ein Admin kann die ID zu telegram.allowed_groups hinzufügen.",
        .buttonNotOurs: "Diese Schaltfläche gehört nicht zu Troupe.",
        .telegramAdmissionHint: "Deine Telegram-Nutzer-ID ist `{id}`: Ein Admin kann sie zu `telegram.allowed_users` hinzufügen.",
        .yourSession: "deiner Sitzung `{device}`",
        .unknownSession: "einer Sitzung, die ich unter deinen Geräten nicht finde",
        .insecureIdentityChanged: """
            ⚠️ Ich habe nicht auf deine Nachricht von {which} reagiert: Deine Cross-Signing-Identität hat sich geändert, seit ich sie \
            zuerst gesehen habe, daher vertraue ich deinen Sitzungen nicht, bis das bestätigt ist. Wenn du deine Identität selbst \
            zurückgesetzt hast, bitte einen Troupe-Admin, `{command}` auszuführen.
            """,
        .insecureBelowLevel: """
            ⚠️ Ich habe nicht auf deine Nachricht reagiert: Sie kam von {which}, die {trust} ist, und ich antworte nur Sitzungen, \
            die mindestens {level} sind. Verifiziere diese Sitzung von einer deiner verifizierten Sitzungen aus (in Element: \
            Einstellungen → Sitzungen → Verifizieren), oder bitte den Troupe-Admin, encryption.verification_levels.send zu senken.
            """,
        .encryptionOffNotice: """
            Bei diesem Troupe ist die Ende-zu-Ende-Verschlüsselung ausgeschaltet, daher kann ich Nachrichten in diesem \
            verschlüsselten Raum nicht lesen. Der Admin kann sie mit `encryption.allow: true` in der Konfiguration von Troupe einschalten.
            """,
        .unreadableNoKeys: """
            ⚠️ Ich konnte deine Nachricht nicht lesen: Dein Client hat seine Schlüssel nicht mit meinem Gerät ({device}) geteilt, \
            nicht einmal auf Nachfrage. Schick sie noch einmal; passiert das öfter, verifiziere meine Sitzung oder lass deinen \
            Client Schlüssel mit unverifizierten Sitzungen teilen.
            """,
        .unreadable: """
            ⚠️ Ich konnte deine Nachricht nicht lesen ({reason}). Schick sie noch einmal; passiert das öfter, prüfe, ob \
            dein Client Schlüssel mit meinem Gerät ({device}) teilt.
            """,
        .plaintextDropped: """
            ⚠️ Deine Nachricht war nicht verschlüsselt, dieser Raum aber schon, daher habe ich sie ignoriert \
            (encryption.require). Prüfe, ob dein Client in diesem Raum verschlüsselt, und schick sie dann noch einmal.
            """,
        .encryptionRequired: """
            Dieses Troupe spricht nur in Ende-zu-Ende-verschlüsselten Räumen (encryption.require). \
            Schalte die Verschlüsselung in den Raumeinstellungen ein oder lade mich in einen verschlüsselten Raum ein.
            """,
        .undeliverable: "⚠️ Das ließ sich nicht an {chat} zustellen ({reason}):",
        .gaveUpWorking: .plural(
            one: "⚠️ Troupe wurde {count}-mal neu gestartet, während ich an deiner Nachricht „{quoted}“ gearbeitet habe, daher habe ich aufgegeben. Sie ist nicht erledigt; schick sie noch einmal, wenn du sie noch brauchst.",
            other: "⚠️ Troupe wurde {count}-mal neu gestartet, während ich an deiner Nachricht „{quoted}“ gearbeitet habe, daher habe ich aufgegeben. Sie ist nicht erledigt; schick sie noch einmal, wenn du sie noch brauchst."),
        .gaveUpQueued: .plural(
            one: "⚠️ Troupe wurde {count}-mal neu gestartet, als ich gerade mit deiner Nachricht „{quoted}“ anfangen wollte, daher habe ich aufgegeben. Sie ist nicht erledigt; schick sie noch einmal, wenn du sie noch brauchst.",
            other: "⚠️ Troupe wurde {count}-mal neu gestartet, als ich gerade mit deiner Nachricht „{quoted}“ anfangen wollte, daher habe ich aufgegeben. Sie ist nicht erledigt; schick sie noch einmal, wenn du sie noch brauchst."),

        // Automation
        .refusalAdmins: "Nur Admins dürfen {what} ändern; `{command}` zeigt sie.",
        .refusalUsers: "Nur berechtigte Nutzer dürfen {what} ändern; `{command}` zeigt sie.",
        .whatJobs: "geplante Aufträge",
        .whatHeartbeats: "Heartbeats",
        .whatWebhooks: "Webhooks",
        .none: "keiner",
        .jobsUnavailable: "Geplante Aufträge gibt es hier nicht.",
        .cronPromptMissing: "Schreib den Auftrag nach `--`: `{example}`.",
        .cronPromptEmpty: "Sag nach `--`, was der Agent gefragt werden soll.",
        .jobsNoChat: "In diesem Chat lassen sich keine Aufträge anlegen.",
        .scheduleBroken: "Dieser Zeitplan funktioniert nicht: {error}.",
        .jobAdded: "`{id}` für {agent} geplant: {schedule}. Nächster Lauf: {next}.",
        .jobsNone: "Hier gibt es keine Aufträge.",
        .jobsEmpty: "In diesem Chat gibt es keine geplanten Aufträge. `{command}` legt einen an.",
        .jobPaused: "pausiert",
        .jobNext: "nächster {when}",
        .jobDone: "erledigt",
        .jobResumeOption: "{id} fortsetzen",
        .jobPauseOption: "{id} pausieren",
        .jobDeleteOption: "{id} löschen",
        .jobsHeader: "Geplante Aufträge hier:",
        .noJob: "Hier gibt es keinen Auftrag `{id}` (siehe `{command}`).",
        .jobPausedDone: "`{id}` pausiert.",
        .currentRunGoesOn: "Der laufende Durchgang geht weiter.",
        .jobResumed: "`{id}` fortgesetzt. Nächster Lauf: {next}.",
        .jobDeleted: "`{id}` gelöscht.",
        .jobRunning: "`{id}` läuft jetzt.",
        .jobAlreadyRunning: "`{id}` läuft schon.",
        .heartbeatsUnavailable: "Heartbeats gibt es hier nicht.",
        .heartbeatsNoChat: "In diesem Chat lässt sich kein Heartbeat einrichten.",
        .heartbeatNone: "Hier gibt es keinen Heartbeat.",
        .heartbeatOff: "Der Heartbeat ist aus.",
        .currentCheckGoesOn: "Die laufende Prüfung geht weiter.",
        .heartbeatHowOften: "Sag, wie oft: `{example}`.",
        .heartbeatOn: "💓 Heartbeat an: {description}. {agent} schreibt hier nur, wenn es etwas zu berichten gibt.",
        .heartbeatBroken: "Dieser Heartbeat funktioniert nicht: {error}.",
        .heartbeatNoneStart: "Hier gibt es keinen Heartbeat. `{example}` startet einen.",
        .heartbeatStatus: "💓 Heartbeat: {description}.",
        .heartbeatNext: "Nächste Prüfung: {when}.",
        .heartbeatLast: "Letzte Prüfung: {when}.",
        .heartbeatQuiet: "Ruhezeit {quiet} ({zone})",
        .heartbeatChecking: "prüft: {prompt}",
        .webhooksUnavailable: "Webhooks gibt es hier nicht.",
        .webhookNameMissing: "Gib dem Hook einen Namen: `{example}`.",
        .webhookNameBad: "Der Name eines Webhooks ist Teil seiner URL: Kleinbuchstaben, Ziffern, `-` und `_` (bis zu 64), etwa `{suggestion}`.",
        .webhooksNoChat: "In diesem Chat lassen sich keine Webhooks anlegen.",
        .webhookExists: "Es gibt schon einen Webhook `{name}`; wähl einen anderen Namen oder zuerst `{command}`.",
        .webhookMade: "Webhook `{name}` für {agent} angelegt; seine Antworten kommen in diesen Chat.",
        .webhookURL: "URL: `{url}`",
        .webhookSecret: "Geheimnis: `{secret}`",
        .webhookHowToSend: "Schick JSON oder Text per `POST`, signiert in `X-Hub-Signature-256` (GitHub macht das, wenn du ihm das Geheimnis gibst).",
        .webhookListenerOffAdd: "⚠️ Der Webhook-Listener ist aus, daher erreicht diese URL noch nichts: Setz `automation.webhooks.enabled: true` in der Konfiguration und starte Troupe neu.",
        .webhookSecretWarning: "Wer den Verlauf dieses Chats lesen kann, kann das Geheimnis lesen; `{command}` erzeugt ein neues.",
        .webhooksNone: "Hier gibt es keine Webhooks.",
        .webhooksEmpty: "In diesem Chat gibt es keine Webhooks. `{command}` legt einen an.",
        .webhookListenerOff: "Der Webhook-Listener ist aus (`automation.webhooks.enabled`).",
        .webhooksHeader: "Webhooks hier:",
        .webhookDeleteOption: "{name} löschen",
        .noWebhook: "Hier gibt es keinen Webhook `{name}` (siehe `{command}`).",
        .webhookDeleted: "Webhook `{name}` gelöscht; Zustellungen an ihn bekommen jetzt 404.",
        .webhookRotated: "Neues Geheimnis für `{name}`: `{secret}`\nDas alte gilt nicht mehr; gib dem Absender dieses.",
    ]
}
