/// Every text Troupe itself writes into a chat. Call sites use the typed accessors on `Localizer`
/// (`text.stopNothing(agent:)`); the catalogs map these keys to each language's wording.
enum TextKey: String, CaseIterable, Sendable {
    // MARK: Command table and help
    case done, unknownCommand, permissionNeeded, usage, commandFailed, adminOnly
    case sectionConversation, sectionAgents, sectionAutomation, sectionAdmin, sectionOther
    case summaryHelp, summaryPing, summaryStatus, summaryNew, summaryStop, summaryInterrupt, summaryModel, summaryAgents
    case summaryWhere, summaryLeave, summaryCrypto, summaryStopAll, summarySession, summarySessions, summaryRuns, summaryTasks
    case summaryCron, summaryHeartbeat, summaryWebhook, summaryStart, summaryAgent, summaryLanguage

    // MARK: Router
    case notAllowed, answerPassed, attachmentUnreadable, emptyAfterName, onlyTextAndFiles
    case menuNotOpen, menuExpired, choiceAlreadyMade, menuNotYours, pickNumber
    case turnsAhead, filesNotSent

    // MARK: Built-in commands
    case noAgentNamed, newSession, interrupted, notWorkingOn
    case stopNothing, stoppedTurn, droppedQueued, stoppedAndDropped, stoppedEverything
    case modelMenu, modelNow, modelDefault
    case configRejected, configRestartNeeded
    case providerMenu, providerUnknown, providerNow, providerDefault, providerModelCleared, providerRunningTurn, summaryProvider
    case whereNobody, whereNoRooms
    case statusWorking, statusIdle, statusDefaultModel, statusNewSession, statusBody
    case agentsNeedAdmin, agentExists, mainAgentStays, noAgentCalled, cannotRemove
    case unknownSubcommand, unexpectedArgument, unknownOption

    // MARK: Languages
    case languageOwn, languageDefault, languageAvailable, languageSet, languageReset, languageUnknown, languageNoChat

    // MARK: Telegram
    case telegramStart, agentOwnBot, agentMenu, noAgentNamedList, agentMainAgain, agentSwitched

    // MARK: Menus, answers, welcome, run notices
    case menuHint, menuPage, menuChoose, menuPageShort, usingTool, noAnswer
    case welcomeIntro, welcomeIntroModel, welcomeBody, welcomeMissingTool, welcomeInstallTool, welcomeSetCommand, welcomeServerOption
    case welcomeSwitchProvider, welcomeApplies, theConfigFile, runNotice, runNoticeFrom, runQuestion

    // MARK: Sessions
    case sessionsUnavailable, noAgentOrProvider, sessionNeedsPrompt, sessionStarted, sessionWithProvider, sessionsDropped
    case sessionsNone, sessionsList, sessionLine, sessionsMenu, sessionEndOption, sessionsNoneShort, sessionsEndedCount
    case noSessionNamed, sessionEnded
    case ageJustNow, ageSeconds, ageMinutes, ageHours, ageDays

    // MARK: Runs and tasks
    case runsUnavailable, tasksUnavailable, noRunHere, runsNone, runsNoneHere, runKillOption, runInfoOption, runsHeader, runsHeaderHere
    case runsNoneUnfinished, runsKilled, runAlreadyEnded, runKilled, runKilledWithBelow, runSteerFailed, runSteered
    case tasksNone, taskWaiting, taskCancelOption, tasksHeader, taskAlreadyEnded, taskCancelled, taskNotWaiting
    case runLine, runUnder, runDetailsHeader, runAskedBy, runAskedByFor, runTask, runTokens, runParent, runProvider, runProviderModel
    case runResult, runDeliveryFailed, unknownReason

    // MARK: Agents, health, encryption, Telegram, notices
    case runDone, footerTokens, healthUnknown, healthNoProvider, healthNotFound, healthReady
    case noEncryption, encryptionOff, cryptoNoDevice, cryptoDeviceLine, cryptoKeys, cryptoNoKeys, cryptoNotReported, cryptoCrossSigned
    case cryptoNotCrossSigned, cryptoReady, cryptoNotReady, notAUserID, identityTrusted, identityUnknown, identityTrustFailed
    case matrixAgentAdded, agentRemovedRooms, historyDeleted, historyKept, notAMatrixRoom, goodbye
    case leaveNoSuchAgent, leaveAgentRemoved, leaveAsked
    case telegramAgentAdded, telegramAgentRemoved, privateChatStays, telegramGroupNotAllowed, buttonNotOurs, telegramAdmissionHint
    case yourSession, unknownSession, insecureIdentityChanged, insecureBelowLevel, encryptionOffNotice
    case unreadableNoKeys, unreadable, plaintextDropped, encryptionRequired
    case undeliverable, gaveUpWorking, gaveUpQueued

    // MARK: Automation
    case refusalAdmins, refusalUsers, whatJobs, whatHeartbeats, whatWebhooks, none
    case jobsUnavailable, cronPromptMissing, cronPromptEmpty, jobsNoChat, scheduleBroken, jobAdded, jobsNone, jobsEmpty
    case jobPaused, jobNext, jobDone, jobResumeOption, jobPauseOption, jobDeleteOption, jobsHeader, noJob
    case jobPausedDone, currentRunGoesOn, jobResumed, jobDeleted, jobRunning, jobAlreadyRunning
    case heartbeatsUnavailable, heartbeatsNoChat, heartbeatNone, heartbeatOff, currentCheckGoesOn, heartbeatHowOften, heartbeatOn
    case heartbeatBroken, heartbeatNoneStart, heartbeatStatus, heartbeatNext, heartbeatLast, heartbeatQuiet, heartbeatChecking
    case webhooksUnavailable, webhookNameMissing, webhookNameBad, webhooksNoChat, webhookExists, webhookMade, webhookURL, webhookSecret
    case webhookHowToSend, webhookListenerOffAdd, webhookSecretWarning, webhooksNone, webhooksEmpty, webhookListenerOff, webhooksHeader
    case webhookDeleteOption, noWebhook, webhookDeleted, webhookRotated

    // MARK: Failed turns, attachments, notices while a turn runs (Localizer+Failures)
    case runFailConfiguration, runFailKilledBeforeStart, runFailKilled, runFailTimedOut, runFailOverBudget
    case runFailRestartedWhileWorking, runFailRestartedBeforeStart
    case failUnknownAgent, failAgentGone, failProviderNotConfigured, failUnknownProvider, failProviderNotAllowed
    case failAgentInConfigChange, failAgentInConfigRemove, failWorkspace, failSecrets, failInvalidModel, failInvalidStoredModel
    case failToolNotFoundPath, failToolNotFound, installWith, installSee, failLaunch, failToolExited, failToolExitedDetail
    case exitStatus, exitSignal, failNoOutput, failNotJSON, failNoResult, failNoResultDetail, unreadableLines
    case failBaseURL, failModelMissing, failRequestEncoding, failHTTPStatus, failHTTPStatusKey, failStream, failStreamEnded
    case failUnreachable, failTimedOut, failStopped, failInterrupted, failDropped, failNoAnswer
    case failAttachment, attachmentNoFile, attachmentTooLarge, attachmentTooLargeUnknown
    case sessionNotResumed, timeLimitMoved, stoppingSoon, stoppingSoonUnlessOutput

    // MARK: Schedules (Localizer+ScheduleErrors)
    case schedFieldCount, schedNoSuchDay, schedEmptyItem, schedSlashes, schedBadStep, schedNotValueOrRange, schedBackwards
    case schedOutOfRange, schedNotNumberOrName, schedNotNumberOrNameNames
    case fieldMinute, fieldHour, fieldDayOfMonth, fieldMonth, fieldDayOfWeek
    case schedQuietRange, schedQuietAllDay, schedNotHourRange, schedQuietSyntax, schedTimeZone, schedNone, schedEverySyntax
    case schedAtSyntax, schedNotDateTime, schedNotInterval, schedTooLong, schedTooShort, schedPassed

    // MARK: Work outside turns, the Telegram mirror, new rooms (Localizer+Background)
    case stateAccepted, stateQueued, stateRunning, stateCompleted, stateFailed, stateTimedOut, stateCancelled, stateInterrupted
    case runEnded, deliveryNoTransport, heartbeatLabel, automatedJob, automatedHeartbeat, automatedWebhook, automatedMoved
    case portalTopic, portalThread, portalPhoto, portalUnreadable, telegramChat, agentRoomTopic
}
