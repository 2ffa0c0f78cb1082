"""Scheduled jobs (`!cron`) against a real Synapse: a job made in a room answers there on its schedule, survives a
restart, and stops when deleted. The agents run the fake Claude CLI, which answers `echo: <prompt>`.
"""
from __future__ import annotations

import asyncio
import re
import time

from conftest import BOT, DOMAIN, Stack, fake_runs
from matrix_client import run
from test_bridge import answers_with, ask, body, command, dm_with, is_message_from, wait_for_answers

PROMPT = "scheduled ping"


def test_a_job_answers_in_its_room_survives_a_restart_and_stops_when_deleted(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-cron")
            # Users may list jobs, but only admins may make them. With alice the room is a group room: commands name
            # the agent (`!main cron …`).
            async with await live.login("alice") as alice:
                await admin.invite(room, f"@alice:{DOMAIN}")
                await alice.join(room)
                refused = await command(alice, room, "!main cron add every 10s -- not allowed")
                assert "Only admins" in body(refused), body(refused)
            added = await command(admin, room, f"!main cron add every 10s -- {PROMPT}")
            match = re.search(r"\b(j[a-z0-9]{6})\b", body(added))
            assert match and "every 10s" in body(added) and "Next run:" in body(added), body(added)
            job = match.group(1)
            # The answer is posted in the room, as the agent, as a normal turn labelled with the job's id.
            answers = await wait_for_answers(admin, room, added["event_id"], f"echo: {PROMPT}", count=2, timeout=60)
            texts = [await admin.final_text(room, a) for a in answers]
            assert all(job in text for text in texts), texts

            live.troupe.restart()
            listing = await command(admin, room, "!main cron list", timeout=60)
            assert job in body(listing) and "every 10s" in body(listing), body(listing)
            await wait_for_answers(admin, room, listing["event_id"], f"echo: {PROMPT}", timeout=60)

            deleted = await command(admin, room, f"!main cron delete {job}")
            assert f"Deleted {job}" in body(deleted), body(deleted)
            # A run already going may still finish; after that, nothing more comes.
            await asyncio.sleep(5)
            settled = await command(admin, room, "!main ping")
            await asyncio.sleep(15)
            assert not await answers_with(admin, room, settled["event_id"], f"echo: {PROMPT}"), "the deleted job still ran"
            assert "No scheduled jobs" in body(await command(admin, room, "!main cron list"))

    run(scenario(), timeout=300)


def test_b_bad_schedules_get_clear_errors(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-cron-errors")
            for text, expected in [("!cron add every 5s -- x", "shortest interval is 10s"),
                                   ("!cron add 61 * * * * -- x", "minute: 61 is out of range"),
                                   ("!cron add every 1h", "after --")]:
                reply = await command(admin, room, text)
                assert expected in body(reply), (text, body(reply))

    run(scenario(), timeout=120)


def test_c_a_heartbeat_speaks_only_when_there_is_something_to_report(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-heartbeat")
            # The agent answers the nothing-to-report marker: it is asked, and nothing is posted.
            # Quiet hours far from now, so they are shown but do not keep this heartbeat still.
            hour = (time.gmtime().tm_hour + 12) % 24
            on = await command(admin, room, f"!heartbeat on every 10s quiet {hour}-{(hour + 1) % 24} tz=UTC -- scenario:nothing_to_report")
            assert "Heartbeat on" in body(on) and f"quiet {hour:02d}-{(hour + 1) % 24:02d} (" in body(on), body(on)
            deadline = time.monotonic() + 40
            while not [r for r in fake_runs() if "scenario:nothing_to_report" in (r["prompt"] or "")]:
                assert time.monotonic() < deadline, "the heartbeat never asked its agent"
                await asyncio.sleep(0.5)
            asked = [r for r in fake_runs() if "scenario:nothing_to_report" in (r["prompt"] or "")][0]
            assert "NOTHING_TO_REPORT" in asked["prompt"], "the heartbeat's prompt does not name the marker"
            await asyncio.sleep(3)
            posted = await admin.events(room, is_message_from(BOT), after=on["event_id"])
            assert not posted, f"a heartbeat with nothing to report posted {[body(e) for e in posted]}"

            # One heartbeat per room: this replaces it, and what it reports is posted, labelled.
            replaced = await command(admin, room, "!heartbeat on every 10s -- check the heartbeat build")
            posted = (await wait_for_answers(admin, room, replaced["event_id"], "echo: 💓 Heartbeat. check the heartbeat build"))[0]
            answer = await admin.final_text(room, posted)
            assert "heartbeat" in answer, answer
            status = await command(admin, room, "!heartbeat")
            assert "check the heartbeat build" in body(status) and "Last check" in body(status), body(status)
            off = await command(admin, room, "!heartbeat off")
            assert "off" in body(off), body(off)

    run(scenario(), timeout=180)


def test_d_agents_manage_jobs_through_mcp_tools_only_for_people_who_may(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-cron-mcp")
            args = '{"schedule": "every 1h", "prompt": "mcp scheduled ping"}'
            _, _, text = await ask(admin, room, f"scenario:mcp_tool schedule_add {args}")
            match = re.search(r"Scheduled (j[a-z0-9]{6}) for main: every 1h", text)
            assert match and text.startswith("tool: "), text
            job = match.group(1)
            # The job is the chat's, and runs there as the agent.
            ran = await command(admin, room, f"!cron run {job}")
            await wait_for_answers(admin, room, ran["event_id"], "echo: mcp scheduled ping", job)
            _, _, listed = await ask(admin, room, "scenario:mcp_tool schedule_list {}")
            assert job in listed and "mcp scheduled ping" in listed, listed
            assert job in body(await command(admin, room, "!cron list"))
            _, _, deleted = await ask(admin, room, f'scenario:mcp_tool schedule_delete {{"id": "{job}"}}')
            assert f"Deleted {job}" in deleted, deleted
            _, _, bad = await ask(admin, room, 'scenario:mcp_tool schedule_add {"schedule": "every 2s", "prompt": "x"}')
            assert bad.startswith("tool failed:") and "10s" in bad, bad
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-cron-mcp-alice")
            _, _, refused = await ask(alice, room, 'scenario:mcp_tool schedule_add {"schedule": "every 1h", "prompt": "not allowed"}')
            assert refused.startswith("tool failed:") and "admin level" in refused, refused
            assert "No scheduled jobs" in body(await command(alice, room, "!cron list"))

    run(scenario(), timeout=180)


def in_thread(root: str, text: str) -> dict:
    """A message in the thread of ``root``, as Element sends it (with the fallback reply for clients without threads)."""
    return {"msgtype": "m.text", "body": text,
            "m.relates_to": {"rel_type": "m.thread", "event_id": root, "is_falling_back": True, "m.in_reply_to": {"event_id": root}}}


def thread_of(event: dict) -> str | None:
    relation = (event.get("content") or {}).get("m.relates_to") or {}
    return relation.get("event_id") if relation.get("rel_type") == "m.thread" else None


def test_e_answers_and_jobs_made_in_a_thread_stay_in_it(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-thread")
            root, first, _ = await ask(admin, room, "the thread starts here")
            assert thread_of(first) is None, "an answer in the main timeline went into a thread"
            # A message in the thread: the answer replies to it, in the thread.
            _, answer, text = await ask(admin, room, in_thread(root, "hello in the thread"))
            assert thread_of(answer) == root and text == "echo: hello in the thread", (answer, text)
            # A job made in the thread answers there.
            added = await command(admin, room, in_thread(root, "!cron add every 10s -- thread ping"))
            assert thread_of(added) == root, added
            job = re.search(r"\b(j[a-z0-9]{6})\b", body(added)).group(1)
            answers = await wait_for_answers(admin, room, added["event_id"], "echo: thread ping", timeout=40)
            assert all(thread_of(a) == root for a in answers), answers
            deleted = await command(admin, room, in_thread(root, f"!cron delete {job}"))
            assert f"Deleted {job}" in body(deleted) and thread_of(deleted) == root, body(deleted)

    run(scenario(), timeout=180)
