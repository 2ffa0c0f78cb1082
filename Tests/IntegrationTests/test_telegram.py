"""The Telegram bridge end to end: `troupe run` (with the real Synapse of conftest.py) polls a local fake Bot API
(fake_telegram.py), and the agents run the fake Claude CLI, which answers `echo: <prompt>` or replays
recordings/claude/NAME.ndjson for a prompt containing `scenario:NAME`.

The module restarts troupe with a `telegram:` section pointing at the fake (and an agent `coder`), and puts the
original config back at the end. Tests run in file order; test_h SIGKILLs troupe and restarts it.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BOT, DOMAIN, FAKE_RECORD_FILE, IT_DIR, Stack, dump_yaml, fake_runs, kill_stray_fakes, load_yaml, resume_of, tail
from fake_telegram import FakeTelegram, Message
from images import assert_converted, attached_path, photo
from matrix_client import run

TOKEN_ENV = "TROUPE_TELEGRAM_TOKEN"
CODER_TOKEN_ENV = "TROUPE_TELEGRAM_TOKEN_CODER"  # telegram.agent_bots: coder has a bot of its own
READY = "telegram bot ready"
ALICE, BOB, STRANGER = 111001, 111002, 999003  # Telegram user ids (private chat ids are the same)
CAROL = 111004  # only in test_s, so her chat's portal room is made there
DAVE = 111005  # a Telegram admin (telegram.admins): may make scheduled jobs
GROUP, OTHER_GROUP = -1001200, -1001300
ANSWER_TIMEOUT = 30.0
QUIET_S = 4.0


# ----------------------------------------------------------------------------------------------------------------------
# set-up
# ----------------------------------------------------------------------------------------------------------------------
def _start_and_wait(stack: Stack, timeout: float = 60.0) -> None:
    """Starts troupe and waits until both bots (the main one and coder's) are ready too."""
    offset = stack.troupe.log.stat().st_size if stack.troupe.log.exists() else 0
    stack.troupe.start()
    deadline = time.monotonic() + timeout
    while True:
        with stack.troupe.log.open("rb") as f:
            f.seek(offset)
            if f.read().count(READY.encode()) >= 2:
                return
        if not stack.troupe.alive() or time.monotonic() > deadline:
            pytest.fail(f"troupe did not log '{READY}'\n--- troupe log ---\n{tail(stack.troupe.log)}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def tg(stack: Stack):
    fake = FakeTelegram().start()
    fake.coder_bot = fake.add_bot("7000000002:CODER-token", 7000000002, "coder_test_bot", "Coder")
    original = stack.config_path.read_text()
    cfg = load_yaml(stack.config_path)
    cfg["telegram"] = {"enabled": True, "token_env": TOKEN_ENV, "api_url": fake.url, "allowed_users": [ALICE, BOB, CAROL], "admins": [DAVE],
                       "allowed_groups": [GROUP], "group_mention_only": True, "agent_bots": {"coder": CODER_TOKEN_ENV},
                       "mirror": True}
    # Every message handed to an agent gets 👀 at once (streaming.seen).
    cfg["streaming"] = {**(cfg.get("streaming") or {}), "seen": True}
    agents = cfg["agents"]
    agents.setdefault("coder", {"provider": agents["main"].get("provider", "claude")})
    dump_yaml(stack.config_path, cfg)
    previous = {name: os.environ.get(name) for name in (TOKEN_ENV, CODER_TOKEN_ENV)}
    os.environ[TOKEN_ENV] = fake.token  # troupe's env comes from ours, also when conftest restarts it
    os.environ[CODER_TOKEN_ENV] = fake.coder_bot.token
    try:
        stack.troupe.kill()
        _start_and_wait(stack)
        yield fake
    finally:
        stack.config_path.write_text(original)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        stack.troupe.kill()
        fake.stop()
        stack.troupe.start()  # leave the stack as conftest made it


@pytest.fixture
def bot(tg: FakeTelegram, live: Stack) -> FakeTelegram:
    if not any(READY in line for line in tail(live.troupe.log, 400).splitlines()):
        _start_and_wait(live)
    return tg


# ----------------------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------------------
def invocations() -> list[dict]:
    """Every fake CLI run so far (FAKE_RECORD): its argv, prompt, agent and chat."""
    return fake_runs()


def runs_with(prompt: str, chat: str | None = None) -> list[dict]:
    """Runs with exactly this prompt (in this chat: other test files' Matrix rooms may use the same words)."""
    return [r for r in invocations() if r["prompt"] == prompt and (chat is None or r.get("chat") == chat)]


def wait_for_run(prompt: str, chat: str | None = None, timeout: float = ANSWER_TIMEOUT) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        found = runs_with(prompt, chat)
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"the agent never got the prompt {prompt!r}; last prompts "
                                 f"{[r['prompt'] for r in invocations()][-5:]}")
        time.sleep(0.1)


def answer_to(bot: FakeTelegram, chat: int, message_id: int, what: str, timeout: float = ANSWER_TIMEOUT) -> Message:
    return bot.wait_for_message(chat, lambda m: m.reply_to == message_id, f"the answer to {what}", timeout)


def final(bot: FakeTelegram, message: Message, text: str, timeout: float = ANSWER_TIMEOUT) -> Message:
    """Waits until the bot's message shows exactly ``text`` (after edits)."""
    bot.wait_for(lambda: message.text == text, f"message {message.message_id} to read {text!r} (it reads {message.text!r})",
                 timeout)
    return message


def ask(bot: FakeTelegram, chat: int, user: int, text: str, expect: str, **kw) -> Message:
    mid = bot.push_text(chat, user, text, **kw)
    return final(bot, answer_to(bot, chat, mid, repr(text)), expect)


def assert_no_answer(bot: FakeTelegram, chat: int, message_id: int, prompt: str, seconds: float = QUIET_S) -> None:
    time.sleep(seconds)
    answers = [m.text for m in bot.bot_messages(chat) if m.reply_to == message_id]
    assert not answers, f"the bot answered a message it should have ignored: {answers}"
    assert not runs_with(prompt), f"the agent was run with {prompt!r}, which was not for it"


def buttons(message: Message) -> list[dict]:
    return [b for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row]


# ----------------------------------------------------------------------------------------------------------------------
# tests
# ----------------------------------------------------------------------------------------------------------------------
def test_a_start_registers_commands(bot: FakeTelegram):
    assert bot.calls_of("getMe"), "troupe did not call getMe at start"
    names = {c["command"] for c in bot.commands}
    assert {"help", "status", "new", "stop", "interrupt", "model", "agents", "agent"} <= names, names
    assert "stop_all" not in names, "admin commands should stay out of the command menu"


def test_b_private_chat_reply_streams_by_edits(bot: FakeTelegram):
    mid = bot.push_text(ALICE, ALICE, "scenario:slow go")
    reply = answer_to(bot, ALICE, mid, "scenario:slow")
    final(bot, reply, "one two three four")
    assert len(reply.history) >= 2, f"the answer was not streamed by edits: {reply.history}"
    assert reply.history[0] != reply.history[-1] and "one two three four".startswith(reply.history[0].rstrip("\n…").strip()), \
        reply.history
    edits = [c for c in bot.calls_of("editMessageText") if c.params.get("message_id") == reply.message_id]
    assert edits and all(c.params.get("parse_mode") == "HTML" for c in edits), edits
    typing = [c for c in bot.calls_of("sendChatAction") if c.params.get("chat_id") == ALICE]
    assert typing and typing[0].params.get("action") == "typing", "no typing action while the turn ran"


def test_c_markdown_arrives_as_telegram_html(bot: FakeTelegram):
    ask(bot, ALICE, ALICE, "hello **world** <tag>", "echo: hello <b>world</b> &lt;tag&gt;")


def test_d_inline_button_label_reaches_the_agent(bot: FakeTelegram):
    mid = bot.push_text(ALICE, ALICE, "scenario:buttons")
    menu = bot.wait_for_message(ALICE, lambda m: m.reply_to == mid and m.reply_markup is not None, "the answer with buttons")
    assert menu.text == "Shall I go ahead?", menu.text
    keys = {b["text"]: b["callback_data"] for b in buttons(menu)}
    assert set(keys) == {"Yes", "No"}, keys
    assert all(len(d.encode()) <= 64 for d in keys.values())

    # Only the asker may pick: another user's press is refused with an alert and picks nothing.
    stranger_press = bot.push_callback(ALICE, BOB, menu.message_id, keys["Yes"])
    refusal = bot.wait_for(lambda: [c for c in bot.calls_of("answerCallbackQuery")
                                    if c.params.get("callback_query_id") == stranger_press], "the answer to BOB's press")[0]
    assert refusal.params.get("show_alert") is True and "Only" in refusal.params.get("text", ""), refusal.params

    press = bot.push_callback(ALICE, ALICE, menu.message_id, keys["No"])
    bot.wait_for(lambda: [c for c in bot.calls_of("answerCallbackQuery") if c.params.get("callback_query_id") == press],
                 "answerCallbackQuery for the press")
    run = wait_for_run("No", chat=f"telegram:{ALICE}")
    assert run.get("agent") == "main", run
    final(bot, answer_to(bot, ALICE, menu.message_id, "the pressed button"), "echo: No")
    bot.wait_for(lambda: "✅ No" in menu.text and menu.reply_markup is None, "the menu to be marked done without buttons")
    assert not runs_with("Yes", chat=f"telegram:{ALICE}"), "the refused press reached the agent"

    # A second press on the used menu changes nothing.
    again = bot.push_callback(ALICE, ALICE, menu.message_id, keys["Yes"])
    used = bot.wait_for(lambda: [c for c in bot.calls_of("answerCallbackQuery") if c.params.get("callback_query_id") == again],
                        "the answer to a press on a used menu")[0]
    assert "already" in used.params.get("text", ""), used.params


def test_e_group_answers_only_when_mentioned_or_replied_to(bot: FakeTelegram):
    ignored = bot.push_text(GROUP, ALICE, "just chatting among humans")
    mentioned = ask(bot, GROUP, BOB, "are you there", "echo: are you there", mention_bot=True)
    # A reply reaches the agent with the message it quotes (the fake echoes the prompt without line breaks).
    ask(bot, GROUP, ALICE, "and this too", f"echo: In reply to @{bot.username}:&gt; echo: are you thereand this too",
        reply_to=mentioned.message_id)
    help_reply = answer_to(bot, GROUP, bot.push_text(GROUP, ALICE, f"/help@{bot.username}"), "/help@bot")
    assert "/status" in help_reply.text, help_reply.text
    other_bot = bot.push_text(GROUP, ALICE, "/help@some_other_bot")
    assert_no_answer(bot, GROUP, ignored, "just chatting among humans")
    assert not [m for m in bot.bot_messages(GROUP) if m.reply_to == other_bot], "answered another bot's command"


def test_f_forum_topic_is_a_chat_of_its_own(bot: FakeTelegram):
    mid = bot.push_text(GROUP, ALICE, "in the topic", thread_id=42, mention_bot=True)
    reply = final(bot, answer_to(bot, GROUP, mid, "a topic message"), "echo: in the topic")
    assert reply.thread_id == 42, "the answer did not go to the topic"
    assert wait_for_run("in the topic").get("chat") == f"telegram:{GROUP}/42"


def test_g_strangers_and_other_groups_are_refused(bot: FakeTelegram):
    mid = bot.push_text(STRANGER, STRANGER, "let me in")
    refusal = answer_to(bot, STRANGER, mid, "a stranger's message")
    assert str(STRANGER) in refusal.text and "allowed_users" in refusal.text, refusal.text
    bot.push_text(OTHER_GROUP, ALICE, "hello bot", mention_bot=True)
    bot.wait_for(lambda: OTHER_GROUP in bot.left_chats, "the bot to leave a group that is not allowed")
    assert bot.bot_messages(OTHER_GROUP), "the bot left without saying why"
    time.sleep(1)
    assert not runs_with("let me in") and not runs_with("hello bot"), "a refused message reached an agent"


def test_h_agent_switch_and_one_off_address(bot: FakeTelegram):
    switched = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "/agent coder"), "/agent coder")
    assert "coder" in switched.text, switched.text
    ask(bot, ALICE, ALICE, "who answers", "<b>coder</b>\necho: who answers")
    assert wait_for_run("who answers").get("agent") == "coder"
    ask(bot, ALICE, ALICE, "@x only once", "<b>x</b>\necho: only once")
    assert wait_for_run("only once").get("agent") == "x"
    ask(bot, ALICE, ALICE, "still coder", "<b>coder</b>\necho: still coder")
    back = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "/agent main"), "/agent main")
    assert "main" in back.text, back.text
    ask(bot, ALICE, ALICE, "main again", "echo: main again")
    assert wait_for_run("main again").get("agent") == "main"
    unknown = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "/agent nobody"), "/agent nobody")
    assert "no agent named nobody" in unknown.text, unknown.text


def test_i_rate_limit_is_waited_out(bot: FakeTelegram):
    bot.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    ask(bot, BOB, BOB, "despite the flood limit", "echo: despite the flood limit")
    sends = [c for c in bot.calls_of("sendMessage") if c.params.get("chat_id") == BOB]
    assert sends[0].status == 429 and sends[1].status == 200, [(c.status, c.params.get("text")) for c in sends]
    assert sends[1].time - sends[0].time >= 0.9, "retry_after was not honoured"


def test_j_restart_resumes_from_the_stored_offset(bot: FakeTelegram, live: Stack):
    before = bot.push_text(BOB, BOB, "before the restart")
    final(bot, answer_to(bot, BOB, before, "the message before the restart"), "echo: before the restart")
    switched = answer_to(bot, BOB, bot.push_text(BOB, BOB, "/agent coder"), "/agent coder")
    assert "coder" in switched.text
    handled = bot.last_update_id
    time.sleep(0.5)  # the offset is stored right after the update is handled

    live.troupe.kill()
    during = bot.push_text(BOB, BOB, "sent while troupe was down")
    polls_before = len(bot.poll_offsets)
    _start_and_wait(live)

    final(bot, answer_to(bot, BOB, during, "the message sent while troupe was down"), "<b>coder</b>\necho: sent while troupe was down")
    assert bot.poll_offsets[polls_before] == handled + 1, (
        f"the first poll after the restart asked for offset {bot.poll_offsets[polls_before]}, not {handled + 1}")
    time.sleep(2)
    assert len([m for m in bot.bot_messages(BOB) if m.reply_to == before]) == 1, "an update was answered twice"
    assert len(runs_with("before the restart")) == 1, "an update was handled twice"
    assert len(runs_with("sent while troupe was down")) == 1


def test_k_document_lands_in_the_workspace(bot: FakeTelegram):
    bot.push_document(ALICE, ALICE, "notes.txt", b"file contents for the agent", caption="read this file")
    run = bot.wait_for(lambda: [r for r in invocations() if (r["prompt"] or "").startswith("read this file")],
                       "the agent to get the document")[-1]
    path = run["prompt"].split("notes.txt (text/plain): ", 1)[-1].strip() if "text/plain" in run["prompt"] else \
        run["prompt"].rsplit(": ", 1)[-1].strip()
    assert Path(path).read_bytes() == b"file contents for the agent", run["prompt"]


def test_k2_a_photo_reaches_the_agent_as_a_webp_within_the_limit(bot: FakeTelegram):
    mid = bot.push_photo(ALICE, ALICE, photo(2560, 1920), 2560, 1920, caption="what is on this photo?")
    run = bot.wait_for(lambda: [r for r in invocations() if (r["prompt"] or "").startswith("what is on this photo?")],
                       "the agent to get the photo")[-1]
    # Telegram names it photo-<id>.jpg; the agent gets it converted (image: defaults, WebP of at most 2000 px).
    path = attached_path(run["prompt"], f"photo-{mid}.webp", "image/webp")
    assert_converted(path, (2000, 1500))
    assert not list(path.parent.glob(f"*-photo-{mid}.jpg")), "the download is replaced by its conversion"


def test_l_model_picker_is_an_inline_keyboard(bot: FakeTelegram):
    asked = bot.push_text(BOB, BOB, "/agent main")
    answer_to(bot, BOB, asked, "/agent main")
    mid = bot.push_text(BOB, BOB, "/model")
    picker = bot.wait_for_message(BOB, lambda m: m.reply_to == mid and m.reply_markup is not None, "the model picker")
    keys = {b["text"]: b["callback_data"] for b in buttons(picker)}
    assert "haiku" in keys and "default" in keys, keys
    bot.push_callback(BOB, BOB, picker.message_id, keys["haiku"])
    done = answer_to(bot, BOB, picker.message_id, "the picked model")
    assert done.text == "main now uses haiku.", done.text
    bot.wait_for(lambda: "✅ haiku" in picker.text and picker.reply_markup is None, "the picker to be marked done")
    reset = answer_to(bot, BOB, bot.push_text(BOB, BOB, "/model default"), "/model default")
    assert "default model" in reset.text, reset.text


def test_m_delegation_started_in_telegram_answers_in_telegram(bot: FakeTelegram):
    ask(bot, ALICE, ALICE, "scenario:delegate coder hello", "delegated: echo: hello")


def test_m2_an_async_run_started_in_telegram_comes_back_to_telegram(bot: FakeTelegram):
    """main hands off to coder without waiting; the result comes back to this Telegram chat by itself, and `/runs`
    here lists the run."""
    mid = bot.push_text(ALICE, ALICE, "scenario:ask_async coder draft from telegram")
    started = answer_to(bot, ALICE, mid, "the hand-off")
    bot.wait_for(lambda: started.text.startswith("tool: Started run r"), f"the run id (it reads {started.text!r})",
                 ANSWER_TIMEOUT)
    run_id = started.text.split()[3].rstrip(":")
    bot.wait_for_message(ALICE, lambda m: "A task you handed off" in m.text and run_id in m.text,
                         "the run's result in the Telegram chat", ANSWER_TIMEOUT)
    listing = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "/runs"), "/runs")
    bot.wait_for(lambda: run_id in listing.text and "completed" in listing.text, f"/runs to list {run_id} ({listing.text!r})",
                 ANSWER_TIMEOUT)


def test_n_interrupted_turn_is_resumed_after_a_crash(bot: FakeTelegram, live: Stack):
    release = IT_DIR / "telegram-n-release"
    release.unlink(missing_ok=True)
    prompt = f"scenario:wait_file {release} resumed"
    mid = bot.push_text(ALICE, ALICE, prompt)
    wait_for_run(prompt)
    live.troupe.kill()
    kill_stray_fakes()
    release.touch()  # the turn, taken up again after the restart, can finish now
    # Telegram is having a bad moment when the answer first goes out: it is queued and sent again.
    bot.fail_next("sendMessage", 502, "Bad Gateway")
    _start_and_wait(live)
    answer = bot.wait_for_message(ALICE, lambda m: m.text == "released", "the resumed turn's answer")
    resumed = [r for r in invocations() if (r["prompt"] or "").endswith(prompt)]
    assert len(resumed) == 2 and resumed[-1]["prompt"].startswith("(Troupe restarted"), resumed
    failed = [c for c in bot.calls_of("sendMessage") if c.status == 502]
    assert failed and failed[-1].params.get("text", "") == "released", "the first try did not fail as arranged"
    assert not [m for m in bot.bot_messages(ALICE) if "Troupe restarted" in m.text], "the user got an apology"
    assert answer.text == "released" and mid


def _run_until_exit(stack: Stack, token: str | None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    if token is not None:
        env[TOKEN_ENV] = token
    return subprocess.run([str(stack.binary), "run", "-c", str(stack.config_path)], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=stack.config_path.parent)


def test_o_bad_or_missing_token_stops_start_up(bot: FakeTelegram, live: Stack):
    live.troupe.kill()
    try:
        wrong = _run_until_exit(live, "123:wrong-token")
        assert wrong.returncode != 0, "troupe ran with a token Telegram rejects"
        assert f"Telegram rejected the bot token in ${TOKEN_ENV}" in wrong.stderr, wrong.stderr[-2000:]
        assert "wrong-token" not in wrong.stderr, "the token was logged"
        missing = _run_until_exit(live, None)
        assert missing.returncode != 0, "troupe ran without its token"
        assert f"{TOKEN_ENV} (telegram.token_env) is not set" in missing.stderr, missing.stderr[-2000:]
    finally:
        _start_and_wait(live)


def test_p_sigterm_stops_promptly_during_a_long_poll(bot: FakeTelegram, live: Stack):
    time.sleep(1)  # troupe sits in a long poll now
    started = time.monotonic()
    code = live.troupe.terminate(timeout=20)
    took = time.monotonic() - started
    _start_and_wait(live)
    assert code == 0, f"troupe exited with {code} on SIGTERM"
    assert took < 10, f"SIGTERM took {took:.1f} s: the long poll held up the shutdown"


def test_q_an_agent_bot_talks_to_its_agent(bot: FakeTelegram):
    coder_bot = bot.coder_bot
    assert {c["command"] for c in coder_bot.commands} >= {"help", "status"}, "coder's bot has no command menu"
    mid = bot.push_text(ALICE, ALICE, "to the coder bot", bot=coder_bot)
    reply = bot.wait_for_message(ALICE, lambda m: m.reply_to == mid, "the coder bot's answer", bot=coder_bot)
    final(bot, reply, "echo: to the coder bot")
    run = wait_for_run("to the coder bot")
    assert run.get("agent") == "coder" and run.get("chat") == f"telegram:coder@{ALICE}", run
    assert not [m for m in bot.bot_messages(ALICE) if m.reply_to == mid], "the main bot answered a message to coder's bot"
    switch = bot.push_text(ALICE, ALICE, "/agent main", bot=coder_bot)
    refused = bot.wait_for_message(ALICE, lambda m: m.reply_to == switch, "the answer to /agent on coder's bot", bot=coder_bot)
    assert "coder's own bot" in refused.text, refused.text


def test_r_what_an_agent_cannot_read_gets_an_answer(bot: FakeTelegram):
    sticker = 990001
    bot.push_update({"message": {"message_id": sticker, "date": int(time.time()), "from": bot.user(ALICE),
                                 "chat": bot.chat(ALICE), "sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular",
                                                                      "width": 512, "height": 512, "is_animated": False,
                                                                      "is_video": False, "emoji": "👍"}}})
    answer = answer_to(bot, ALICE, sticker, "a sticker")
    assert "text and files" in answer.text, answer.text
    bare = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "@coder"), "a bare @coder")
    assert "Say something after" in bare.text, bare.text


def test_s_mirror_room_shows_both_sides_in_matrix(bot: FakeTelegram, live: Stack):
    mid = bot.push_text(CAROL, CAROL, "mirror me please", first_name="Carol")
    final(bot, answer_to(bot, CAROL, mid, "Carol's message"), "echo: mirror me please")
    puppet = f"@troupe_tg_{CAROL}:{DOMAIN}"

    async def scenario():
        async with await live.login("admin") as admin:  # an owner: invited to every portal room
            room = await admin.wait_for_invite(BOT, name="Telegram · Carol", timeout=ANSWER_TIMEOUT)
            await admin.join(room)
            said = await admin.wait_for_message(room, puppet, lambda e: (e.get("content") or {}).get("body") == "mirror me please")
            answered = await admin.wait_for_message(room, BOT, lambda e: (e.get("content") or {}).get("body") == "echo: mirror me please")
            assert said[0]["origin_server_ts"] <= answered[0]["origin_server_ts"]
            joins = [e for e in await admin.member_events(room, puppet) if (e.get("content") or {}).get("membership") == "join"]
            assert joins and joins[-1]["content"].get("displayname") == "Carol (Telegram)", joins

    run(scenario(), timeout=120)


def test_t_files_the_agent_names_are_sent(bot: FakeTelegram, live: Stack):
    workspace = live.config_path.parent / "data" / "agents" / "main" / "workspace"
    workspace.mkdir(parents=True, exist_ok=True)
    (workspace / "note.txt").write_text("from the agent's workspace")
    mid = bot.push_text(BOB, BOB, "<file:note.txt>")  # the fake CLI echoes the marker back
    final(bot, answer_to(bot, BOB, mid, "the file marker"), "echo: 📎 note.txt")
    sent = bot.wait_for_message(BOB, lambda m: m.kind == "document", "the document")
    assert sent.file_name == "note.txt"
    assert bot.files[f"document-{sent.message_id}"][1] == b"from the agent's workspace"
    missing = bot.push_text(BOB, BOB, "<file:nowhere.txt>")
    final(bot, answer_to(bot, BOB, missing, "a marker for a missing file"), "echo: 📎 nowhere.txt")
    problem = bot.wait_for_message(BOB, lambda m: "were not sent" in m.text, "the note about the missing file")
    assert "nowhere.txt: no such file" in problem.text, problem.text


def test_u_a_webhook_left_on_the_bot_is_removed(bot: FakeTelegram):
    bot.set_webhook("https://example.org/old-hook")  # as if another tool had set one
    mid = bot.push_text(BOB, BOB, "after the webhook")
    final(bot, answer_to(bot, BOB, mid, "a message sent while a webhook was set"), "echo: after the webhook")
    assert bot.calls_of("deleteWebhook"), "troupe did not delete the webhook"
    assert [c for c in bot.calls_of("getUpdates") if c.status == 409], "the webhook conflict never happened"


def test_v_doctor_checks_the_bots(bot: FakeTelegram, live: Stack):
    ok = subprocess.run([str(live.binary), "doctor", "-c", str(live.config_path)], capture_output=True, text=True, timeout=60)
    assert f"ok    telegram: {bot.url} accepts the token: the bot is @{bot.username}" in ok.stdout, ok.stdout
    assert f"ok    telegram bot of coder: {bot.url} accepts the token: the bot is @{bot.coder_bot.username}" in ok.stdout, ok.stdout
    env = {**os.environ, TOKEN_ENV: "123:revoked"}
    bad = subprocess.run([str(live.binary), "doctor", "-c", str(live.config_path)], capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 1, bad.stdout
    assert f"fail  telegram: Telegram rejected the bot token in ${TOKEN_ENV}" in bad.stdout, bad.stdout


def test_w_groups_can_be_answered_without_mentions(bot: FakeTelegram, live: Stack):
    cfg = load_yaml(live.config_path)
    cfg["telegram"]["group_mention_only"] = False
    dump_yaml(live.config_path, cfg)
    try:
        live.troupe.kill()
        _start_and_wait(live)
        ask(bot, GROUP, ALICE, "no mention needed now", "echo: no mention needed now")
    finally:
        cfg["telegram"]["group_mention_only"] = True
        dump_yaml(live.config_path, cfg)
        live.troupe.kill()
        _start_and_wait(live)


def test_x_an_upgraded_group_stays_allowed(bot: FakeTelegram):
    supergroup = -1001999  # Telegram's new id for GROUP after an upgrade (topics, or past 200 members)
    bot.push_update({"message": {"message_id": 1, "date": int(time.time()), "from": bot.user(ALICE),
                                 "chat": bot.chat(supergroup), "migrate_from_chat_id": GROUP}})
    ask(bot, supergroup, ALICE, "still there?", "echo: still there?", mention_bot=True)
    assert supergroup not in bot.left_chats, "the bot left the group it was allowed in before the upgrade"


def test_y_undeliverable_notice_falls_back_to_the_agents_matrix_room(bot: FakeTelegram, live: Stack):
    release = IT_DIR / "telegram-y-release"
    release.unlink(missing_ok=True)
    bot.push_text(BOB, BOB, f"scenario:wait_file {release} until the crash")
    wait_for_run(f"scenario:wait_file {release} until the crash")
    live.troupe.kill()
    kill_stray_fakes()
    release.touch()  # resumed after the restart, the turn answers "released" through the delivery queue
    bot.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")  # retrying cannot help
    _start_and_wait(live)

    async def scenario():
        async with await live.login("admin") as admin:  # an owner of main's own room
            room = await admin.wait_for_invite(BOT, name="Troupe", timeout=ANSWER_TIMEOUT)
            await admin.join(room)
            found = await admin.wait_for_message(room, BOT, lambda e: f"could not be delivered to telegram:{BOB}" in
                                                 (e.get("content") or {}).get("body", ""), timeout=ANSWER_TIMEOUT)
            text = found[0]["content"]["body"]
            assert "blocked" in text and text.rstrip().endswith("released"), text
            assert found[0]["content"].get("msgtype") == "m.notice"

    run(scenario(), timeout=120)
    assert not [m for m in bot.bot_messages(BOB) if m.text == "released"], \
        "the answer reached Telegram although the send was refused"


def test_z_voice_note_reaches_the_agent_as_a_file(bot: FakeTelegram):
    mid = bot.push_voice(ALICE, ALICE, b"OggS fake opus")
    run = bot.wait_for(lambda: [r for r in invocations() if f"voice-{mid}.ogg" in (r["prompt"] or "")], "the agent to get the voice note")[-1]
    path = run["prompt"].rsplit(": ", 1)[-1].strip()
    assert Path(path).read_bytes() == b"OggS fake opus", run["prompt"]
    assert "audio/ogg" in run["prompt"], run["prompt"]


def test_z_slow_file_download_does_not_delay_another_chat(bot: FakeTelegram):
    """A file's download runs inside its turn, so while it takes 30 s another chat's message is answered at once."""
    bot.file_delay_s = 30.0
    try:
        mid = bot.push_voice(ALICE, ALICE, b"OggS slow opus")
        started = time.monotonic()
        answer = answer_to(bot, BOB, bot.push_text(BOB, BOB, "while the file loads"), "BOB's message")
        final(bot, answer, "echo: while the file loads")
        waited = time.monotonic() - started
        assert waited < 20, f"BOB waited {waited:.1f} s behind ALICE's download"
        bot.wait_for(lambda: [r for r in invocations() if f"voice-{mid}.ogg" in (r["prompt"] or "")],
                     "the agent to get the slow voice note", 120)
    finally:
        bot.file_delay_s = 0.0


def test_zz_named_sessions_work_on_telegram_too(bot: FakeTelegram):
    """`/session` starts a side conversation with its own context; `@name text` continues it; `/sessions` ends it."""
    started = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "/session Plan the telegram launch"), "/session")
    # Messages hold the HTML the bot sent.
    bot.wait_for(lambda: "Started session <b>plan-telegram</b>" in started.text, f"the session notice ({started.text!r})",
                 ANSWER_TIMEOUT)
    side = bot.wait_for_message(ALICE, lambda m: m.text.startswith("<b>[plan-telegram]</b>"), "the side session's answer",
                                ANSWER_TIMEOUT)
    final(bot, side, "<b>[plan-telegram]</b>\necho: Plan the telegram launch")
    more = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "@plan-telegram and the date"), "@plan-telegram")
    final(bot, more, "<b>[plan-telegram]</b>\necho: and the date")
    runs = [r for r in invocations() if str(r.get("chat", "")).endswith("#plan-telegram")]
    assert len(runs) == 2 and resume_of(runs[1]["argv"]), runs
    ended = answer_to(bot, ALICE, bot.push_text(ALICE, ALICE, "/sessions end plan-telegram"), "/sessions end")
    bot.wait_for(lambda: ended.text == "Ended session <b>plan-telegram</b>.", f"the end notice ({ended.text!r})", ANSWER_TIMEOUT)


def test_zz_a_job_made_in_a_topic_answers_in_that_topic(bot: FakeTelegram):
    """`/cron add` in a forum topic: only a Telegram admin may, and each run answers in that topic, as a labelled turn."""
    topic = 77
    refused = answer_to(bot, GROUP, bot.push_text(GROUP, ALICE, f"/cron@{bot.username} add every 10s -- topic ping",
                                                  thread_id=topic), "alice's /cron add")
    bot.wait_for(lambda: "Only admins may change scheduled jobs" in refused.text, f"the refusal ({refused.text!r})", ANSWER_TIMEOUT)
    added = answer_to(bot, GROUP, bot.push_text(GROUP, DAVE, f"/cron@{bot.username} add every 10s -- topic ping", thread_id=topic),
                      "dave's /cron add")
    assert added.thread_id == topic, "the command's answer left the topic"
    job = bot.wait_for(lambda: re.search(r"<code>(j[a-z0-9]{6})</code>", added.text), f"the job id in {added.text!r}",
                       ANSWER_TIMEOUT).group(1)
    assert "Next run:" in added.text, added.text
    answers = lambda: [m for m in bot.bot_messages(GROUP, topic) if "echo: topic ping" in m.text]
    bot.wait_for(lambda: len(answers()) >= 2, "two runs of the job in the topic", 45)
    assert all(job in m.text for m in answers()), [m.text for m in answers()]
    assert not [m for m in bot.bot_messages(GROUP) if "echo: topic ping" in m.text and m.thread_id != topic], "a run left the topic"
    assert wait_for_run("topic ping").get("chat") == f"telegram:{GROUP}/{topic}"
    deleted = answer_to(bot, GROUP, bot.push_text(GROUP, DAVE, f"/cron@{bot.username} delete {job}", thread_id=topic), "/cron delete")
    bot.wait_for(lambda: f"Deleted <code>{job}</code>" in deleted.text, f"the deletion ({deleted.text!r})", ANSWER_TIMEOUT)


def test_zz_a_reply_brings_the_quoted_message_to_the_agent(bot: FakeTelegram):
    first = ask(bot, ALICE, ALICE, "the tests are flaky on arm", "echo: the tests are flaky on arm")
    mid = bot.push_text(ALICE, ALICE, "which ones?", reply_to=first.message_id)
    answer_to(bot, ALICE, mid, "the reply")
    run_ = next(r for r in reversed(invocations()) if (r["prompt"] or "").endswith("which ones?"))
    assert run_["prompt"].startswith("In reply to ") and "> echo: the tests are flaky on arm" in run_["prompt"], run_["prompt"]


def test_zz_a_message_handed_to_an_agent_gets_eyes(bot: FakeTelegram):
    """`streaming.seen`: the bot reacts 👀 to every message it hands to an agent, before the answer comes."""
    mid = bot.push_text(BOB, BOB, "look at this")
    answer_to(bot, BOB, mid, "the message")
    bot.wait_for(lambda: bot.reactions.get(mid) == ["👀"], f"👀 on message {mid} ({bot.reactions.get(mid)!r})", ANSWER_TIMEOUT)
    ignored = bot.push_text(GROUP, ALICE, "humans only here")
    time.sleep(QUIET_S)
    assert ignored not in bot.reactions, "a message no agent got was marked seen"
