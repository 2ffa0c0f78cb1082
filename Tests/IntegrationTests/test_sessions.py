"""Named side sessions (`!session`, `@name TEXT`, `!sessions`) against a real Synapse, driven with matrix-nio.

A side session is its own conversation: the fake CLI sees it as another chat (TROUPE_CHAT ends in `#<name>`) and
its second turn resumes the session its first turn created, while the room's main conversation is untouched.
"""

from __future__ import annotations

from conftest import BOT, FAKE_RECORD_FILE, Stack, resume_of
from matrix_client import run
from test_bridge import REPLY_TIMEOUT, ask, body, command, dm_with, first_message_after


def _runs() -> list[dict[str, list[str] | str]]:
    """Every fake CLI run: its argv and TROUPE_CHAT, oldest first."""
    runs: list[dict] = []
    for line in FAKE_RECORD_FILE.read_text(errors="replace").splitlines():
        if line.startswith("--- "):
            runs.append({"argv": [], "chat": ""})
        elif line.startswith("argv ") and runs:
            runs[-1]["argv"].append(line[len("argv "):])
        elif line.startswith("env TROUPE_CHAT=") and runs:
            runs[-1]["chat"] = line[len("env TROUPE_CHAT="):]
    return runs


def test_named_session_has_its_own_context(live: Stack) -> None:
    async def scenario() -> None:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-named-sessions")
            await ask(alice, room, "main line", expect="echo: main line")

            started = await command(alice, room, "!session Refactor the login form")
            assert "Started session refactor-login" in body(started), body(started)
            answer = await first_message_after(alice, room, started["event_id"], BOT, "the side session's answer")
            final = await alice.wait_for_final_text(room, answer, lambda t: "echo: Refactor the login form" in t,
                                                    "the side session's answer", REPLY_TIMEOUT)
            assert final.startswith("[refactor-login]"), final

            _, reply, _ = await ask(alice, room, "@refactor-login and the signup form too")
            more = await alice.wait_for_final_text(room, reply, lambda t: "echo: and the signup form too" in t,
                                                   "the continued session", REPLY_TIMEOUT)
            assert more.startswith("[refactor-login]"), more

            side = [r for r in _runs() if str(r["chat"]).endswith("#refactor-login")]
            assert len(side) == 2, f"two turns in the side session: {side}"
            assert resume_of(side[0]["argv"]) is None, "the side session starts fresh"
            side_session = resume_of(side[1]["argv"])
            assert side_session, "the side session's second turn resumes its own session"
            # The main conversation never resumes the side session.
            main = [r["argv"] for r in _runs() if r["chat"] == f"matrix:{room}"]
            assert main, "the main conversation ran"
            assert all(resume_of(argv) != side_session for argv in main), main

            listing = await command(alice, room, "!sessions")
            assert "refactor-login with main" in body(listing), body(listing)
            ended = await command(alice, room, "!sessions end refactor-login")
            assert body(ended) == "Ended session refactor-login.", body(ended)
            # Once ended, `@refactor-login …` is an ordinary message to the agent again.
            await ask(alice, room, "@refactor-login hello", expect="echo: @refactor-login hello")

    run(scenario(), timeout=150)
