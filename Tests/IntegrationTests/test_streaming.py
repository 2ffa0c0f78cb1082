"""Long streamed answers and `!provider` against a real Synapse, driven with matrix-nio.

With a small `streaming.max_edits`, a long answer does not freeze once the first message has had its edits: it goes on
in new messages, and read in order they hold the whole answer. `!provider codex` moves the main agent to the fake Codex
CLI (Tests/Fixtures/fake-cli/codex) for the next message; `!provider default` moves it back.
Both tests run under one changed config (max_edits 2, codex = the fake), restored afterwards.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from conftest import BOT, FAKE_PIDS_FILE, FAKE_RECORD_FILE, REPO, Stack, dump_yaml, load_yaml
from matrix_client import run
from test_bridge import REPLY_TIMEOUT, ask, body, command, content, dm_with, first_message_after, is_message_from

PARAGRAPHS = 30
EXPECTED = [f"Paragraph {i} of the long answer, with a few more words to read." for i in range(1, PARAGRAPHS + 1)]
FAKE_CODEX = REPO / "Tests" / "Fixtures" / "fake-cli" / "codex"


@pytest.fixture(scope="module")
def streaming_config(stack: Stack):
    """max_edits 2 and the fake Codex CLI, for this module's tests; the session's config comes back after them."""
    original = stack.config_path.read_text()
    cfg = load_yaml(stack.config_path)
    cfg["streaming"] = {**(cfg.get("streaming") or {}), "max_edits": 2}
    cfg["providers"]["codex"] = {"command": str(FAKE_CODEX),
                                 "env": {"FAKE_RECORD": str(FAKE_RECORD_FILE), "FAKE_PIDFILE": str(FAKE_PIDS_FILE)}}
    dump_yaml(stack.config_path, cfg)
    stack.troupe.restart()
    try:
        yield
    finally:
        stack.config_path.write_text(original)
        stack.troupe.restart()


def runs_of(tool: str) -> int:
    """How many times the fake `tool` CLI ran so far."""
    try:
        return FAKE_RECORD_FILE.read_text(errors="replace").count(f"--- {tool}\n")
    except FileNotFoundError:
        return 0


def test_a_long_answer_goes_on_in_new_messages_and_arrives_whole(live: Stack, streaming_config) -> None:
    async def scenario() -> None:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-long-answer")
            sent = await alice.send_text(room, f"scenario:long {PARAGRAPHS}")
            await first_message_after(alice, room, sent, BOT, "the start of the long answer")
            deadline = time.monotonic() + 60
            while True:
                messages = await alice.events(room, is_message_from(BOT), after=sent)
                texts = [await alice.final_text(room, m) for m in messages]
                if texts and texts[-1].endswith(EXPECTED[-1]):
                    break
                assert time.monotonic() < deadline, f"the long answer did not arrive whole: {texts}"
                await asyncio.sleep(0.5)
            assert len(messages) >= 3, f"with max_edits 2 the answer goes on in new messages: {texts}"
            # Read in order, the messages are the answer: every paragraph once, in order, none cut in two.
            paragraphs = [p for text in texts for p in text.split("\n\n")]
            assert paragraphs == EXPECTED, texts
            # The first message answers the question; the others follow it. They came while the answer streamed.
            assert content(messages[0]).get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") == sent
            assert all("m.in_reply_to" not in (content(m).get("m.relates_to") or {}) for m in messages[1:])
            assert messages[-1]["origin_server_ts"] - messages[1]["origin_server_ts"] > 500, \
                "the later messages came while the answer was streaming, not all at the end"
            for message in messages:
                assert "<" not in body(message), f"no markup in a body: {body(message)!r}"

    run(scenario(), timeout=150)


def test_b_provider_moves_the_agent_to_codex_and_back(live: Stack, streaming_config) -> None:
    async def scenario() -> None:
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-provider")
            picker = await command(admin, room, "!provider")
            assert "Provider for main (now: claude):" in body(picker), body(picker)
            assert "codex" in body(picker), body(picker)

            unknown = await command(admin, room, "!provider nope")
            assert body(unknown).startswith("There is no provider named nope. Configured: "), body(unknown)

            switched = await command(admin, room, "!provider codex")
            assert body(switched) == "main now uses codex.", body(switched)
            codex_before, claude_before = runs_of("codex"), runs_of("claude")
            await ask(admin, room, "hello codex", expect="echo: hello codex")
            assert runs_of("codex") == codex_before + 1, "the codex fake answered"
            assert runs_of("claude") == claude_before, "claude did not run"

            back = await command(admin, room, "!provider default")
            assert body(back) == "main now uses claude, its configured provider.", body(back)
            await ask(admin, room, "hello claude", expect="echo: hello claude")
            assert runs_of("claude") == claude_before + 1, "claude answered again"

    run(scenario(), timeout=150)
