extension Catalog {
    static let fr: [TextKey: Phrase] = [
        // Command table and help
        .done: "C’est fait.",
        .unknownCommand: "Commande inconnue `{command}`, essayez `{help}`.",
        .permissionNeeded: "Désolé, `{command}` demande le niveau d’autorisation {needed} ; vous avez {have}.",
        .usage: "**Utilisation :** `{usage}`",
        .commandFailed: "`{command}` a échoué : {error}",
        .adminOnly: "_(admin)_",
        .sectionConversation: "Conversation",
        .sectionAgents: "Agents",
        .sectionAutomation: "Automatisation",
        .sectionAdmin: "Administration",
        .sectionOther: "Divers",
        .summaryHelp: "cette liste",
        .summaryPing: "vérifier que Troupe répond",
        .summaryStatus: "agent, fournisseur, modèle, session, jetons, coût, file d’attente",
        .summaryNew: "commencer une nouvelle session (le fournisseur garde l’ancienne)",
        .summaryStop: "arrêter le tour en cours et vider la file d’attente",
        .summaryInterrupt: "interrompre le tour en cours, garder la file d’attente",
        .summaryModel: "afficher ou changer le modèle (un choix sans nom)",
        .summaryAgents: "lister les agents ; les admins en ajoutent et en retirent",
        .summaryWhere: "les salons où se trouve chaque agent",
        .summaryLeave: "faire quitter ce salon à l’agent",
        .summaryCrypto: "l’appareil de chiffrement de chaque agent ; `trust` accepte la nouvelle identité de signature croisée d’un utilisateur",
        .summaryStopAll: "arrêter le travail de tous les agents partout",
        .summarySession: "commencer une session parallèle nommée avec son propre contexte ; la poursuivre avec @NOM TEXTE",
        .summarySessions: "lister les sessions nommées de ce chat, ou les terminer",
        .summaryRuns: "exécutions de sous-agents lancées depuis ce chat : état, âge, jetons ; les arrêter, les examiner ou les orienter",
        .summaryTasks: "les tâches de fond lancées par les agents depuis ce chat, et leurs questions pour vous",
        .summaryCron: "tâches planifiées : cron (`0 9 * * 1-5`), `every 10m` ou `at 2026-12-24 18:00`, avec réponse dans ce chat",
        .summaryHeartbeat: "laisser l’agent vérifier régulièrement et ne parler que s’il a quelque chose à signaler",
        .summaryWebhook: "des URL qui interrogent un agent quand une charge signée arrive par POST ; `{{payload}}` et `{{header.X}}` dans le modèle",
        .summaryStart: "salutation et comment commencer",
        .summaryAgent: "afficher ou changer l’agent auquel parle ce chat",
        .summaryLanguage: "afficher ou changer la langue dans laquelle Troupe répond ici",

        // Router
        .notAllowed: "Désolé, {name} n’a pas le droit d’utiliser Troupe.",
        .answerPassed: "Votre réponse a été transmise à la tâche {run} ({agent}).",
        .attachmentUnreadable: "⚠️ Je n’ai pas pu lire cette pièce jointe : {error}",
        .emptyAfterName: "Écrivez quelque chose après `@{agent}`, par exemple `@{agent} sur quoi travailles-tu ?`",
        .onlyTextAndFiles: "Pour l’instant, je ne peux transmettre aux agents que du texte et des fichiers (photos, documents, audio, messages vocaux, vidéos).",
        .menuNotOpen: "Ce menu n’est plus ouvert (Troupe a peut-être redémarré) ; relancez la commande.",
        .menuExpired: "Ce menu a expiré ; relancez la commande.",
        .choiceAlreadyMade: "Ce choix a déjà été fait.",
        .menuNotYours: "Seule la personne à qui ce menu est destiné peut choisir ici.",
        .pickNumber: "Choisissez un nombre de 1 à {count}.",
        .turnsAhead: .plural(one: "En attente : {count} tour avant le vôtre.", other: "En attente : {count} tours avant le vôtre."),
        .filesNotSent: "Certains fichiers n’ont pas été envoyés :",

        // Built-in commands
        .noAgentNamed: "Aucun agent ne s’appelle {agent}.",
        .newSession: "Nouvelle session commencée avec {agent}.",
        .interrupted: "Le tour en cours de {agent} est interrompu ; les messages en attente suivent.",
        .notWorkingOn: "{agent} ne travaille sur rien.",
        .stopNothing: "{agent} ne travaillait sur rien.",
        .stoppedTurn: "Le tour en cours de {agent} est arrêté.",
        .droppedQueued: .plural(one: "{count} message en attente pour {agent} abandonné.", other: "{count} messages en attente pour {agent} abandonnés."),
        .stoppedAndDropped: .plural(one: "Le tour en cours de {agent} est arrêté et {count} message en attente abandonné.",
                                    other: "Le tour en cours de {agent} est arrêté et {count} messages en attente abandonnés."),
        .stoppedEverything: "Tous les tours en cours sont arrêtés et toutes les files d’attente vidées.",
        .providerMenu: "Fournisseur pour {agent} (actuel : {current}) :",
        .providerUnknown: "Aucun fournisseur ne s'appelle {name}. Configurés : {list}.",
        .providerNow: "{agent} utilise maintenant {provider}.",
        .providerDefault: "{agent} utilise maintenant {provider}, son fournisseur configuré.",
        .providerModelCleared: "Le modèle choisi ici ({model}) n'est pas l'un de ceux de {provider} : le modèle par défaut de {provider} s'applique.",
        .providerRunningTurn: "Le tour en cours se termine avec {old} ; le suivant utilise {new}.",
        .summaryProvider: "afficher ou changer le fournisseur (sans nom : un choix)",
        .configRejected: "⚠️ Le fichier de configuration a changé mais contient des erreurs ; Troupe continue avec la configuration précédente :\n{problems}",
        .configRestartNeeded: "ℹ️ La configuration a été rechargée. Ces clés ont changé et ne s'appliquent qu'après un redémarrage : {keys}.",
        .modelMenu: "Modèle pour {agent} (actuel : {current}) :",
        .modelNow: "{agent} utilise maintenant {model}.",
        .modelDefault: "{agent} utilise maintenant son modèle par défaut.",
        .whereNobody: "Aucun agent n’est dans un salon.",
        .whereNoRooms: "aucun salon",
        .statusWorking: "au travail",
        .statusIdle: "inactif",
        .statusDefaultModel: "par défaut",
        .statusNewSession: "nouvelle",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - fournisseur : {provider}, modèle : {model}
                - session : {session}
                - jetons : {input} en entrée, {output} en sortie sur {count} tour ; coût {cost}
                - file d’attente : {queue} en attente
                """,
            other: """
                **{agent}** — {state}
                - fournisseur : {provider}, modèle : {model}
                - session : {session}
                - jetons : {input} en entrée, {output} en sortie sur {count} tours ; coût {cost}
                - file d’attente : {queue} en attente
                """),
        .agentsNeedAdmin: "Désolé, `{command}` demande le niveau d’autorisation admin.",
        .agentExists: "Il existe déjà un agent nommé {name}.",
        .mainAgentStays: "L’agent principal ne peut pas être retiré.",
        .noAgentCalled: "Il n’y a pas d’agent nommé {name}.",
        .cannotRemove: "Impossible de retirer {name} : {error}",
        .unknownSubcommand: "Sous-commande inconnue « {verb} ».",
        .unexpectedArgument: "« {argument} » inattendu.",
        .unknownOption: "Option inconnue ou incomplète « {option} ».",

        // Languages
        .languageOwn: "Ce chat parle **{language}** (réglé avec `{command}` ; `{command} default` revient à la langue par défaut de Troupe).",
        .languageDefault: "Ce chat parle **{language}**, la langue par défaut de Troupe. Changez-la ici avec `{command} CODE`.",
        .languageAvailable: "Disponibles : {available}.",
        .languageSet: "Ce chat parle maintenant **{language}**.",
        .languageReset: "Ce chat parle de nouveau la langue par défaut de Troupe : **{language}**.",
        .languageUnknown: "La langue « {code} » n’existe pas. Disponibles : {available}.",
        .languageNoChat: "Une langue ne peut être réglée que pour un chat.",

        // Telegram
        .telegramStart: "Bonjour ! Les messages d’ici vont à **{agent}**. Envoyez `{help}` pour les commandes.",
        .agentOwnBot: "C’est le bot de {agent} ; il parle toujours à {agent}.",
        .agentMenu: "Ce chat parle à **{agent}**. Passer à :",
        .noAgentNamedList: "Il n’y a pas d’agent nommé {name}. Agents : {agents}.",
        .agentMainAgain: "Ce chat parle de nouveau à **main**.",
        .agentSwitched: "Ce chat parle maintenant à **{agent}**. `{command}` revient en arrière.",

        // Menus, answers, welcome, run notices
        .menuHint: "_Réagissez avec un nombre ou tapez-le._",
        .menuPage: "Page {page} sur {pages} — ◀️ ▶️ pour tourner",
        .menuChoose: "Choisissez :",
        .menuPageShort: "_Page {page} sur {pages}_",
        .usingTool: "⚙️ utilise {tool}…",
        .noAnswer: "_(pas de réponse)_",
        .welcomeIntro: "👋 Je suis **{name}** (`{agent}`), un agent qui tourne sur **{provider}**.",
        .welcomeIntroModel: "👋 Je suis **{name}** (`{agent}`), un agent qui tourne sur **{provider}**, modèle `{model}`.",
        .welcomeBody: """
            Écrivez ici et je réponds en gardant le contexte de notre conversation. Je peux lire les fichiers que vous envoyez, \
            renvoyer des fichiers, proposer des choix (réagissez avec le numéro) et demander de l’aide aux autres agents.

            - `{prefix}help` : toutes les commandes
            - `{prefix}new` : commencer une nouvelle conversation
            - `{prefix}stop` : arrêter ce que je fais

            Pour m’amener dans un autre salon, invitez-y `{user}` ; dans un salon de groupe, mentionnez-moi ou répondez-moi.
            """,
        .welcomeMissingTool: "⚠️ `{command}` n'est pas installé ici, je ne peux donc pas encore répondre (les commandes fonctionnent). Pour y remédier :",
        .welcomeInstallTool: "- installez {tool} : `{install}`, puis connectez-vous",
        .welcomeSetCommand: "- ou indiquez son emplacement dans `providers.{provider}.command` de {file}",
        .welcomeServerOption: "{kind} (un serveur compatible OpenAI comme Ollama, avec `providers.{kind}.base_url` et un `model`)",
        .welcomeSwitchProvider: "- ou mettez-y `agents.{agent}.provider` à {options}",
        .welcomeApplies: "Une modification du fichier de configuration s'applique en quelques secondes, sans redémarrage. Détails : {doc}",
        .theConfigFile: "le fichier de configuration",
        .runNotice: "🛠️ Je travaille sur l’exécution **{run}** pour {agent} : {task}",
        .runNoticeFrom: "🛠️ Je travaille sur l’exécution **{run}** pour {agent} depuis [ce salon]({link}) : {task}",
        .runQuestion: "❓ **La tâche {run}** ({agent}) demande : {question}\n\n_Répondez à ce message, ou utilisez `{command} {run} TEXTE`._",

        // Sessions
        .sessionsUnavailable: "Les sessions nommées ne sont pas disponibles ici.",
        .noAgentOrProvider: "Aucun agent ni fournisseur ne s’appelle `{target}`.",
        .sessionNeedsPrompt: "Dites de quoi parle la session.",
        .sessionStarted: "Session **{name}** commencée avec {with}. Poursuivez-la avec `@{name} …` ; terminez-la avec `{command}`.",
        .sessionWithProvider: "{agent} sur {provider}",
        .sessionsDropped: "(Un chat garde au plus {max} sessions, donc **{names}** s’est terminée.)",
        .sessionsNone: "Aucune session nommée ici. Commencez-en une avec `{command}`.",
        .sessionsList: "Sessions nommées ici (poursuivez-en une avec `@NOM …`) :",
        .sessionLine: "- **{name}** avec {agent}, depuis {age}",
        .sessionsMenu: "Touchez pour en terminer une :",
        .sessionEndOption: "Terminer {name}",
        .sessionsNoneShort: "Aucune session nommée ici.",
        .sessionsEndedCount: .plural(one: "{count} session terminée.", other: "{count} sessions terminées."),
        .noSessionNamed: "Aucune session nommée **{name}** ici.",
        .sessionEnded: "Session **{name}** terminée.",
        .ageJustNow: "un instant",
        .ageSeconds: .plural(one: "{count} s", other: "{count} s"),
        .ageMinutes: .plural(one: "{count} min", other: "{count} min"),
        .ageHours: .plural(one: "{count} h", other: "{count} h"),
        .ageDays: .plural(one: "{count} jour", other: "{count} jours"),

        // Runs and tasks
        .runsUnavailable: "Les exécutions ne sont pas disponibles ici.",
        .tasksUnavailable: "Les tâches ne sont pas disponibles ici.",
        .noRunHere: "Aucune exécution `{run}` lancée depuis ce chat (voir `{command}`).",
        .runsNone: "Aucune exécution pour l’instant.",
        .runsNoneHere: "Aucune exécution n’a été lancée depuis ce chat.",
        .runKillOption: "Arrêter {run}",
        .runInfoOption: "Détails de {run}",
        .runsHeader: "Exécutions :",
        .runsHeaderHere: "Exécutions de ce chat :",
        .runsNoneUnfinished: "Aucune exécution de ce chat n’est en cours.",
        .runsKilled: .plural(one: "{count} exécution arrêtée.", other: "{count} exécutions arrêtées."),
        .runAlreadyEnded: "L’exécution {run} est déjà terminée : {state}.",
        .runKilled: "Exécution {run} arrêtée.",
        .runKilledWithBelow: .plural(one: "Exécution {run} arrêtée, avec {count} exécution en dessous.",
                                     other: "Exécution {run} arrêtée, avec {count} exécutions en dessous."),
        .runSteerFailed: "Impossible d’orienter l’exécution {run} : {error}",
        .runSteered: "L’exécution {run} s’en occupera après son étape en cours.",
        .tasksNone: "Aucune tâche de fond ne tourne pour ce chat.",
        .taskWaiting: "- ❓ `{run}` ({agent}) attend votre réponse : {question} — répondez à sa question ou `{command} {run} TEXTE`",
        .taskCancelOption: "Annuler {run}",
        .tasksHeader: "Tâches de fond de ce chat :",
        .taskAlreadyEnded: "La tâche {run} est déjà terminée : {state}.",
        .taskCancelled: "Tâche {run} annulée.",
        .taskNotWaiting: "La tâche {run} n’attend pas de réponse ici.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} jeton{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} jetons{nested} — {task}"),
        .runUnder: ", sous {parent}",
        .runDetailsHeader: "**Exécution {run}** — {agent}, {state}",
        .runAskedBy: "- demandée par {agent}, il y a {age}",
        .runAskedByFor: "- demandée par {agent} pour {user}, il y a {age}",
        .runTask: "- tâche : {task}",
        .runTokens: "- jetons : {input} en entrée, {output} en sortie",
        .runParent: "- sous l’exécution {parent} (profondeur {depth})",
        .runProvider: "- fournisseur : {provider}",
        .runProviderModel: "- fournisseur : {provider}, modèle {model}",
        .runResult: "- résultat : {result}",
        .runDeliveryFailed: "- ⚠️ échec de la livraison : {reason}",
        .unknownReason: "raison inconnue",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Terminé ({input}→{output} jetons) :\n\n{result}",
        .footerTokens: "{input}→{output} jetons",
        .healthUnknown: "inconnu",
        .healthNoProvider: "⚠️ le fournisseur {provider} n’est pas configuré",
        .healthNotFound: "⚠️ {command} introuvable",
        .healthReady: "prêt",
        .noEncryption: "Ce transport n’a pas de chiffrement de bout en bout.",
        .encryptionOff: "Le chiffrement est désactivé (`encryption.allow: false`).",
        .cryptoNoDevice: "Aucun appareil d’agent n’est encore configuré.",
        .cryptoDeviceLine: "- **{user}** appareil `{device}` ({state}) : {keys} ; clés à usage unique : {otks} ; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "pas de clés",
        .cryptoNotReported: "pas encore signalées",
        .cryptoCrossSigned: "signature croisée, clé maîtresse `{key}`",
        .cryptoNotCrossSigned: "sans signature croisée",
        .cryptoReady: "prêt",
        .cryptoNotReady: "pas prêt",
        .notAUserID: "Ce n’est pas un identifiant d’utilisateur : {user}",
        .identityTrusted: "L’identité de signature croisée actuelle de {user} est désormais approuvée ; ses appareils à signature croisée reçoivent de nouveau les clés.",
        .identityUnknown: "Je ne connais aucune clé de signature croisée de {user}.",
        .identityTrustFailed: "Impossible de mettre à jour la confiance en {user} : {error}",
        .matrixAgentAdded: "**{name}** ajouté en tant que {user}. Il vous a invité dans son salon ({room}).",
        .agentRemovedRooms: .plural(one: "**{name}** retiré ; il a quitté {count} salon.", other: "**{name}** retiré ; il a quitté {count} salons."),
        .historyDeleted: "Son historique est supprimé.",
        .historyKept: "Son historique est conservé.",
        .notAMatrixRoom: "Ce n’est pas un salon Matrix.",
        .goodbye: "Au revoir.",
        .leaveNoSuchAgent: "Cet agent n’existe pas.",
        .leaveAgentRemoved: "L’agent a été retiré.",
        .leaveAsked: "Prié de partir avec {command}.",
        .telegramAgentAdded: "**{name}** ajouté. Parlez-lui ici avec `/agent {name}`, ou une seule fois avec `@{name} …`.",
        .telegramAgentRemoved: "**{name}** retiré.",
        .privateChatStays: "On ne peut pas quitter une conversation privée ; `/agent main` revient à l’agent principal.",
        .telegramGroupNotAllowed: "Ce groupe n’a pas le droit d’utiliser ce bot (identifiant de groupe {id}). Un admin peut ajouter l’identifiant à telegram.allowed_groups.",
        .buttonNotOurs: "Ce bouton n’appartient pas à Troupe.",
        .telegramAdmissionHint: "Votre identifiant d’utilisateur Telegram est `{id}` : un admin peut l’ajouter à `telegram.allowed_users`.",
        .yourSession: "votre session `{device}`",
        .unknownSession: "une session que je ne trouve pas parmi vos appareils",
        .insecureIdentityChanged: """
            ⚠️ Je n’ai pas donné suite à votre message venant de {which} : votre identité de signature croisée a changé depuis que je l’ai \
            vue pour la première fois, donc je ne fais pas confiance à vos sessions tant que ce n’est pas confirmé. Si vous avez \
            réinitialisé votre identité vous-même, demandez à un admin de Troupe de lancer `{command}`.
            """,
        .insecureBelowLevel: """
            ⚠️ Je n’ai pas donné suite à votre message : il vient de {which}, qui est {trust}, et je ne réponds qu’aux sessions \
            au moins {level}. Vérifiez cette session depuis une de vos sessions vérifiées (dans Element : Paramètres → \
            Sessions → Vérifier), ou demandez à l’admin de Troupe d’abaisser encryption.verification_levels.send.
            """,
        .encryptionOffNotice: """
            Ce Troupe a le chiffrement de bout en bout désactivé, je ne peux donc pas lire les messages de ce salon \
            chiffré. L’admin peut l’activer avec `encryption.allow: true` dans la configuration de Troupe.
            """,
        .unreadableNoKeys: """
            ⚠️ Je n’ai pas pu lire votre message : votre client n’a pas partagé ses clés avec mon appareil ({device}), \
            même après que je les ai demandées. Renvoyez-le ; si cela se reproduit, vérifiez ma session ou laissez votre \
            client partager ses clés avec les sessions non vérifiées.
            """,
        .unreadable: """
            ⚠️ Je n’ai pas pu lire votre message ({reason}). Renvoyez-le ; si cela se reproduit, vérifiez que \
            votre client partage ses clés avec mon appareil ({device}).
            """,
        .plaintextDropped: """
            ⚠️ Votre message n’était pas chiffré, mais ce salon l’est, je l’ai donc ignoré \
            (encryption.require). Vérifiez que votre client chiffre dans ce salon, puis renvoyez-le.
            """,
        .encryptionRequired: """
            Ce Troupe ne parle que dans des salons chiffrés de bout en bout (encryption.require). \
            Activez le chiffrement dans les paramètres du salon, ou invitez-moi dans un salon chiffré.
            """,
        .undeliverable: "⚠️ Ceci n’a pas pu être livré à {chat} ({reason}) :",
        .gaveUpWorking: .plural(
            one: "⚠️ Troupe a redémarré {count} fois pendant que je travaillais sur votre message « {quoted} », j’ai donc abandonné. Il n’est pas terminé ; renvoyez-le si vous en avez encore besoin.",
            other: "⚠️ Troupe a redémarré {count} fois pendant que je travaillais sur votre message « {quoted} », j’ai donc abandonné. Il n’est pas terminé ; renvoyez-le si vous en avez encore besoin."),
        .gaveUpQueued: .plural(
            one: "⚠️ Troupe a redémarré {count} fois alors que j’allais traiter votre message « {quoted} », j’ai donc abandonné. Il n’est pas terminé ; renvoyez-le si vous en avez encore besoin.",
            other: "⚠️ Troupe a redémarré {count} fois alors que j’allais traiter votre message « {quoted} », j’ai donc abandonné. Il n’est pas terminé ; renvoyez-le si vous en avez encore besoin."),

        // Automation
        .refusalAdmins: "Seuls les admins peuvent modifier {what} ; `{command}` les montre.",
        .refusalUsers: "Seuls les utilisateurs autorisés peuvent modifier {what} ; `{command}` les montre.",
        .whatJobs: "les tâches planifiées",
        .whatHeartbeats: "les battements de cœur",
        .whatWebhooks: "les webhooks",
        .none: "aucune",
        .jobsUnavailable: "Les tâches planifiées ne sont pas disponibles ici.",
        .cronPromptMissing: "Écrivez la demande après `--` : `{example}`.",
        .cronPromptEmpty: "Dites après `--` ce qu’il faut demander à l’agent.",
        .jobsNoChat: "Impossible de créer des tâches dans ce chat.",
        .scheduleBroken: "Ce calendrier ne fonctionne pas : {error}.",
        .jobAdded: "`{id}` planifiée pour {agent} : {schedule}. Prochaine exécution : {next}.",
        .jobsNone: "Aucune tâche ici.",
        .jobsEmpty: "Aucune tâche planifiée dans ce chat. `{command}` en crée une.",
        .jobPaused: "en pause",
        .jobNext: "prochaine {when}",
        .jobDone: "terminée",
        .jobResumeOption: "Reprendre {id}",
        .jobPauseOption: "Mettre {id} en pause",
        .jobDeleteOption: "Supprimer {id}",
        .jobsHeader: "Tâches planifiées ici :",
        .noJob: "Il n’y a pas de tâche `{id}` ici (voir `{command}`).",
        .jobPausedDone: "`{id}` mise en pause.",
        .currentRunGoesOn: "L’exécution en cours continue.",
        .jobResumed: "`{id}` reprise. Prochaine exécution : {next}.",
        .jobDeleted: "`{id}` supprimée.",
        .jobRunning: "`{id}` s’exécute maintenant.",
        .jobAlreadyRunning: "`{id}` s’exécute déjà.",
        .heartbeatsUnavailable: "Les battements de cœur ne sont pas disponibles ici.",
        .heartbeatsNoChat: "Impossible de régler un battement de cœur dans ce chat.",
        .heartbeatNone: "Il n’y a pas de battement de cœur ici.",
        .heartbeatOff: "Le battement de cœur est arrêté.",
        .currentCheckGoesOn: "La vérification en cours continue.",
        .heartbeatHowOften: "Dites à quelle fréquence : `{example}`.",
        .heartbeatOn: "💓 Battement de cœur activé : {description}. {agent} n’écrit ici que s’il y a quelque chose à signaler.",
        .heartbeatBroken: "Ce battement de cœur ne fonctionne pas : {error}.",
        .heartbeatNoneStart: "Pas de battement de cœur ici. `{example}` en démarre un.",
        .heartbeatStatus: "💓 Battement de cœur : {description}.",
        .heartbeatNext: "Prochaine vérification : {when}.",
        .heartbeatLast: "Dernière vérification : {when}.",
        .heartbeatQuiet: "silence {quiet} ({zone})",
        .heartbeatChecking: "vérifie : {prompt}",
        .webhooksUnavailable: "Les webhooks ne sont pas disponibles ici.",
        .webhookNameMissing: "Nommez le hook : `{example}`.",
        .webhookNameBad: "Le nom d’un webhook fait partie de son URL : lettres minuscules, chiffres, `-` et `_` (64 au plus), comme `{suggestion}`.",
        .webhooksNoChat: "Impossible de créer des webhooks dans ce chat.",
        .webhookExists: "Il existe déjà un webhook `{name}` ; choisissez un autre nom, ou d’abord `{command}`.",
        .webhookMade: "Webhook `{name}` créé pour {agent} ; ses réponses arrivent dans ce chat.",
        .webhookURL: "URL : `{url}`",
        .webhookSecret: "Secret : `{secret}`",
        .webhookHowToSend: "Envoyez du JSON ou du texte par `POST`, signé dans `X-Hub-Signature-256` (GitHub le fait quand vous lui donnez le secret).",
        .webhookListenerOffAdd: "⚠️ Le récepteur de webhooks est arrêté, donc rien n’atteint encore cette URL : mettez `automation.webhooks.enabled: true` dans la configuration et redémarrez Troupe.",
        .webhookSecretWarning: "Quiconque peut lire l’historique de ce chat peut lire le secret ; `{command}` en crée un nouveau.",
        .webhooksNone: "Aucun webhook ici.",
        .webhooksEmpty: "Aucun webhook dans ce chat. `{command}` en crée un.",
        .webhookListenerOff: "Le récepteur de webhooks est arrêté (`automation.webhooks.enabled`).",
        .webhooksHeader: "Webhooks ici :",
        .webhookDeleteOption: "Supprimer {name}",
        .noWebhook: "Il n’y a pas de webhook `{name}` ici (voir `{command}`).",
        .webhookDeleted: "Webhook `{name}` supprimé ; les livraisons reçoivent désormais 404.",
        .webhookRotated: "Nouveau secret pour `{name}` : `{secret}`\nL’ancien ne fonctionne plus ; donnez celui-ci à l’expéditeur.",
    ]
}
