"""Active/standby on PostgreSQL: a second `troupe run` with the same config waits for the active lock; the active one
is SIGKILLed while a user keeps sending, in a plain DM and in a DM encrypted from its creation (an Element-like
client that trusts only cross-signed devices). The standby takes over, answers within 10 s of the kill, and every
message gets exactly one answer.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from nio import AsyncClient, RoomMessageText

import element_like as el
from conftest import BOT, READY_LINE, REPO, Stack, kill_stray_fakes, tail
from matrix_client import Client, is_edit, reply_target, run
from test_bridge import dm_with
from test_encryption_element import _element_dm

pytestmark = pytest.mark.postgres

TAKEOVER_LIMIT_S = 10.0
ANSWER_TIMEOUT_S = 90.0
QUIET_S = 6.0
WAITING_LINE = "waiting for the active lock"


class Standby:
    """A second `troupe run` on the session's config; it must not start serving while the active one lives."""

    def __init__(self, stack: Stack):
        self.log = stack.dir / "troupe-standby.log"
        self.log.write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_DEBUG_")}
        env["TROUPE_BIN"] = str(stack.binary)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([str(stack.binary), "run", "-c", str(stack.config_path)], cwd=REPO, env=env,
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, needle: str, timeout: float) -> float:
        """Until the log holds ``needle``; returns the monotonic time it was seen."""
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            assert self.proc.poll() is None, f"the standby exited ({self.proc.returncode}):\n{tail(self.log)}"
            assert time.monotonic() < deadline, f"the standby never logged {needle!r}:\n{tail(self.log)}"
            time.sleep(0.05)
        return time.monotonic()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _plain_replies(timeline: list[dict], event_id: str) -> list[dict]:
    return [e for e in timeline if e.get("type") == "m.room.message" and e.get("sender") == BOT and not is_edit(e)
            and reply_target(e) == event_id]


async def _plain_answered(client: Client, room: str, sent: dict[str, str]) -> dict[str, int]:
    """Event → how many answers from the bot reply to it."""
    timeline = await client.timeline(room)
    return {event: len(_plain_replies(timeline, event)) for event in sent}


def _encrypted_reply_target(event) -> str | None:
    content = (event.source or {}).get("content") or {}
    return ((content.get("m.relates_to") or {}).get("m.in_reply_to") or {}).get("event_id")


class EncryptedAnswers:
    """Every decrypted message from the bot in one room, seen through the Element-like client's sync."""

    def __init__(self, client: AsyncClient, room: str):
        self.client, self.room = client, room
        self.replies: dict[str, set[str]] = {}
        self.undecryptable = 0

    async def sync(self) -> None:
        sync = await self.client.sync(timeout=500)
        joined = getattr(sync, "rooms", None) and sync.rooms.join.get(self.room)
        for event in (joined.timeline.events if joined else []):
            if event.sender != BOT:
                continue
            if not isinstance(event, RoomMessageText):
                self.undecryptable += type(event).__name__ == "MegolmEvent"
                continue
            content = (event.source or {}).get("content") or {}
            if (content.get("m.relates_to") or {}).get("rel_type") == "m.replace":
                continue
            target = _encrypted_reply_target(event)
            if target:
                self.replies.setdefault(target, set()).add(event.event_id)


def test_the_standby_takes_over_within_10_s_and_every_message_is_answered_once(live: Stack, tmp_path: Path) -> None:
    standby: Standby | None = None

    async def scenario() -> None:
        nonlocal standby
        plain: dict[str, str] = {}  # event → text
        encrypted: dict[str, str] = {}
        async with await live.login("alice") as alice:
            element = await el.login(live, "alice", tmp_path / "alice-e2e", "it-failover")
            try:
                room = await dm_with(alice, "it-failover-plain")
                e2e_room = await _element_dm(live, element, "it-failover-e2e")
                answers = EncryptedAnswers(element, e2e_room)

                async def send_pair(label: str) -> None:
                    text = f"failover {label}"
                    plain[await alice.send_text(room, text)] = text
                    encrypted[await el.send(live, element, e2e_room, {"msgtype": "m.text", "body": text + " e2e"})] = text

                await send_pair("before")
                standby = Standby(live)
                await asyncio.to_thread(standby.wait_for, WAITING_LINE, 60)
                assert READY_LINE not in standby.text(), "the standby started serving while the active process lived"

                await send_pair("racing the kill")
                live.troupe.kill()
                killed = time.monotonic()
                kill_stray_fakes()
                await send_pair("while nobody serves")

                # The first answer from the standby to a message sent after the kill.
                first = next(iter(e for e, t in plain.items() if t == "failover while nobody serves"))
                while (await _plain_answered(alice, room, {first: ""}))[first] == 0:
                    assert time.monotonic() - killed < ANSWER_TIMEOUT_S, f"no answer after the kill:\n{tail(standby.log)}"
                    await asyncio.sleep(0.2)
                takeover = time.monotonic() - killed
                ready = standby.text().count(READY_LINE)
                await send_pair("after the takeover")

                deadline = time.monotonic() + ANSWER_TIMEOUT_S
                while True:
                    await answers.sync()
                    counts = await _plain_answered(alice, room, plain)
                    if all(counts.values()) and all(answers.replies.get(e) for e in encrypted):
                        break
                    assert time.monotonic() < deadline, (
                        f"unanswered after {ANSWER_TIMEOUT_S:g} s: plain {[plain[e] for e, n in counts.items() if not n]}, "
                        f"encrypted {[encrypted[e] for e in encrypted if not answers.replies.get(e)]}\n{tail(standby.log)}")
                await asyncio.sleep(QUIET_S)  # a second answer would come now, if at all
                await answers.sync()
                counts = await _plain_answered(alice, room, plain)
                doubled = {plain[e]: n for e, n in counts.items() if n != 1}
                doubled.update({encrypted[e] + " e2e": len(answers.replies.get(e, ())) for e in encrypted
                                if len(answers.replies.get(e, ())) != 1})
                print(f"\n[failover] standby answered {takeover:.2f} s after the active process was SIGKILLed "
                      f"(ready lines: {ready}); {len(plain)} plain and {len(encrypted)} encrypted messages, "
                      f"undecryptable bot events: {answers.undecryptable}")
                assert not doubled, f"not exactly one answer each: {doubled}"
                assert answers.undecryptable == 0, "the standby sent answers the Element-like client could not decrypt"
                assert takeover <= TAKEOVER_LIMIT_S, f"the standby answered {takeover:.1f} s after the kill"
            finally:
                await element.close()

    try:
        run(scenario(), timeout=280)
    finally:
        if standby is not None:
            standby.stop()
        if not live.troupe.alive():
            live.troupe.start()  # the session's troupe again, for the next tests


def test_a_process_that_loses_its_lock_connection_stops_at_once(live: Stack) -> None:
    """The active lock's connection is cut (as by a network split): the process must stop serving at once, since a
    standby may already hold the lock."""
    from conftest import psql_rows

    assert live.troupe.alive()
    offset = live.troupe.log.stat().st_size
    cut = psql_rows(live.postgres_uri, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                       "WHERE application_name = 'troupe-active-lock'")
    assert cut == [("t",)], f"expected one lock connection to cut, got {cut}"
    started = time.monotonic()
    try:
        code = live.troupe.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"troupe kept running 10 s after losing the active lock:\n{tail(live.troupe.log)}")
    stopped = time.monotonic() - started
    with live.troupe.log.open("rb") as f:
        f.seek(offset)
        log = f.read().decode(errors="replace")
    print(f"\n[failover] troupe stopped {stopped:.2f} s after its lock connection was cut (exit {code})")
    assert code != 0, "troupe exited 0 after losing the active lock"
    assert "lost the active lock" in log, f"the log does not say why troupe stopped:\n{log[-3000:]}"
    live.troupe.start()
