"""Runs seen from Matrix on a real Synapse: a delegated run shows in the worker's own room, `!runs` and `!tasks`
list it, and a run's question to its parent surfaces in the room where the user's reply answers it.

The main agent's fake CLI starts the run with `troupe ask --async coder …` (scenario:ask_async); the task it hands
on may name coder's scenario (the fake CLI takes the first scenario a prompt names).
"""

from __future__ import annotations

import time

from conftest import Stack
from matrix_client import reply_target, run
from test_bridge import BOT, body, command, dm_with, is_message_from
from test_delegation import DELEGATION_TIMEOUT, ensure_coder

CODER = "@troupe_coder:localhost"


def _agent_room(live: Stack, agent: str) -> str:
    rows = live.db_rows("SELECT room_id FROM bridge_agent_room WHERE agent = ?", (agent,))
    assert rows, f"{agent} has no room of its own"
    return rows[0][0]


async def _started_run(client, room: str, sent: str) -> str:
    reply = (await client.wait_for_events(
        room, lambda e: is_message_from(BOT)(e) and reply_target(e) == sent, "main's reply to the request",
        after=sent, timeout=DELEGATION_TIMEOUT))[0]
    final = await client.wait_for_final_text(room, reply, lambda t: t.startswith("tool: Started run r"), "the run id",
                                             DELEGATION_TIMEOUT)
    return final.split()[3].rstrip(":")


def test_a_run_shows_in_the_workers_room_and_in_runs(live: Stack) -> None:
    async def scenario() -> None:
        await ensure_coder(live)
        async with await live.login("admin") as admin:
            coder_room = _agent_room(live, "coder")
            if await admin.membership(coder_room, admin.nio.user_id) != "join":
                await admin.join(coder_room)
            room = await dm_with(admin, "it-runs-visible")
            sent = await admin.send_text(room, "scenario:ask_async coder draft the release plan")
            run_id = await _started_run(admin, room, sent)

            # coder's own room: "working on" as coder, linking back, then edited with the outcome.
            notice = (await admin.wait_for_events(
                coder_room, lambda e: is_message_from(CODER)(e) and f"Working on run {run_id}" in body(e),
                "coder's notice about the run", timeout=DELEGATION_TIMEOUT))[0]
            assert "draft the release plan" in body(notice), body(notice)
            assert f"https://matrix.to/#/{room}" in body(notice), body(notice)
            done = await admin.wait_for_final_text(coder_room, notice, lambda t: "✅ Done" in t, "the run's outcome",
                                                   DELEGATION_TIMEOUT)
            assert "echo:" in done, done

            listing = body(await command(admin, room, "!runs"))
            assert f"{run_id} coder · completed" in listing, listing
            info = body(await command(admin, room, f"!runs info {run_id}"))
            assert f"Run {run_id} — coder, completed" in info and "draft the release plan" in info, info
            other = await dm_with(admin, "it-runs-elsewhere")
            assert "No runs were started from this chat" in body(await command(admin, other, "!runs"))
            assert "Usage" in body(await command(admin, room, "!runs kill"))

    run(scenario(), timeout=180)


def test_b_a_runs_question_is_answered_by_replying(live: Stack) -> None:
    async def scenario() -> None:
        await ensure_coder(live)
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-runs-question")
            sent = await alice.send_text(room, "scenario:ask_async coder scenario:ask_parent which colour should it be?")
            run_id = await _started_run(alice, room, sent)

            question = (await alice.wait_for_events(
                room, lambda e: is_message_from(BOT)(e) and f"Task {run_id} (coder) asks:" in body(e),
                "the run's question in the room", after=sent, timeout=DELEGATION_TIMEOUT))[0]
            assert "which colour should it be?" in body(question), body(question)
            tasks = body(await command(alice, room, "!tasks"))
            assert f"{run_id} coder · running" in tasks and "waits for your answer" in tasks, tasks

            answer = await alice.reply(room, question["event_id"], "teal")
            ack = (await alice.wait_for_events(
                room, lambda e: is_message_from(BOT)(e) and reply_target(e) == answer, "the answer's acknowledgement",
                after=answer, timeout=DELEGATION_TIMEOUT))[0]
            assert body(ack) == f"Passed your answer to task {run_id} (coder).", body(ack)
            # coder's tool call returned the answer, which became its result, handed back to main in this room.
            handed_back = (await alice.wait_for_events(
                room, lambda e: is_message_from(BOT)(e) and body(e).startswith("echo: [Troupe] A task you handed off"),
                "main's reply to the run's result", after=answer, timeout=DELEGATION_TIMEOUT))[0]
            assert "tool: teal" in body(handed_back), body(handed_back)

    run(scenario(), timeout=180)


def test_c_a_result_waits_out_a_homeserver_outage(live: Stack, tmp_path) -> None:
    """The homeserver is down when coder's run finishes: the result is kept, retried, and posted once it is back."""
    flag = tmp_path / "release"
    log = live.troupe.log

    async def start() -> tuple[str, str, str]:
        await ensure_coder(live)
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-runs-outage")
            sent = await alice.send_text(room, f"scenario:ask_async coder scenario:wait_file {flag}")
            return room, sent, await _started_run(alice, room, sent)

    room, sent, run_id = run(start(), timeout=120)
    offset = log.stat().st_size
    live.synapse.stop()
    try:
        flag.touch()  # coder finishes now, with nowhere to post
        deadline = time.monotonic() + 60
        while f"run_id={run_id}" not in _after(log, offset, "run result not delivered; will retry"):
            assert time.monotonic() < deadline, "the delivery was never tried while the homeserver was down"
            time.sleep(0.3)
    finally:
        live.synapse.start()

    async def delivered() -> None:
        async with await live.login("alice") as alice:
            handed_back = (await alice.wait_for_events(
                room, lambda e: is_message_from(BOT)(e) and body(e).startswith("echo: [Troupe] A task you handed off"),
                "the result after the outage", after=sent, timeout=90))[0]
            assert f"Run {run_id} by agent coder: completed" in body(handed_back), body(handed_back)

    run(delivered(), timeout=150)


def _after(log, offset: int, needle: str) -> str:
    """The log lines after ``offset`` that contain ``needle``."""
    with log.open("rb") as f:
        f.seek(offset)
        return "\n".join(line for line in f.read().decode(errors="replace").splitlines() if needle in line)
