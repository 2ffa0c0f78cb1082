extension Catalog {
    static let ru: [TextKey: Phrase] = [
        // Command table and help
        .done: "Готово.",
        .unknownCommand: "Неизвестная команда `{command}`, попробуйте `{help}`.",
        .permissionNeeded: "Извините, для `{command}` нужен уровень доступа {needed}; у вас {have}.",
        .usage: "**Использование:** `{usage}`",
        .commandFailed: "`{command}` не удалась: {error}",
        .adminOnly: "_(админ)_",
        .sectionConversation: "Разговор",
        .sectionAgents: "Агенты",
        .sectionAutomation: "Автоматизация",
        .sectionAdmin: "Администрирование",
        .sectionOther: "Прочее",
        .summaryHelp: "этот список",
        .summaryPing: "проверить, что Troupe отвечает",
        .summaryStatus: "агент, провайдер, модель, сессия, токены, стоимость, очередь",
        .summaryNew: "начать новую сессию (провайдер сохраняет старую)",
        .summaryStop: "остановить текущий ход и очистить очередь",
        .summaryInterrupt: "прервать текущий ход, сохранив очередь",
        .summaryModel: "показать или сменить модель (без имени — выбор из списка)",
        .summaryAgents: "список агентов; администраторы добавляют и удаляют их",
        .summaryWhere: "комнаты, в которых находится каждый агент",
        .summaryLeave: "попросить агента покинуть эту комнату",
        .summaryCrypto: "устройство шифрования каждого агента; `trust` принимает новую идентичность кросс-подписи пользователя",
        .summaryStopAll: "остановить работу всех агентов везде",
        .summarySession: "начать именованную побочную сессию со своим контекстом; продолжить её: @ИМЯ ТЕКСТ",
        .summarySessions: "показать именованные сессии этого чата или завершить их",
        .summaryRuns: "запуски субагентов из этого чата: состояние, возраст, токены; остановить, изучить или направить их",
        .summaryTasks: "фоновые задачи, запущенные агентами из этого чата, и их вопросы к вам",
        .summaryCron: "задания по расписанию: cron (`0 9 * * 1-5`), `every 10m` или `at 2026-12-24 18:00`, с ответом в этом чате",
        .summaryHeartbeat: "пусть агент регулярно проверяет и пишет, только когда есть о чём сообщить",
        .summaryWebhook: "URL, которые обращаются к агенту, когда приходит подписанный POST-запрос; `{{payload}}` и `{{header.X}}` в шаблоне",
        .summaryStart: "приветствие и с чего начать",
        .summaryAgent: "показать или сменить агента, с которым говорит этот чат",
        .summaryLanguage: "показать или сменить язык, на котором Troupe отвечает здесь",

        // Router
        .notAllowed: "Извините, {name} не разрешено пользоваться Troupe.",
        .answerPassed: "Ваш ответ передан задаче {run} ({agent}).",
        .attachmentUnreadable: "⚠️ Не удалось прочитать это вложение: {error}",
        .emptyAfterName: "Напишите что-нибудь после `@{agent}`, например `@{agent} над чем ты сейчас работаешь?`",
        .onlyTextAndFiles: "Пока я могу передавать агентам только текст и файлы (фото, документы, аудио, голосовые сообщения, видео).",
        .menuNotOpen: "Это меню больше не открыто (возможно, Troupe перезапускался); выполните команду ещё раз.",
        .menuExpired: "Срок этого меню истёк; выполните команду ещё раз.",
        .choiceAlreadyMade: "Этот выбор уже сделан.",
        .menuNotYours: "Выбирать здесь может только тот, для кого сделано это меню.",
        .pickNumber: "Выберите число от 1 до {count}.",
        .turnsAhead: .plural(one: "В очереди: перед вашим {count} ход.", few: "В очереди: перед вашим {count} хода.",
                             many: "В очереди: перед вашим {count} ходов.", other: "В очереди: перед вашим {count} хода."),
        .filesNotSent: "Некоторые файлы не были отправлены:",

        // Built-in commands
        .noAgentNamed: "Агента с именем {agent} нет.",
        .newSession: "Начата новая сессия с {agent}.",
        .interrupted: "Текущий ход {agent} прерван; сообщения в очереди продолжатся.",
        .notWorkingOn: "{agent} сейчас ничем не занят.",
        .stopNothing: "{agent} ничем не был занят.",
        .stoppedTurn: "Текущий ход {agent} остановлен.",
        .droppedQueued: .plural(one: "Отброшено {count} сообщение в очереди для {agent}.",
                                few: "Отброшено {count} сообщения в очереди для {agent}.",
                                many: "Отброшено {count} сообщений в очереди для {agent}.",
                                other: "Отброшено {count} сообщения в очереди для {agent}."),
        .stoppedAndDropped: .plural(one: "Текущий ход {agent} остановлен, отброшено {count} сообщение в очереди.",
                                    few: "Текущий ход {agent} остановлен, отброшено {count} сообщения в очереди.",
                                    many: "Текущий ход {agent} остановлен, отброшено {count} сообщений в очереди.",
                                    other: "Текущий ход {agent} остановлен, отброшено {count} сообщения в очереди."),
        .stoppedEverything: "Все текущие ходы остановлены, все очереди очищены.",
        .providerMenu: "Провайдер для {agent} (сейчас: {current}):",
        .providerUnknown: "Провайдера с именем {name} нет. Настроены: {list}.",
        .providerNow: "{agent} теперь использует {provider}.",
        .providerDefault: "{agent} теперь использует {provider}, настроенного провайдера.",
        .providerModelCleared: "Выбранная здесь модель ({model}) не относится к {provider}, поэтому действует модель {provider} по умолчанию.",
        .providerRunningTurn: "Текущий ход завершится на {old}; следующий использует {new}.",
        .summaryProvider: "показать или сменить провайдера (без имени — выбор)",
        .configRejected: "⚠️ Файл конфигурации изменился, но в нём есть ошибки, поэтому Troupe продолжает работать с прежней конфигурацией:\n{problems}",
        .configRestartNeeded: "ℹ️ Конфигурация перезагружена. Эти ключи изменились и вступят в силу только после перезапуска: {keys}.",
        .modelMenu: "Модель для {agent} (сейчас: {current}):",
        .modelNow: "{agent} теперь использует {model}.",
        .modelDefault: "{agent} теперь использует свою модель по умолчанию.",
        .whereNobody: "Ни один агент не находится ни в одной комнате.",
        .whereNoRooms: "нет комнат",
        .statusWorking: "работает",
        .statusIdle: "свободен",
        .statusDefaultModel: "по умолчанию",
        .statusNewSession: "новая",
        .statusBody: .plural(
            one: """
                **{agent}** — {state}
                - провайдер: {provider}, модель: {model}
                - сессия: {session}
                - токены: {input} на входе, {output} на выходе за {count} ход; стоимость {cost}
                - очередь: {queue} в ожидании
                """,
            few: """
                **{agent}** — {state}
                - провайдер: {provider}, модель: {model}
                - сессия: {session}
                - токены: {input} на входе, {output} на выходе за {count} хода; стоимость {cost}
                - очередь: {queue} в ожидании
                """,
            many: """
                **{agent}** — {state}
                - провайдер: {provider}, модель: {model}
                - сессия: {session}
                - токены: {input} на входе, {output} на выходе за {count} ходов; стоимость {cost}
                - очередь: {queue} в ожидании
                """,
            other: """
                **{agent}** — {state}
                - провайдер: {provider}, модель: {model}
                - сессия: {session}
                - токены: {input} на входе, {output} на выходе за {count} хода; стоимость {cost}
                - очередь: {queue} в ожидании
                """),
        .agentsNeedAdmin: "Извините, для `{command}` нужен уровень доступа admin.",
        .agentExists: "Агент с именем {name} уже есть.",
        .mainAgentStays: "Главного агента удалить нельзя.",
        .noAgentCalled: "Агента с именем {name} нет.",
        .cannotRemove: "Не удалось удалить {name}: {error}",
        .unknownSubcommand: "Неизвестная подкоманда «{verb}».",
        .unexpectedArgument: "Неожиданный аргумент «{argument}».",
        .unknownOption: "Неизвестный или неполный параметр «{option}».",

        // Languages
        .languageOwn: "Язык этого чата: **{language}** (задан через `{command}`; `{command} default` возвращает язык Troupe по умолчанию).",
        .languageDefault: "Язык этого чата: **{language}**, язык Troupe по умолчанию. Сменить его здесь: `{command} CODE`.",
        .languageAvailable: "Доступны: {available}.",
        .languageSet: "Язык этого чата теперь **{language}**.",
        .languageReset: "Этот чат снова использует язык Troupe по умолчанию: **{language}**.",
        .languageUnknown: "Языка «{code}» нет. Доступны: {available}.",
        .languageNoChat: "Язык можно задать только для чата.",

        // Telegram
        .telegramStart: "Привет! Сообщения отсюда идут к **{agent}**. Отправьте `{help}`, чтобы увидеть команды.",
        .agentOwnBot: "Это собственный бот {agent}; он всегда говорит с {agent}.",
        .agentMenu: "Этот чат говорит с **{agent}**. Переключиться на:",
        .noAgentNamedList: "Агента с именем {name} нет. Агенты: {agents}.",
        .agentMainAgain: "Этот чат снова говорит с **main**.",
        .agentSwitched: "Этот чат теперь говорит с **{agent}**. `{command}` переключает обратно.",

        // Menus, answers, welcome, run notices
        .menuHint: "_Поставьте реакцию с числом или напишите его._",
        .menuPage: "Страница {page} из {pages} — ◀️ ▶️ для перелистывания",
        .menuChoose: "Выберите:",
        .menuPageShort: "_Страница {page} из {pages}_",
        .usingTool: "⚙️ использую {tool}…",
        .noAnswer: "_(нет ответа)_",
        .welcomeIntro: "👋 Я **{name}** (`{agent}`), агент на **{provider}**.",
        .welcomeIntroModel: "👋 Я **{name}** (`{agent}`), агент на **{provider}**, модель `{model}`.",
        .welcomeBody: """
            Пишите здесь, и я отвечу, сохраняя контекст нашего разговора. Я умею читать присланные файлы, \
            отправлять файлы в ответ, предлагать варианты (поставьте реакцию с числом) и просить помощи у других агентов.

            - `{prefix}help`: все команды
            - `{prefix}new`: начать новый разговор
            - `{prefix}stop`: остановить то, что я делаю

            Чтобы позвать меня в другую комнату, пригласите туда `{user}`; в групповой комнате упомяните меня или ответьте мне.
            """,
        .welcomeMissingTool: "⚠️ `{command}` здесь не установлен, поэтому я пока не могу отвечать (команды работают). Как это исправить:",
        .welcomeInstallTool: "- установите {tool}: `{install}` и войдите в него",
        .welcomeSetCommand: "- или укажите путь к нему в `providers.{provider}.command` в {file}",
        .welcomeServerOption: "{kind} (сервер, совместимый с OpenAI, например Ollama, с `providers.{kind}.base_url` и `model`)",
        .welcomeSwitchProvider: "- или задайте там `agents.{agent}.provider`: {options}",
        .welcomeApplies: "Изменение файла конфигурации вступает в силу через несколько секунд, без перезапуска. Подробнее: {doc}",
        .theConfigFile: "файле конфигурации",
        .runNotice: "🛠️ Работаю над запуском **{run}** для {agent}: {task}",
        .runNoticeFrom: "🛠️ Работаю над запуском **{run}** для {agent} из [этой комнаты]({link}): {task}",
        .runQuestion: "❓ **Задача {run}** ({agent}) спрашивает: {question}\n\n_Ответьте на это сообщение или используйте `{command} {run} ТЕКСТ`._",

        // Sessions
        .sessionsUnavailable: "Именованные сессии здесь недоступны.",
        .noAgentOrProvider: "Нет ни агента, ни провайдера с именем `{target}`.",
        .sessionNeedsPrompt: "Скажите, о чём эта сессия.",
        .sessionStarted: "Сессия **{name}** с {with} начата. Продолжить: `@{name} …`; завершить: `{command}`.",
        .sessionWithProvider: "{agent} на {provider}",
        .sessionsDropped: "(В чате может быть не больше {max} сессий, поэтому **{names}** завершена.)",
        .sessionsNone: "Здесь нет именованных сессий. Начните новую: `{command}`.",
        .sessionsList: "Именованные сессии здесь (продолжить: `@ИМЯ …`):",
        .sessionLine: "- **{name}** с {agent}, возраст: {age}",
        .sessionsMenu: "Нажмите, чтобы завершить:",
        .sessionEndOption: "Завершить {name}",
        .sessionsNoneShort: "Здесь нет именованных сессий.",
        .sessionsEndedCount: .plural(one: "Завершена {count} сессия.", few: "Завершены {count} сессии.",
                                     many: "Завершено {count} сессий.", other: "Завершено {count} сессии."),
        .noSessionNamed: "Сессии с именем **{name}** здесь нет.",
        .sessionEnded: "Сессия **{name}** завершена.",
        .ageJustNow: "только что",
        .ageSeconds: .plural(one: "{count} с", few: "{count} с", many: "{count} с", other: "{count} с"),
        .ageMinutes: .plural(one: "{count} мин", few: "{count} мин", many: "{count} мин", other: "{count} мин"),
        .ageHours: .plural(one: "{count} ч", few: "{count} ч", many: "{count} ч", other: "{count} ч"),
        .ageDays: .plural(one: "{count} день", few: "{count} дня", many: "{count} дней", other: "{count} дня"),

        // Runs and tasks
        .runsUnavailable: "Запуски здесь недоступны.",
        .tasksUnavailable: "Задачи здесь недоступны.",
        .noRunHere: "Запуска `{run}` из этого чата нет (см. `{command}`).",
        .runsNone: "Запусков пока нет.",
        .runsNoneHere: "Из этого чата ничего не запускалось.",
        .runKillOption: "Остановить {run}",
        .runInfoOption: "Подробнее о {run}",
        .runsHeader: "Запуски:",
        .runsHeaderHere: "Запуски из этого чата:",
        .runsNoneUnfinished: "Все запуски этого чата завершены.",
        .runsKilled: .plural(one: "Остановлен {count} запуск.", few: "Остановлено {count} запуска.",
                             many: "Остановлено {count} запусков.", other: "Остановлено {count} запуска."),
        .runAlreadyEnded: "Запуск {run} уже завершён: {state}.",
        .runKilled: "Запуск {run} остановлен.",
        .runKilledWithBelow: .plural(one: "Запуск {run} остановлен вместе с {count} вложенным запуском.",
                                     few: "Запуск {run} остановлен вместе с {count} вложенными запусками.",
                                     many: "Запуск {run} остановлен вместе с {count} вложенными запусками.",
                                     other: "Запуск {run} остановлен вместе с {count} вложенными запусками."),
        .runSteerFailed: "Не удалось направить запуск {run}: {error}",
        .runSteered: "Запуск {run} займётся этим после текущего шага.",
        .tasksNone: "Для этого чата нет фоновых задач.",
        .taskWaiting: "- ❓ `{run}` ({agent}) ждёт вашего ответа: {question} — ответьте на вопрос или `{command} {run} ТЕКСТ`",
        .taskCancelOption: "Отменить {run}",
        .tasksHeader: "Фоновые задачи этого чата:",
        .taskAlreadyEnded: "Задача {run} уже завершена: {state}.",
        .taskCancelled: "Задача {run} отменена.",
        .taskNotWaiting: "Задача {run} здесь не ждёт ответа.",
        .runLine: .plural(one: "- `{run}` **{agent}** · {state} · {age} · {count} токен{nested} — {task}",
                          few: "- `{run}` **{agent}** · {state} · {age} · {count} токена{nested} — {task}",
                          many: "- `{run}` **{agent}** · {state} · {age} · {count} токенов{nested} — {task}",
                          other: "- `{run}` **{agent}** · {state} · {age} · {count} токена{nested} — {task}"),
        .runUnder: ", внутри {parent}",
        .runDetailsHeader: "**Запуск {run}** — {agent}, {state}",
        .runAskedBy: "- запросил {agent}, {age} назад",
        .runAskedByFor: "- запросил {agent} для {user}, {age} назад",
        .runTask: "- задача: {task}",
        .runTokens: "- токены: {input} на входе, {output} на выходе",
        .runParent: "- внутри запуска {parent} (глубина {depth})",
        .runProvider: "- провайдер: {provider}",
        .runProviderModel: "- провайдер: {provider}, модель {model}",
        .runResult: "- результат: {result}",
        .runDeliveryFailed: "- ⚠️ доставка не удалась: {reason}",
        .unknownReason: "причина неизвестна",

        // Agents, health, encryption, Telegram, notices
        .runDone: "✅ Готово ({input}→{output} токенов):\n\n{result}",
        .footerTokens: "{input}→{output} токенов",
        .healthUnknown: "неизвестно",
        .healthNoProvider: "⚠️ провайдер {provider} не настроен",
        .healthNotFound: "⚠️ {command} не найден",
        .healthReady: "готов",
        .noEncryption: "У этого транспорта нет сквозного шифрования.",
        .encryptionOff: "Шифрование выключено (`encryption.allow: false`).",
        .cryptoNoDevice: "Ни одно устройство агента ещё не настроено.",
        .cryptoDeviceLine: "- **{user}** устройство `{device}` ({state}): {keys}; одноразовые ключи: {otks}; {signing}",
        .cryptoKeys: "curve25519 `{curve}`, ed25519 `{ed}`",
        .cryptoNoKeys: "нет ключей",
        .cryptoNotReported: "ещё не сообщено",
        .cryptoCrossSigned: "с кросс-подписью, мастер-ключ `{key}`",
        .cryptoNotCrossSigned: "без кросс-подписи",
        .cryptoReady: "готово",
        .cryptoNotReady: "не готово",
        .notAUserID: "Это не идентификатор пользователя: {user}",
        .identityTrusted: "Текущей идентичности кросс-подписи {user} теперь доверяют; устройства с кросс-подписью снова получают ключи.",
        .identityUnknown: "Мне не известны ключи кросс-подписи {user}.",
        .identityTrustFailed: "Не удалось обновить доверие к {user}: {error}",
        .matrixAgentAdded: "**{name}** добавлен как {user}. Агент пригласил вас в свою комнату ({room}).",
        .agentRemovedRooms: .plural(one: "**{name}** удалён; агент покинул {count} комнату.", few: "**{name}** удалён; агент покинул {count} комнаты.",
                                    many: "**{name}** удалён; агент покинул {count} комнат.", other: "**{name}** удалён; агент покинул {count} комнаты."),
        .historyDeleted: "Его история удалена.",
        .historyKept: "Его история сохранена.",
        .notAMatrixRoom: "Это не комната Matrix.",
        .goodbye: "До свидания.",
        .leaveNoSuchAgent: "Такого агента нет.",
        .leaveAgentRemoved: "Агент удалён.",
        .leaveAsked: "Попросили уйти командой {command}.",
        .telegramAgentAdded: "**{name}** добавлен. Говорите с ним здесь через `/agent {name}` или один раз через `@{name} …`.",
        .telegramAgentRemoved: "**{name}** удалён.",
        .privateChatStays: "Личный чат покинуть нельзя; `/agent main` возвращает к главному агенту.",
        .telegramGroupNotAllowed: "Этой группе нельзя пользоваться этим ботом (идентификатор группы {id}). Администратор может добавить его в telegram.allowed_groups.",
        .buttonNotOurs: "Эта кнопка не от Troupe.",
        .telegramAdmissionHint: "Ваш идентификатор пользователя Telegram — `{id}`: администратор может добавить его в `telegram.allowed_users`.",
        .yourSession: "вашей сессии `{device}`",
        .unknownSession: "сессии, которую я не нахожу среди ваших устройств",
        .insecureIdentityChanged: """
            ⚠️ Я не стал отвечать на ваше сообщение от {which}: ваша идентичность кросс-подписи изменилась с тех пор, как я её увидел, \
            поэтому я не доверяю вашим сессиям, пока это не подтверждено. Если вы сбросили идентичность сами, попросите \
            администратора Troupe выполнить `{command}`.
            """,
        .insecureBelowLevel: """
            ⚠️ Я не стал отвечать на ваше сообщение: оно пришло от {which}, уровень которой {trust}, а я отвечаю только сессиям \
            уровня не ниже {level}. Подтвердите эту сессию из одной из ваших подтверждённых сессий (в Element: Настройки → \
            Сессии → Подтвердить) или попросите администратора Troupe понизить encryption.verification_levels.send.
            """,
        .encryptionOffNotice: """
            В этом Troupe сквозное шифрование выключено, поэтому я не могу читать сообщения в этой зашифрованной \
            комнате. Администратор может включить его через `encryption.allow: true` в конфигурации Troupe.
            """,
        .unreadableNoKeys: """
            ⚠️ Не удалось прочитать ваше сообщение: ваш клиент не передал ключи моему устройству ({device}), \
            даже после запроса. Отправьте его ещё раз; если это повторяется, подтвердите мою сессию или разрешите \
            клиенту передавать ключи неподтверждённым сессиям.
            """,
        .unreadable: """
            ⚠️ Не удалось прочитать ваше сообщение ({reason}). Отправьте его ещё раз; если это повторяется, проверьте, \
            что ваш клиент передаёт ключи моему устройству ({device}).
            """,
        .plaintextDropped: """
            ⚠️ Ваше сообщение не было зашифровано, а эта комната зашифрована, поэтому я его проигнорировал \
            (encryption.require). Проверьте, что ваш клиент шифрует в этой комнате, и отправьте сообщение ещё раз.
            """,
        .encryptionRequired: """
            Этот Troupe общается только в комнатах со сквозным шифрованием (encryption.require). \
            Включите шифрование в настройках комнаты или пригласите меня в зашифрованную комнату.
            """,
        .undeliverable: "⚠️ Не удалось доставить это в {chat} ({reason}):",
        .gaveUpWorking: .plural(
            one: "⚠️ Troupe перезапускался {count} раз, пока я работал над вашим сообщением «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно.",
            few: "⚠️ Troupe перезапускался {count} раза, пока я работал над вашим сообщением «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно.",
            many: "⚠️ Troupe перезапускался {count} раз, пока я работал над вашим сообщением «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно.",
            other: "⚠️ Troupe перезапускался {count} раза, пока я работал над вашим сообщением «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно."),
        .gaveUpQueued: .plural(
            one: "⚠️ Troupe перезапускался {count} раз, когда я собирался взяться за ваше сообщение «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно.",
            few: "⚠️ Troupe перезапускался {count} раза, когда я собирался взяться за ваше сообщение «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно.",
            many: "⚠️ Troupe перезапускался {count} раз, когда я собирался взяться за ваше сообщение «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно.",
            other: "⚠️ Troupe перезапускался {count} раза, когда я собирался взяться за ваше сообщение «{quoted}», поэтому я прекратил попытки. Оно не выполнено; отправьте его снова, если оно ещё нужно."),

        // Automation
        .refusalAdmins: "Менять {what} могут только администраторы; `{command}` показывает их.",
        .refusalUsers: "Менять {what} могут только допущенные пользователи; `{command}` показывает их.",
        .whatJobs: "задания по расписанию",
        .whatHeartbeats: "пульсы",
        .whatWebhooks: "вебхуки",
        .none: "нет",
        .jobsUnavailable: "Задания по расписанию здесь недоступны.",
        .cronPromptMissing: "Напишите запрос после `--`: `{example}`.",
        .cronPromptEmpty: "Скажите после `--`, о чём спросить агента.",
        .jobsNoChat: "В этом чате нельзя создавать задания.",
        .scheduleBroken: "Это расписание не работает: {error}.",
        .jobAdded: "`{id}` запланировано для {agent}: {schedule}. Следующий запуск: {next}.",
        .jobsNone: "Здесь нет заданий.",
        .jobsEmpty: "В этом чате нет заданий по расписанию. `{command}` создаёт новое.",
        .jobPaused: "на паузе",
        .jobNext: "следующий {when}",
        .jobDone: "завершено",
        .jobResumeOption: "Возобновить {id}",
        .jobPauseOption: "Приостановить {id}",
        .jobDeleteOption: "Удалить {id}",
        .jobsHeader: "Задания по расписанию здесь:",
        .noJob: "Задания `{id}` здесь нет (см. `{command}`).",
        .jobPausedDone: "`{id}` приостановлено.",
        .currentRunGoesOn: "Текущий запуск продолжается.",
        .jobResumed: "`{id}` возобновлено. Следующий запуск: {next}.",
        .jobDeleted: "`{id}` удалено.",
        .jobRunning: "`{id}` запускается сейчас.",
        .jobAlreadyRunning: "`{id}` уже выполняется.",
        .heartbeatsUnavailable: "Пульсы здесь недоступны.",
        .heartbeatsNoChat: "В этом чате нельзя настроить пульс.",
        .heartbeatNone: "Здесь нет пульса.",
        .heartbeatOff: "Пульс выключен.",
        .currentCheckGoesOn: "Текущая проверка продолжается.",
        .heartbeatHowOften: "Скажите, как часто: `{example}`.",
        .heartbeatOn: "💓 Пульс включён: {description}. {agent} пишет сюда, только когда есть о чём сообщить.",
        .heartbeatBroken: "Этот пульс не работает: {error}.",
        .heartbeatNoneStart: "Здесь нет пульса. `{example}` запускает его.",
        .heartbeatStatus: "💓 Пульс: {description}.",
        .heartbeatNext: "Следующая проверка: {when}.",
        .heartbeatLast: "Последняя проверка: {when}.",
        .heartbeatQuiet: "тишина {quiet} ({zone})",
        .heartbeatChecking: "проверяет: {prompt}",
        .webhooksUnavailable: "Вебхуки здесь недоступны.",
        .webhookNameMissing: "Назовите хук: `{example}`.",
        .webhookNameBad: "Имя вебхука — часть его URL: строчные буквы, цифры, `-` и `_` (до 64), например `{suggestion}`.",
        .webhooksNoChat: "В этом чате нельзя создавать вебхуки.",
        .webhookExists: "Вебхук `{name}` уже есть; выберите другое имя или сначала `{command}`.",
        .webhookMade: "Вебхук `{name}` для {agent} создан; его ответы приходят в этот чат.",
        .webhookURL: "URL: `{url}`",
        .webhookSecret: "Секрет: `{secret}`",
        .webhookHowToSend: "Отправляйте JSON или текст через `POST` с подписью в `X-Hub-Signature-256` (GitHub делает это, если дать ему секрет).",
        .webhookListenerOffAdd: "⚠️ Приёмник вебхуков выключен, поэтому на этот URL пока ничего не приходит: задайте `automation.webhooks.enabled: true` в конфигурации и перезапустите Troupe.",
        .webhookSecretWarning: "Кто может читать историю этого чата, может прочитать и секрет; `{command}` создаёт новый.",
        .webhooksNone: "Здесь нет вебхуков.",
        .webhooksEmpty: "В этом чате нет вебхуков. `{command}` создаёт новый.",
        .webhookListenerOff: "Приёмник вебхуков выключен (`automation.webhooks.enabled`).",
        .webhooksHeader: "Вебхуки здесь:",
        .webhookDeleteOption: "Удалить {name}",
        .noWebhook: "Вебхука `{name}` здесь нет (см. `{command}`).",
        .webhookDeleted: "Вебхук `{name}` удалён; доставки на него теперь получают 404.",
        .webhookRotated: "Новый секрет для `{name}`: `{secret}`\nСтарый больше не действует; передайте отправителю этот.",
    ]
}
