"""The Matrix bridge against a real Synapse: agents' own rooms, DMs, commands, permissions, group-room mentions
and replies, option buttons, the model picker, streamed edits, and the notice after a crash.

The agents run the fake Claude CLI (Tests/Fixtures/fake-cli/claude, see conftest.py): it answers `echo: <prompt>`,
or replays recordings/claude/NAME.ndjson for a prompt containing `scenario:NAME`. Tests run in file order and share
one Synapse and one `troupe run`; `test_d` adds the agent `coder` that `test_e` uses, `test_i` SIGKILLs troupe.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any, Callable

from conftest import BOT, DOMAIN, FAKE_RECORD_FILE, Stack, fake_runs, kill_stray_fakes, resume_of
from matrix_client import Client, Event, is_edit, reply_target, run

MAIN_ROOM_NAME = "Troupe"  # appservice.bot.displayname: the main agent's own room is named after it
CODER = f"@troupe_coder:{DOMAIN}"
REPLY_TIMEOUT = 30.0  # an answer from the fake CLI normally takes well under a second
QUIET_S = 5.0  # how long "no answer" is watched for
KEYCAP = {n: f"{n}\ufe0f\u20e3" for n in range(1, 10)}  # 1️⃣ … as the bot seeds them
BARE_KEYCAP = {n: f"{n}\u20e3" for n in range(1, 10)}  # 1⃣ … without U+FE0F, as some clients send them

STATE: dict[str, Any] = {}  # rooms shared between tests (file order)


# ----------------------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------------------
def content(ev: Event) -> dict:
    return ev.get("content") or {}


def is_message_from(sender: str | set[str]) -> Callable[[Event], bool]:
    """A new message (not an edit) from ``sender`` (or any of a set)."""
    senders = {sender} if isinstance(sender, str) else set(sender)
    return lambda e: e.get("type") == "m.room.message" and e.get("sender") in senders and not is_edit(e)


async def dm_with(client: Client, name: str, *agents: str) -> str:
    """``client`` creates a room, invites ``agents`` (default the bot) and waits until they have joined."""
    agents = agents or (BOT,)
    room = await client.create_room(name=name, is_direct=len(agents) == 1)
    for agent in agents:
        await client.invite(room, agent)
    for agent in agents:
        await client.wait_for_membership(room, agent, "join", timeout=REPLY_TIMEOUT, fail_on=("leave", "ban"))
    return room


async def first_message_after(client: Client, room: str, sent: str, sender: str, what: str,
                              timeout: float = REPLY_TIMEOUT) -> Event:
    """The first new message from ``sender`` after the event ``sent``."""
    return (await client.wait_for_events(room, is_message_from(sender), f"message(s) from {sender} ({what})",
                                         after=sent, timeout=timeout))[0]


async def ask(client: Client, room: str, text: str | dict, agent: str = BOT, expect: str | None = None,
              timeout: float = REPLY_TIMEOUT) -> tuple[str, Event, str]:
    """Sends ``text`` (or a whole content), waits for ``agent``'s answer; returns (sent id, answer, final text).

    The answer must be an ``m.text`` reply to the message; with ``expect``, its final text (after edits) must be
    exactly that."""
    sent = await (client.send_text(room, text) if isinstance(text, str) else client.send(room, text))
    reply = await first_message_after(client, room, sent, agent, f"the answer to {text!r}", timeout)
    assert content(reply).get("msgtype") == "m.text", f"an agent's answer should be m.text: {reply}"
    assert reply_target(reply) == sent, (
        f"the answer should reply to the message ({sent}), m.relates_to is {content(reply).get('m.relates_to')}")
    if expect is None:
        final = await client.final_text(room, reply)
    else:
        final = await client.wait_for_final_text(room, reply, lambda t: t == expect, repr(expect), timeout)
    return sent, reply, final


async def answers_with(client: Client, room: str, after: str | None, *texts: str) -> list[Event]:
    """The bot's messages after the event ``after`` whose final text holds every one of ``texts``."""
    found = []
    for event in await client.events(room, is_message_from(BOT), after=after):
        final = await client.final_text(room, event)
        if all(text in final for text in texts):
            found.append(event)
    return found


async def wait_for_answers(client: Client, room: str, after: str | None, *texts: str, count: int = 1,
                           timeout: float = 45) -> list[Event]:
    """Polls until at least ``count`` of the bot's messages after ``after`` hold every one of ``texts``."""
    deadline = time.monotonic() + timeout
    while True:
        found = await answers_with(client, room, after, *texts)
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"only {len(found)} of {count} answers holding {texts!r} after {timeout} s"
        await asyncio.sleep(0.5)


async def command(client: Client, room: str, text: str | dict, responder: str = BOT,
                  timeout: float = REPLY_TIMEOUT) -> Event:
    """Sends a command (or a whole content); returns the notice that answers it (an ``m.notice`` reply to the command)."""
    sent = await (client.send_text(room, text) if isinstance(text, str) else client.send(room, text))
    reply = await first_message_after(client, room, sent, responder, f"the answer to {text!r}", timeout)
    assert content(reply).get("msgtype") == "m.notice", f"the answer to {text!r} should be an m.notice: {reply}"
    assert reply_target(reply) == sent, (
        f"the answer to {text!r} should reply to it ({sent}), m.relates_to is {content(reply).get('m.relates_to')}")
    return reply


async def main_room(admin: Client) -> str:
    """The main agent's own room, joined by admin (test_a does it first; later tests also work alone)."""
    if "main_room" not in STATE:
        room = await admin.wait_for_invite(BOT, name=MAIN_ROOM_NAME, timeout=REPLY_TIMEOUT)
        await admin.join(room)
        STATE["main_room"] = room
    return STATE["main_room"]


def body(ev: Event) -> str:
    return content(ev).get("body", "")


async def assert_quiet(client: Client, room: str, after: str, senders: set[str], seconds: float = QUIET_S,
                       why: str = "") -> None:
    """Watches for ``seconds``: none of ``senders`` may send a message after the event ``after``."""
    deadline = time.monotonic() + seconds
    while True:
        said = await client.events(room, is_message_from(senders), after=after)
        assert not said, f"{why}: unexpected message(s) {[(e['sender'], body(e)) for e in said]}"
        if time.monotonic() >= deadline:
            return
        await asyncio.sleep(0.5)


def fake_invocations() -> list[dict]:
    """Every fake CLI run so far (FAKE_RECORD), oldest first."""
    return fake_runs()


def prompt_of(run: dict) -> str | None:
    """The prompt a fake CLI run read from stdin."""
    return run["prompt"]


async def wait_for_prompt(prompt: str, timeout: float = REPLY_TIMEOUT) -> None:
    """Waits until the fake CLI was started with exactly ``prompt``."""
    deadline = time.monotonic() + timeout
    while True:
        prompts = [prompt_of(a) for a in fake_invocations()]
        if prompt in prompts:
            return
        if time.monotonic() >= deadline:
            raise TimeoutError(f"the fake CLI was not started with the prompt {prompt!r} within {timeout:g} s; "
                               f"last prompts: {prompts[-5:]}")
        await asyncio.sleep(0.2)


# ----------------------------------------------------------------------------------------------------------------------
# a. the main agent's own room: created at start, owners invited, answers every message
# ----------------------------------------------------------------------------------------------------------------------
def test_a_main_agent_room_invites_owner_and_answers(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            STATE.pop("main_room", None)
            room = await main_room(admin)
            assert await admin.room_name(room) == MAIN_ROOM_NAME
            # The room opens with a welcome: who the agent is, the commands that matter, how to bring it elsewhere.
            welcome = (await admin.wait_for_events(room, is_message_from(BOT), "the welcome"))[0]
            text = body(welcome)
            assert content(welcome).get("msgtype") == "m.notice" and "running on " in text, text
            assert all(word in text for word in ("!help", "!new", "!stop", f"invite {BOT}")), text
            _, reply, final = await ask(admin, room, "hello", expect="echo: hello")
            assert reply["sender"] == BOT

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# b. a user's DM with the bot
# ----------------------------------------------------------------------------------------------------------------------
def test_b_dm_with_bot(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-b-dm")
            STATE["alice_dm"] = room
            await ask(alice, room, "hi", expect="echo: hi")

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# c. commands: help by level, case and prefix, unknown commands, usage errors
# ----------------------------------------------------------------------------------------------------------------------
def test_c_help_and_command_errors(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice, await live.login("admin") as admin:
            room = STATE.get("alice_dm") or await dm_with(alice, "it-bridge-c-dm")
            user_help = body(await command(alice, room, "!help"))
            for section in ("Conversation", "Agents", "Other"):
                assert section in user_help, f"!help for a user lacks {section}:\n{user_help}"
            assert "!stop_all" not in user_help and "Admin\n" not in user_help, (
                f"a user's !help shows admin commands:\n{user_help}")
            for variant in ("!HELP", "!main help"):
                assert body(await command(alice, room, variant)) == user_help, f"{variant} differs from !help"
            # `/` is Element's: a /help that reaches Troupe is an ordinary message for the agent, not a command.
            _, _, slash = await ask(alice, room, "/help")  # the fake CLI drops slashes from its echo
            assert slash == "echo: help", f"/help was taken as a command: {slash!r}"

            unknown = body(await command(alice, room, "!nonsense"))
            assert unknown == "Unknown command !nonsense, try !help.", unknown

            room_main = await main_room(admin)
            admin_help = body(await command(admin, room_main, "!help"))
            assert "Admin\n" in admin_help and "!stop_all" in admin_help, f"admin's !help:\n{admin_help}"
            usage = body(await command(admin, room_main, "!agents add"))
            assert "Usage:" in usage and "!agents" in usage, f"!agents add without a name: {usage}"

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# d. adding an agent: its own room, its answers; refusals for users without the level
# ----------------------------------------------------------------------------------------------------------------------
def test_d_agents_add_and_permissions(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room_main = await main_room(admin)
            added = body(await command(admin, room_main, "!agents add coder --displayname Coder"))
            assert "coder" in added and "Usage" not in added, f"!agents add coder: {added}"

            coder_room = await admin.wait_for_invite(CODER, name="Coder", timeout=REPLY_TIMEOUT)
            await admin.join(coder_room)
            STATE["coder_room"] = coder_room
            await ask(admin, coder_room, "fix it", agent=CODER, expect="echo: fix it")

            listing = body(await command(admin, room_main, "!agents"))
            assert "• coder (" in listing and "• main (" in listing, f"!agents: {listing}"

            # blocked (level none) in a group room with the bot
            async with await live.login("blocked") as blocked:
                group = await admin.create_room(name="it-bridge-d-group")
                await admin.invite(group, BOT)
                await admin.invite(group, live.user_id("blocked"))
                await admin.wait_for_membership(group, BOT, "join", timeout=REPLY_TIMEOUT, fail_on=("leave",))
                await blocked.join(group)
                # A group room: the command names the agent it is for.
                refusal = body(await command(blocked, group, "!main agents add intruder"))
                assert "not allowed" in refusal, f"blocked's !agents add: {refusal}"
            listing = body(await command(admin, room_main, "!agents"))
            assert "intruder" not in listing, f"an agent was added for a user without permission: {listing}"

        async with await live.login("alice") as alice:
            room = STATE.get("alice_dm") or await dm_with(alice, "it-bridge-d-dm")
            refusal = body(await command(alice, room, "!agents add y"))
            assert "admin" in refusal and "Usage" not in refusal, f"a user's !agents add: {refusal}"
            listing = body(await command(alice, room, "!agents"))
            assert "• y (" not in listing, f"a user added an agent: {listing}"

    run(scenario(), timeout=150)


# ----------------------------------------------------------------------------------------------------------------------
# e. a group room with two agents: only mentions and replies reach an agent
# ----------------------------------------------------------------------------------------------------------------------
def test_e_group_room_mentions_and_replies(live: Stack):
    pill = f'<a href="https://matrix.to/#/{CODER}">Coder</a>: what\'s up'

    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-e-group", BOT, CODER)
            agents = {BOT, CODER}

            hello = await alice.send_text(room, "hello all")
            await assert_quiet(alice, room, hello, agents, why="a group message without a mention")

            with_mentions = {"msgtype": "m.text", "body": "Coder: what's up", "format": "org.matrix.custom.html",
                             "formatted_body": pill, "m.mentions": {"user_ids": [CODER]}}
            without_mentions = {k: v for k, v in with_mentions.items() if k != "m.mentions"}
            # The agent gets the message without the leading address (the fake echoes it): "echo: what's up".
            for label, msg, prompt in (("pill + m.mentions", with_mentions, "what's up"),
                                       ("pill only", without_mentions, "what's up"),
                                       ("display name in the body", "coder, status?", "status?")):
                _, reply, _ = await ask(alice, room, msg, agent=CODER)
                final = await alice.wait_for_final_text(room, reply, lambda t: t == f"echo: {prompt}",
                                                        f"an echo of {prompt!r}")
                assert final == f"echo: {prompt}", f"{label}: {final!r}"

            # Commands in a group room name their agent.
            pong = await command(alice, room, "!main ping")
            assert body(pong) == "pong"
            # A reply addresses the agent replied to; the agent gets the quoted "pong" as context (the fake echoes
            # the prompt without line breaks).
            quoted = "echo: In reply to Troupe:> pongare you there?"
            await ask(alice, room, {"msgtype": "m.text", "body": "are you there?",
                                    "m.relates_to": {"m.in_reply_to": {"event_id": pong["event_id"]}}},
                      agent=BOT, expect=quoted)

            await asyncio.sleep(1.5)  # time for a wrong extra answer to arrive
            bot_said = [body(e) for e in await alice.events(room, is_message_from(BOT), after=hello)]
            assert bot_said == ["pong", quoted], f"the bot answered messages not for it: {bot_said}"
            coder_said = [body(e) for e in await alice.events(room, is_message_from(CODER), after=hello)]
            assert len(coder_said) == 3 and not any("are you there" in b for b in coder_said), (
                f"the coder should have answered the three messages that mention it, and only those: {coder_said}")

    run(scenario(), timeout=150)


# ----------------------------------------------------------------------------------------------------------------------
# f. option buttons from an agent: keycap reactions, a pick goes back to the agent, one pick only
# ----------------------------------------------------------------------------------------------------------------------
def test_f_buttons(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-f-buttons")
            sent, menu, _ = await ask(alice, room, "choose scenario:buttons")
            final = await alice.wait_for_final_text(room, menu, lambda t: "2️⃣ No" in t, "a menu with 2️⃣ No")
            assert f"{KEYCAP[1]} Yes" in final and f"{KEYCAP[2]} No" in final, final
            shown = [body(menu)] + [content(e).get("m.new_content", {}).get("body", "")
                                    for e in await alice.edits_of(room, menu["event_id"])]
            assert not any("[button:" in t for t in shown), f"a button marker was shown: {shown}"

            seeded = await alice.wait_for_events(
                room, lambda e: e.get("type") == "m.reaction" and e.get("sender") == BOT
                and (content(e).get("m.relates_to") or {}).get("event_id") == menu["event_id"],
                "seeded reactions", count=2)
            keys = sorted(content(e)["m.relates_to"]["key"] for e in seeded)
            assert keys == [KEYCAP[1], KEYCAP[2]], f"the bot seeded {keys!r}"

            tap = await alice.react(room, menu["event_id"], BARE_KEYCAP[2])  # "2⃣" without U+FE0F
            answer = await first_message_after(alice, room, tap, BOT, "the agent's answer to the pick")
            text = await alice.wait_for_final_text(room, answer, lambda t: t == "echo: No", "'echo: No'")
            assert text == "echo: No"
            assert "No" in [prompt_of(a) for a in fake_invocations()], "the agent never received 'No'"
            await alice.wait_for_final_text(room, menu, lambda t: "✅ No" in t, "the menu marked '✅ No'")

            again = await alice.react(room, menu["event_id"], KEYCAP[1])
            notice = await first_message_after(alice, room, again, BOT, "the answer to a second tap")
            assert content(notice).get("msgtype") == "m.notice" and body(notice) == "That choice was already made.", \
                notice
            await assert_quiet(alice, room, notice["event_id"], {BOT}, seconds=1.5, why="after the second tap")
            assert "Yes" not in [prompt_of(a) for a in fake_invocations()], "a second tap reached the agent"

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# g. !model: a picker, a typed number picks, !status shows the choice
# ----------------------------------------------------------------------------------------------------------------------
def test_g_model_picker(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-g-model")
            menu = await command(alice, room, "!model")
            found = re.search(rf"^{KEYCAP[3]} (\S+)\s*$", body(menu), re.M)
            assert found, f"the !model menu has no option 3:\n{body(menu)}"
            option = found.group(1)
            seeded = await alice.wait_for_events(
                room, lambda e: e.get("type") == "m.reaction" and e.get("sender") == BOT
                and (content(e).get("m.relates_to") or {}).get("event_id") == menu["event_id"],
                "seeded reactions", count=3)
            assert KEYCAP[3] in [content(e)["m.relates_to"]["key"] for e in seeded]

            typed = await alice.send_text(room, "3")
            answer = await first_message_after(alice, room, typed, BOT, "the answer to the typed pick")
            expected = "main now uses its default model." if option == "default" else f"main now uses {option}."
            assert body(answer) == expected, f"typed 3 (= {option}): {body(answer)!r}"
            await alice.wait_for_final_text(room, menu, lambda t: f"✅ {option}" in t, f"the menu marked ✅ {option}")

            status = body(await command(alice, room, "!status"))
            assert f"model: {option}" in status, f"!status after picking {option}:\n{status}"

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# h. streaming: the first text goes out at once, edits follow, the last edit holds the whole answer
# ----------------------------------------------------------------------------------------------------------------------
def test_h_streaming_edits(live: Stack):
    full = "one two three four"  # recordings/claude/slow.ndjson, a line every FAKE_DELAY_S seconds

    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-h-stream")
            _, reply, final = await ask(alice, room, "scenario:slow", expect=full)
            assert body(reply).strip() != full, f"the first message already held the whole answer: {body(reply)!r}"
            assert full.startswith(body(reply).strip()), f"the first message is not the start: {body(reply)!r}"
            edits = await alice.edits_of(room, reply["event_id"], sender=BOT)
            assert edits, "no m.replace edit"
            last = content(edits[-1])
            assert last.get("m.new_content", {}).get("body") == full, f"last edit: {last}"
            assert last.get("m.new_content", {}).get("msgtype") == "m.text", f"last edit: {last}"

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# i. a turn cut short by crashes: resumed after each restart, and after the fourth the room is told (SIGKILLs troupe)
# ----------------------------------------------------------------------------------------------------------------------
def test_i_restart_notice_for_interrupted_turn(live: Stack):
    prompt = "write the report scenario:hang"
    state: dict[str, str] = {}

    def runs_of_prompt() -> int:
        """Fake CLI runs for the prompt: the first, then each resumption (the prompt after a restart note)."""
        return sum(1 for a in fake_invocations() if (prompt_of(a) or "").endswith(prompt))

    async def start_turn():
        async with await live.login("alice") as alice:
            state["room"] = await dm_with(alice, "it-bridge-i-restart")
            state["sent"] = await alice.send_text(state["room"], prompt)
            await wait_for_prompt(prompt)  # the turn is running: the fake CLI has started (and hangs)

    async def wait_for_runs(count: int):
        deadline = time.monotonic() + REPLY_TIMEOUT
        while runs_of_prompt() < count:
            assert time.monotonic() < deadline, f"the interrupted turn was not resumed (runs: {runs_of_prompt()})"
            await asyncio.sleep(0.2)

    run(start_turn(), timeout=120)
    before = runs_of_prompt()
    for restart in range(1, 5):
        live.troupe.kill()
        kill_stray_fakes()  # the hanging fake outlives a SIGKILLed troupe
        live.troupe.start()
        if restart <= 3:  # InterruptedTurn.maxInterruptions: resumed, in its session
            run(wait_for_runs(before + restart), timeout=60)
            resumed = [a for a in fake_invocations() if (prompt_of(a) or "").endswith(prompt)][-1]
            assert resume_of(resumed["argv"]) and prompt_of(resumed).startswith("(Troupe restarted"), resumed

    async def check():
        async with await live.login("alice") as alice:
            notice = await first_message_after(alice, state["room"], state["sent"], BOT, "the restart notice")
            text = body(notice)
            assert content(notice).get("msgtype") == "m.notice", notice
            assert "Troupe restarted 4 times" in text and prompt in text, f"restart notice: {text!r}"
            await asyncio.sleep(2)
            notices = [body(e) for e in await alice.events(state["room"], is_message_from(BOT), after=state["sent"])]
            assert len(notices) == 1, f"expected one notice after the restarts, got {notices}"
            assert runs_of_prompt() == before + 3, "the turn ran again after it was given up"

    run(check(), timeout=90)


# ----------------------------------------------------------------------------------------------------------------------
# f2. menus survive a restart; the seeded digits come in order and go once the choice is made
# ----------------------------------------------------------------------------------------------------------------------
def test_f2_a_menu_works_after_a_restart_and_its_digits_go_once_chosen(live: Stack):
    def is_seed(menu_id: str):
        return lambda e: (e.get("type") == "m.reaction" and e.get("sender") == BOT
                          and (content(e).get("m.relates_to") or {}).get("event_id") == menu_id)

    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-f2-menus")
            _, menu, _ = await ask(alice, room, "restart-proof scenario:buttons")
            await alice.wait_for_final_text(room, menu, lambda t: "2️⃣ No" in t, "a menu with 2️⃣ No")
            seeded = await alice.wait_for_events(room, is_seed(menu["event_id"]), "seeded reactions", count=2)
            assert [content(e)["m.relates_to"]["key"] for e in seeded] == [KEYCAP[1], KEYCAP[2]], "the digits came out of order"

            live.troupe.kill()  # SIGKILL: nothing is flushed on the way out
            live.troupe.start()
            tap = await alice.react(room, menu["event_id"], KEYCAP[1])
            answer = await first_message_after(alice, room, tap, BOT, "the answer to a tap after the restart")
            assert reply_target(answer) == menu["event_id"], "the pick's answer should reply to the menu, not the reaction"
            await alice.wait_for_final_text(room, answer, lambda t: t == "echo: Yes", "'echo: Yes'")

            # The bot takes its digits back: taps on them could only be told the choice was made.
            seed_ids = {e["event_id"] for e in seeded}
            deadline = time.monotonic() + REPLY_TIMEOUT
            while True:
                redacted = {e.get("redacts") or content(e).get("redacts")
                            for e in await alice.events(room, lambda e: e.get("type") == "m.room.redaction")}
                if seed_ids <= redacted:
                    break
                assert time.monotonic() < deadline, f"the seeded digits were not removed: {seed_ids - redacted}"
                await asyncio.sleep(0.3)

    run(scenario(), timeout=150)


# ----------------------------------------------------------------------------------------------------------------------
# r. a reply hands the agent the message it replies to (its sender and text), in an encrypted-capable way: from what
#    Troupe saw, not from the homeserver
# ----------------------------------------------------------------------------------------------------------------------
def test_r_a_reply_brings_the_quoted_message_to_the_agent(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-bridge-r-reply")
            _, answer, _ = await ask(alice, room, "the deploy failed at step three", expect="echo: the deploy failed at step three")
            sent = await alice.reply(room, answer["event_id"], "why step three?")
            await first_message_after(alice, room, sent, BOT, "the answer to the reply")
            run_ = next(r for r in reversed(fake_invocations()) if (r["prompt"] or "").endswith("why step three?"))
            assert run_["prompt"].startswith("In reply to ") and "> echo: the deploy failed at step three" in run_["prompt"], \
                run_["prompt"]
            # A reply to one's own message quotes it, under the person's name.
            own = await alice.send_text(room, "remember the number 42")
            await first_message_after(alice, room, own, BOT, "the answer to the number")
            again = await alice.reply(room, own, "what was it?")
            await first_message_after(alice, room, again, BOT, "the answer to the second reply")
            quoted = next(r for r in reversed(fake_invocations()) if (r["prompt"] or "").endswith("what was it?"))
            assert "> remember the number 42" in quoted["prompt"] and "alice" in quoted["prompt"].split("\n")[0], quoted["prompt"]
            # After a restart the recent texts are gone: the message replied to is fetched from the homeserver.
            live.troupe.restart()
            later = await alice.reply(room, own, "and after the restart?")
            await first_message_after(alice, room, later, BOT, "the answer to the reply after a restart")
            quoted = next(r for r in reversed(fake_invocations()) if (r["prompt"] or "").endswith("and after the restart?"))
            assert "> remember the number 42" in quoted["prompt"] and "alice" in quoted["prompt"].split("\n")[0], quoted["prompt"]

    run(scenario(), timeout=150)


# ----------------------------------------------------------------------------------------------------------------------
# s. a group room with two people: a command counts only when it is addressed to an agent (other bots take `!` too)
# ----------------------------------------------------------------------------------------------------------------------
def test_s_group_commands_need_an_address(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin, await live.login("alice") as alice:
            room = await admin.create_room(name="it-bridge-s-group")
            await admin.invite(room, BOT)
            await admin.invite(room, live.user_id("alice"))
            await admin.wait_for_membership(room, BOT, "join", timeout=REPLY_TIMEOUT, fail_on=("leave", "ban"))
            await alice.join(room)
            await admin.wait_for_membership(room, live.user_id("alice"), "join", timeout=REPLY_TIMEOUT)

            # Unaddressed: another bot's command, and Element's `/`: no answer, no turn.
            unaddressed = await alice.send_text(room, "!ping")
            await alice.send_text(room, "/ping")
            await assert_quiet(alice, room, unaddressed, {BOT}, why="an unaddressed !ping and a /ping in a group room")

            named = await command(alice, room, "!main ping")
            assert body(named) == "pong", body(named)
            pill = f'<a href="https://matrix.to/#/{BOT}">Troupe</a>: !ping'
            mentioned = await command(alice, room, {"msgtype": "m.text", "body": "Troupe: !ping", "format": "org.matrix.custom.html",
                                                    "formatted_body": pill, "m.mentions": {"user_ids": [BOT]}})
            assert body(mentioned) == "pong", body(mentioned)
            replied = await command(alice, room, {"msgtype": "m.text", "body": "!ping",
                                                  "m.relates_to": {"m.in_reply_to": {"event_id": named["event_id"]}}})
            assert body(replied) == "pong", body(replied)
            # A `/ping` for the bot is a message to it, never a command's pong.
            slash = await alice.send(room, {"msgtype": "m.text", "body": "Troupe: /ping", "m.mentions": {"user_ids": [BOT]}})
            answer = await first_message_after(alice, room, slash, BOT, "the answer to a mentioned /ping")
            text = await alice.wait_for_final_text(room, answer, lambda t: t.startswith("echo:"), "an echo")
            # (the fake CLI drops slashes from its echo)
            assert text == "echo: ping" and content(answer).get("msgtype") == "m.text", (text, answer)

    run(scenario(), timeout=150)
