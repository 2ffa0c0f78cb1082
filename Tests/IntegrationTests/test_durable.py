"""A crash loses no answer and no turn runs twice: a user keeps sending messages while troupe is SIGKILLed and
restarted, between turns, while a turn waits, runs, or has just finished, and while troupe is down.

Every message must get exactly one answer (one reply, whose final text is the whole answer), and no apology.
The test prints how long after each restart the interrupted answers arrived.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from conftest import BOT, Stack, fake_runs, kill_stray_fakes
from matrix_client import Client, Event, is_edit, reply_target, run
from test_bridge import dm_with
from test_encryption import _log_since

ROUNDS = 20
ANSWER = "one two three four"  # what scenario:slow answers (four words, one line each FAKE_DELAY_S apart)
# When the SIGKILL comes, cycled per round: seconds after the message was sent (before troupe has the event, while
# its turn waits or starts, while it runs), or None: once every message so far is answered (between turns). The
# "between turns" rounds also bound how often one turn is cut short while running (at most twice here, below the
# limit of 3).
KILL_AFTER_S = [0.0, 2.0, None, 0.6, 3.0, None]
ANSWER_TIMEOUT_S = 240.0
QUIET_S = 6.0


def replies_to(events: list[Event], event_id: str) -> list[Event]:
    return [e for e in events if e.get("type") == "m.room.message" and e.get("sender") == BOT and not is_edit(e)
            and reply_target(e) == event_id]


async def final_text(client: Client, room: str, reply: Event) -> tuple[str, int]:
    """The text shown for ``reply`` and when it was last changed (ms)."""
    edits = await client.edits_of(room, reply["event_id"], sender=BOT)
    if edits:
        return (edits[-1]["content"].get("m.new_content") or {}).get("body", ""), edits[-1]["origin_server_ts"]
    return (reply.get("content") or {}).get("body", ""), reply["origin_server_ts"]


async def wait_for_answers(client: Client, room: str, events: list[str]) -> None:
    """Until each of ``events`` has a reply from the bot whose final text is the whole answer."""
    deadline = time.monotonic() + ANSWER_TIMEOUT_S
    pending = set(events)
    while True:
        timeline = await client.timeline(room)
        for event in list(pending):
            replies = replies_to(timeline, event)
            if len(replies) == 1 and (await final_text(client, room, replies[0]))[0] == ANSWER:
                pending.discard(event)
        if not pending:
            return
        assert time.monotonic() < deadline, (
            f"{len(pending)} of {len(events)} messages have no complete answer after {ANSWER_TIMEOUT_S:g} s: "
            + ", ".join(f"{e}: {[(r.get('content') or {}).get('body') for r in replies_to(timeline, e)]}"
                        for e in sorted(pending)))
        await asyncio.sleep(1)


async def wait_until_no_turn_is_open(live: Stack, timeout: float = 60) -> None:
    """Until troupe's database holds no turn that is queued, running or waiting for its answer to be shown."""
    deadline = time.monotonic() + timeout
    while True:
        open_turns = live.db_rows("SELECT COUNT(*) FROM agent_turns WHERE state IN ('queued', 'running', 'answered')")[0][0]
        if open_turns == 0:
            return
        assert time.monotonic() < deadline, f"{open_turns} turns still open after {timeout:g} s"
        await asyncio.sleep(0.2)


@pytest.mark.timeout(1200)  # 20 restarts, each waiting for `troupe ready`
def test_every_message_answered_exactly_once_across_sigkills(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-durable-sigkill")
            sent: list[tuple[str, int]] = []  # (event id, round it was sent in)
            restarted_at: list[float] = []  # wall clock (ms) when troupe was ready again after round i's kill
            for i in range(ROUNDS):
                sent.append((await alice.send_text(room, f"message {i + 1} scenario:slow"), i))
                delay = KILL_AFTER_S[i % len(KILL_AFTER_S)]
                if delay is None:
                    await wait_for_answers(alice, room, [event for event, _ in sent])
                    # The streamed text can be complete a moment before the CLI's result line ends the turn.
                    await wait_until_no_turn_is_open(live)
                else:
                    await asyncio.sleep(delay)
                live.troupe.kill()
                kill_stray_fakes()  # a killed troupe's CLI would otherwise finish on its own
                if i % 4 == 3:  # the homeserver keeps what is sent while troupe is down
                    sent.append((await alice.send_text(room, f"message {i + 1}b scenario:slow"), i))
                await asyncio.to_thread(live.troupe.start)
                restarted_at.append(time.time() * 1000)

            # Every message: exactly one reply, showing the whole answer.
            await wait_for_answers(alice, room, [event for event, _ in sent])
            await asyncio.sleep(QUIET_S)  # a second answer would come now, if at all

            timeline = await alice.timeline(room)
            problems = []
            delays = []
            for event, sent_round in sent:
                replies = replies_to(timeline, event)
                if len(replies) != 1:
                    problems.append(f"{event}: {len(replies)} replies {[(r.get('content') or {}).get('body') for r in replies]}")
                    continue
                text, changed = await final_text(alice, room, replies[0])
                if text != ANSWER:
                    problems.append(f"{event}: final text {text!r}")
                # Answers finished after the kill that followed their message: how long after the restart.
                kills = [t for t in restarted_at[sent_round:] if t <= changed]
                if kills:
                    delays.append((changed - kills[-1]) / 1000)
            apologies = [e for e in timeline if e.get("sender") == BOT and "restarted" in (e.get("content") or {}).get("body", "")]
            assert not problems, "not exactly one answer each:\n" + "\n".join(problems)
            assert not apologies, f"the user was told about a restart: {[(a.get('content') or {}).get('body') for a in apologies]}"
            if delays:
                delays.sort()
                print(f"\n[durable] {len(sent)} messages, {ROUNDS} SIGKILLs: every message answered once; "
                      f"{len(delays)} answers completed after a restart, "
                      f"seconds from ready to final answer: min {delays[0]:.2f}, median {statistics.median(delays):.2f}, "
                      f"p90 {delays[int(len(delays) * 0.9) - 1 if len(delays) > 1 else 0]:.2f}, max {delays[-1]:.2f}")

    run(scenario(), timeout=1150)


def test_homeserver_deduplicates_appservice_sends_by_transaction_id(live: Stack):
    """What the outbox relies on, measured: Synapse 1.163 answers an appservice's repeated send (same room, same
    transaction id) with the first event, whichever user it masquerades as, until it restarts. Only a send made as
    a device (``device_id``) is remembered in its database across a restart (for 24 h)."""
    from conftest import SYNAPSE_PORT, http_request
    import json
    import urllib.parse

    async def make_room() -> str:
        async with await live.login("alice") as alice:
            return await dm_with(alice, "it-durable-txn")

    room = run(make_room(), timeout=120)
    auth = {"Authorization": f"Bearer {live.as_token}"}

    def send(txn: str, body: str, **identity: str) -> str:
        query = urllib.parse.urlencode({"user_id": BOT, **identity})
        path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/send/m.room.message/{txn}?{query}"
        resp = http_request("PUT", SYNAPSE_PORT, path, json.dumps({"msgtype": "m.notice", "body": body}).encode(), auth)
        assert resp.status == 200, str(resp)
        return resp.json["event_id"]

    def make_device(device: str) -> None:
        query = urllib.parse.urlencode({"user_id": BOT})
        resp = http_request("PUT", SYNAPSE_PORT, f"/_matrix/client/v3/devices/{device}?{query}", b"{}", auth)
        assert resp.status in (200, 201), str(resp)

    stamp = str(int(time.time() * 1000))
    make_device("DURABLETXN")
    plain = send(f"durable-plain-{stamp}", "first")
    assert send(f"durable-plain-{stamp}", "second") == plain, "a repeated send was not deduplicated"
    as_device = send(f"durable-device-{stamp}", "first", device_id="DURABLETXN")
    assert send(f"durable-device-{stamp}", "second", device_id="DURABLETXN") == as_device
    live.synapse.stop()
    live.synapse.start()
    after_plain = send(f"durable-plain-{stamp}", "after restart")
    after_device = send(f"durable-device-{stamp}", "after restart", device_id="DURABLETXN")
    print(f"\n[durable] after a homeserver restart: plain send deduplicated={after_plain == plain}, "
          f"device send deduplicated={after_device == as_device}")
    assert after_device == as_device, "a send made as a device was not remembered across the restart"
    assert after_plain != plain, "Synapse now remembers device-less sends across restarts: update docs/operations.md"


def test_an_answer_waits_out_a_homeserver_outage_longer_than_the_clients_retries(live: Stack, tmp_path):
    """The homeserver goes down while a turn runs and stays down past the client's own retries (about 30 s): the
    finished answer is kept, tried again while troupe runs, and posted once when the homeserver is back."""
    flag = tmp_path / "release"
    prompt = f"scenario:wait_file {flag} outage"
    log = live.troupe.log

    async def start() -> tuple[str, str]:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-durable-outage")
            sent = await alice.send_text(room, prompt)
            deadline = time.monotonic() + 60
            while not any((r["prompt"] or "").endswith(prompt) for r in fake_runs()):
                assert time.monotonic() < deadline, "the agent never started the turn"
                await asyncio.sleep(0.2)
            return room, sent

    room, sent = run(start(), timeout=120)
    offset = log.stat().st_size
    live.synapse.stop()
    try:
        flag.touch()  # the agent answers now, with nowhere to post
        deadline = time.monotonic() + 120
        while "could not deliver the answer; trying again" not in _log_since(log, offset):
            assert time.monotonic() < deadline, "the answer was not kept for another try after the client gave up"
            time.sleep(0.5)
    finally:
        live.synapse.start()

    async def delivered() -> None:
        async with await live.login("alice") as alice:
            deadline = time.monotonic() + 120
            while True:
                replies = replies_to(await alice.timeline(room), sent)
                if replies and (await final_text(alice, room, replies[0]))[0] == "released":
                    break
                assert time.monotonic() < deadline, f"no answer after the outage: {replies}"
                await asyncio.sleep(1)
            await asyncio.sleep(QUIET_S)
            assert len(replies_to(await alice.timeline(room), sent)) == 1, "the answer was posted more than once"

    run(delivered(), timeout=200)

