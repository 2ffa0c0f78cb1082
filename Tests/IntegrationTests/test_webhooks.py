"""Webhooks (`!webhook`) against a real Synapse: a hook made in a room answers there when a signed payload is
POSTed to the listener; wrong signatures, unknown hooks, oversized bodies and repeated deliveries start nothing, and
only admins make hooks. The agents run the fake Claude CLI, which answers `echo: <prompt>`.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import json
import re
import uuid

from conftest import DOMAIN, Stack
from matrix_client import run
from test_bridge import answers_with, body, command, dm_with, wait_for_answers, wait_for_prompt

TEMPLATE = "Build says {{header.X-GitHub-Event}}: {{payload}}"


def post(stack: Stack, path: str, payload: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    """POSTs to the webhook listener; returns the status and the JSON body."""
    settings = stack.config["automation"]["webhooks"]
    conn = http.client.HTTPConnection(settings["hostname"], settings["port"], timeout=30)
    try:
        conn.request("POST", path, body=payload, headers={"Content-Type": "application/json", **headers})
        response = conn.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else {}
    finally:
        conn.close()


def signed(payload: bytes, secret: str, event: str = "workflow_run", delivery: str | None = None) -> dict[str, str]:
    headers = {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest(),
               "X-GitHub-Event": event}
    if delivery:
        headers["X-GitHub-Delivery"] = delivery
    return headers


def test_a_a_signed_delivery_answers_in_the_hooks_room_and_bad_ones_start_nothing(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-webhooks")
            # Users may list hooks, but only admins may make them. With alice the room is a group room: commands name
            # the agent (`!main webhook …`).
            async with await live.login("alice") as alice:
                await admin.invite(room, f"@alice:{DOMAIN}")
                await alice.join(room)
                refused = await command(alice, room, "!main webhook add nope")
                assert "Only admins" in body(refused), body(refused)
            added = await command(admin, room, f"!main webhook add gh -- {TEMPLATE}")
            text = body(added)
            settings = live.config["automation"]["webhooks"]
            assert f"http://127.0.0.1:{settings['port']}/hooks/gh" in text, text
            match = re.search(r"Secret: ([0-9a-f]{64})", text)
            assert match, text
            secret = match.group(1)
            assert "listener is off" not in text, text
            start = added["event_id"]

            # A wrong signature: 401, and no turn.
            bad = json.dumps({"run": "forged-" + uuid.uuid4().hex}).encode()
            status, answer = post(live, "/hooks/gh", bad, signed(bad, "0" * 64))
            assert (status, "error" in answer) == (401, True), (status, answer)
            unsigned_status, _ = post(live, "/hooks/gh", bad, {"X-GitHub-Event": "workflow_run"})
            assert unsigned_status == 401
            # Unknown hook, oversized body.
            assert post(live, "/hooks/nope", bad, signed(bad, secret))[0] == 404
            big = json.dumps({"log": "x" * (settings["max_body_bytes"] + 1000)}).encode()
            assert post(live, "/hooks/gh", big, signed(big, secret))[0] == 413
            # GitHub's ping is answered without asking the agent.
            ping = json.dumps({"zen": "ping-" + uuid.uuid4().hex}).encode()
            assert post(live, "/hooks/gh", ping, signed(ping, secret, event="ping")) == (200, {"status": "pong"})

            # A signed delivery, sent twice with one delivery id: accepted once, answered once, in the hook's room.
            marker = "green-" + uuid.uuid4().hex
            good = json.dumps({"run": marker}).encode()
            delivery = str(uuid.uuid4())
            assert post(live, "/hooks/gh", good, signed(good, secret, delivery=delivery)) == (202, {"status": "accepted"})
            status, again = post(live, "/hooks/gh", good, signed(good, secret, delivery=delivery))
            assert status == 200 and again.get("status") == "duplicate", (status, again)
            # The agent is asked the filled-in template, and its answer comes to the hook's room, labelled.
            await wait_for_prompt(f"Build says workflow_run: {good.decode()}")
            final = await admin.final_text(room, (await wait_for_answers(admin, room, start, marker))[0])
            assert "echo: Build says workflow_run:" in final and "🪝 gh" in final, final
            await asyncio.sleep(5)
            assert len(await answers_with(admin, room, start, marker)) == 1, "a repeated delivery was answered twice"
            assert not await answers_with(admin, room, start, "forged-"), "an unsigned delivery reached the agent"
            assert not await answers_with(admin, room, start, "ping-"), "a ping reached the agent"

            # The log names deliveries but never holds the secret or a body.
            log = live.troupe.log.read_text(errors="replace")
            assert "webhook delivery" in log and delivery in log
            assert secret not in log and marker not in log

            # Listing shows the hook (not the secret); rotating makes the old secret fail.
            listing = await command(admin, room, "!main webhook list")
            assert "gh" in body(listing) and secret not in body(listing), body(listing)
            rotated = await command(admin, room, "!main webhook rotate gh")
            new = re.search(r"\b([0-9a-f]{64})\b", body(rotated))
            assert new and new.group(1) != secret, body(rotated)
            assert post(live, "/hooks/gh", good, signed(good, secret))[0] == 401
            deleted = await command(admin, room, "!main webhook delete gh")
            assert "Deleted webhook gh" in body(deleted), body(deleted)
            assert post(live, "/hooks/gh", good, signed(good, new.group(1)))[0] == 404

    run(scenario(), timeout=300)


def test_b_a_delivery_whose_turn_a_crash_cut_short_is_answered_after_the_restart(live: Stack):
    async def scenario():
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-webhooks-crash")
            added = await command(admin, room, "!webhook add slowhook -- scenario:slow {{payload}}")
            secret = re.search(r"Secret: `?([0-9a-f]{64})", body(added)).group(1)
            start = added["event_id"]
            marker = "crash-" + uuid.uuid4().hex
            payload = json.dumps({"run": marker}).encode()
            assert post(live, "/hooks/slowhook", payload, signed(payload, secret))[0] == 202
            # The fake CLI has started on the delivery's turn: the process dies in the middle of it.
            await wait_for_prompt(f"scenario:slow {payload.decode()}")
            live.troupe.restart()
            answers = await wait_for_answers(admin, room, start, "one two three four")
            final = await admin.final_text(room, answers[0])
            assert "🪝 slowhook" in final, final
            await asyncio.sleep(3)
            assert len(await answers_with(admin, room, start, "one two three four")) == 1, "answered twice"
            await command(admin, room, "!webhook delete slowhook")

    run(scenario(), timeout=240)
