"""Scheduled jobs (`!cron`) against a real Synapse: a job made in a room answers there on its schedule, survives a
restart, and stops when deleted. The agents run the fake Claude CLI, which answers `echo: <prompt>`.
"""
from __future__ import annotations

import asyncio
import re
import time

from conftest import BOT, DOMAIN, Stack
from matrix_client import Client, run
from test_bridge import REPLY_TIMEOUT, body, command, dm_with, is_message_from

PROMPT = "scheduled ping"


async def job_answers(client: Client, room: str, after: str) -> list[dict]:
    """The bot's answers to the job after the event ``after``: new messages whose final text echoes the prompt."""
    answers = []
    for event in await client.events(room, is_message_from(BOT), after=after):
        if f"echo: {PROMPT}" in await client.final_text(room, event):
            answers.append(event)
    return answers


async def wait_for_job_answers(client: Client, room: str, after: str, count: int, timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        answers = await job_answers(client, room, after)
        if len(answers) >= count:
            return answers
        assert time.monotonic() < deadline, f"only {len(answers)} of {count} job answers after {timeout} s"
        await asyncio.sleep(0.5)


def test_a_job_answers_in_its_room_survives_a_restart_and_stops_when_deleted(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-cron")
            # Users may list jobs, but only admins may make them.
            async with await live.login("alice") as alice:
                await admin.invite(room, f"@alice:{DOMAIN}")
                await alice.join(room)
                refused = await command(alice, room, "!cron add every 10s -- not allowed")
                assert "Only admins" in body(refused), body(refused)
            added = await command(admin, room, f"!cron add every 10s -- {PROMPT}")
            match = re.search(r"`(j[a-z0-9]{6})`", body(added))
            assert match and "every 10s" in body(added) and "Next run:" in body(added), body(added)
            job = match.group(1)
            # The answer is posted in the room, as the agent, as a normal turn labelled with the job's id.
            answers = await wait_for_job_answers(admin, room, added["event_id"], 2, timeout=60)
            texts = [await admin.final_text(room, a) for a in answers]
            assert all(job in text for text in texts), texts

            live.troupe.restart()
            listing = await command(admin, room, "!cron list", timeout=60)
            assert job in body(listing) and "every 10s" in body(listing), body(listing)
            await wait_for_job_answers(admin, room, listing["event_id"], 1, timeout=60)

            deleted = await command(admin, room, f"!cron delete {job}")
            assert f"Deleted `{job}`" in body(deleted), body(deleted)
            # A run already going may still finish; after that, nothing more comes.
            await asyncio.sleep(5)
            settled = await command(admin, room, "!ping")
            await asyncio.sleep(15)
            assert not await job_answers(admin, room, settled["event_id"]), "the deleted job still ran"
            assert "No scheduled jobs" in body(await command(admin, room, "!cron list"))

    run(scenario(), timeout=300)


def test_b_bad_schedules_get_clear_errors(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-cron-errors")
            for text, expected in [("!cron add every 5s -- x", "shortest interval is 10s"),
                                   ("!cron add 61 * * * * -- x", "minute: 61 is out of range"),
                                   ("!cron add every 1h", "after `--`")]:
                reply = await command(admin, room, text)
                assert expected in body(reply), (text, body(reply))

    run(scenario(), timeout=120)
