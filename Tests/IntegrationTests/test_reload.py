"""Config hot reload against a real Synapse: a running `troupe run` takes a new permitted user and then a new agent
from its edited config file without a restart, keeps running on a broken file (and tells the admins once), names
keys that need a restart, and survives SIGHUP. The config is restored at the end, and that reload is checked too.
"""

from __future__ import annotations

import asyncio
import copy
import signal
import time

from conftest import BOT, DOMAIN, Stack, dump_yaml, load_yaml
from matrix_client import Client, Event, is_edit, run

TIMEOUT = 30.0
RELOADED = "reloaded"  # the agent the test adds
RELOADED_USER = f"@troupe_{RELOADED}:{DOMAIN}"
RELOADED_NAME = "Reloaded Agent"


def is_message_from(sender: str):
    return lambda e: e.get("type") == "m.room.message" and e.get("sender") == sender and not is_edit(e)


def body(event: Event) -> str:
    return (event.get("content") or {}).get("body", "")


def log_text(stack: Stack) -> str:
    return stack.troupe.log.read_text(errors="replace")


def wait_for_log(stack: Stack, needle: str, after: int, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while needle not in log_text(stack)[after:]:
        assert time.monotonic() < deadline, f"troupe did not log {needle!r} within {timeout:g} s"
        assert stack.troupe.alive(), "troupe died"
        time.sleep(0.2)


def edit_config(stack: Stack, change) -> int:
    """Applies ``change`` to the config file (as an editor saving it) and returns the log offset before it."""
    offset = len(log_text(stack))
    cfg = load_yaml(stack.config_path)
    change(cfg)
    dump_yaml(stack.config_path, cfg)
    return offset


def restore(stack: Stack, original: dict) -> None:
    """Writes the config back and, when that changed the file, waits for troupe to take it."""
    before = stack.config_path.read_text()
    offset = len(log_text(stack))
    dump_yaml(stack.config_path, original)
    if stack.config_path.read_text() != before:
        wait_for_log(stack, "config reloaded", offset)


async def answer(client: Client, room: str, text: str, sender: str = BOT) -> str:
    sent = await client.send_text(room, text)
    reply = (await client.wait_for_events(room, is_message_from(sender), f"the answer to {text!r}", after=sent,
                                          timeout=TIMEOUT))[0]
    return await client.final_text(room, reply)


async def dm(client: Client, name: str, agent: str = BOT) -> str:
    room = await client.create_room(name=name, is_direct=True)
    await client.invite(room, agent)
    await client.wait_for_membership(room, agent, "join", timeout=TIMEOUT, fail_on=("leave", "ban"))
    return room


def test_a_running_troupe_takes_a_new_user_then_a_new_agent(live: Stack):
    original = copy.deepcopy(load_yaml(live.config_path))
    blocked_id = live.user_id("blocked")
    pid = live.troupe.proc.pid

    async def scenario():
        async with await live.login("blocked") as blocked, await live.login("admin") as admin:
            main_room = await admin.wait_for_invite(BOT, name="Troupe", timeout=TIMEOUT)
            await admin.join(main_room)
            # `blocked` is refused at first: the bot does not even join its DM, so ask in a room the bot is in.
            room = await admin.create_room(name="reload test")
            await admin.invite(room, blocked_id)
            await admin.invite(room, BOT)
            await blocked.wait_for_invite(live.user_id("admin"), name="reload test", timeout=TIMEOUT)
            await blocked.join(room)
            await admin.wait_for_membership(room, BOT, "join", timeout=TIMEOUT)
            refused = await answer(blocked, room, "@main hello before")
            assert "not allowed" in refused, refused

            # 1. A new permitted user, without a restart.
            offset = edit_config(live, lambda c: c["permissions"].__setitem__(blocked_id, "user"))
            wait_for_log(live, "config reloaded", offset)
            assert (await answer(blocked, room, "@main hello after")) == "echo: hello after"

            # 2. A new agent and a new owner: the agent's user and room appear, the owners are invited (alice into
            #    the rooms that already exist too), and it answers.
            alice_id = live.user_id("alice")
            assert await admin.membership(main_room, alice_id) not in ("join", "invite")

            def agent_and_owner(c):
                c["agents"][RELOADED] = {"provider": "claude", "displayname": RELOADED_NAME}
                c["owners"] = [live.user_id("admin"), alice_id]
            offset = edit_config(live, agent_and_owner)
            wait_for_log(live, "config reloaded", offset)
            agent_room = await admin.wait_for_invite(RELOADED_USER, name=RELOADED_NAME, timeout=TIMEOUT)
            await admin.join(agent_room)
            assert (await answer(admin, agent_room, "who are you", sender=RELOADED_USER)) == "echo: who are you"
            await admin.wait_for_membership(main_room, alice_id, "invite", timeout=TIMEOUT)
            await admin.wait_for_membership(agent_room, alice_id, "invite", timeout=TIMEOUT)

            # 3. A broken file: the running config stays, the log and the admins are told once.
            marker = await admin.send_text(main_room, "marker before the broken config")
            offset = edit_config(live, lambda c: c["encryption"].__setitem__("alow", True))
            wait_for_log(live, "the changed config file has problems", offset)
            notices = await admin.wait_for_events(
                main_room, lambda e: is_message_from(BOT)(e) and "encryption.alow" in body(e), "the admins' notice",
                after=marker, timeout=TIMEOUT)
            assert "did you mean allow?" in body(notices[0])
            assert (await answer(blocked, room, "@main still here")) == "echo: still here"

            # 4. A key that needs a restart is named, not applied; the live change beside it is applied.
            def restart_key(c):
                c["encryption"].pop("alow", None)
                c["appservice"]["max_body_bytes"] = 12345678
                c["agents"][RELOADED]["displayname"] = RELOADED_NAME + " II"
            marker = await admin.send_text(main_room, "marker before the restart key")
            offset = edit_config(live, restart_key)
            wait_for_log(live, "apply only after a restart: appservice.max_body_bytes", offset)
            await admin.wait_for_events(
                main_room, lambda e: is_message_from(BOT)(e) and "restart: appservice.max_body_bytes" in body(e),
                "the restart notice", after=marker, timeout=TIMEOUT)
            deadline = time.monotonic() + TIMEOUT
            while True:
                profile = await admin.nio.get_displayname(RELOADED_USER)
                if getattr(profile, "displayname", None) == RELOADED_NAME + " II":
                    break
                assert time.monotonic() < deadline, f"the agent's display name did not change: {profile}"
                await asyncio.sleep(0.5)

            # 5. SIGHUP reloads (here: nothing changed) and does not stop troupe.
            offset = len(log_text(live))
            live.troupe.proc.send_signal(signal.SIGHUP)
            wait_for_log(live, "config reload asked for; the file is unchanged", offset)
            assert live.troupe.alive() and live.troupe.proc.pid == pid

            # 6. Back to the original config: `blocked` is refused again and the added agent is gone.
            offset = edit_config(live, lambda c: (c.clear(), c.update(copy.deepcopy(original))))
            wait_for_log(live, "config reloaded", offset)
            assert "not allowed" in await answer(blocked, room, "@main hello at the end")
            assert live.troupe.proc.pid == pid, "troupe restarted during the test"

    try:
        run(scenario(), timeout=240)
    finally:
        dump_yaml(live.config_path, original)


def test_secrets_file_and_shared_notes_reach_the_agent(live: Stack):
    """`agents_env_file` added while running reaches the next turn's CLI (and a rotated file the one after), and
    SHARED.md lands in the agent's instructions."""
    from conftest import fake_runs

    original = copy.deepcopy(load_yaml(live.config_path))
    secrets = live.config_path.parent / "agents.env"
    secrets.write_text("RELOAD_SECRET_ONE=first\n")
    data = live.config_path.parent / "data"
    shared = data / "SHARED.md"
    shared.write_text("The people here call the staging server 'bramble'.\n")

    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm(alice, "secrets test")
            offset = edit_config(live, lambda c: c.__setitem__("agents_env_file", "agents.env"))
            wait_for_log(live, "config reloaded", offset)
            assert (await answer(alice, room, "first turn")) == "echo: first turn"
            run = next(r for r in reversed(fake_runs()) if r["prompt"] == "first turn")
            assert "RELOAD_SECRET_ONE" in run["envnames"], run["envnames"]

            secrets.write_text("RELOAD_SECRET_TWO='second'\n")
            assert (await answer(alice, room, "second turn")) == "echo: second turn"
            run = next(r for r in reversed(fake_runs()) if r["prompt"] == "second turn")
            assert "RELOAD_SECRET_TWO" in run["envnames"] and "RELOAD_SECRET_ONE" not in run["envnames"], run["envnames"]

            rules = (data / "agents" / "main" / "workspace" / "CLAUDE.md").read_text()
            assert "## Shared notes" in rules and "'bramble'" in rules, rules[-400:]

    try:
        run(scenario(), timeout=180)
    finally:
        restore(live, original)
        shared.unlink(missing_ok=True)
        secrets.unlink(missing_ok=True)


def test_footer_and_seen_switched_on_while_running(live: Stack):
    """`streaming.footer` and `streaming.seen` are read per turn: turned on by editing the config of a running troupe,
    the next answer carries the footer and the message is marked read at once; turned off, the footer is gone."""
    from nio.events import ReceiptEvent

    original = copy.deepcopy(load_yaml(live.config_path))

    async def receipts_for(client: Client, room: str, event: str, timeout: float = TIMEOUT) -> set[str]:
        """Who has sent a read receipt for ``event`` (from the ephemeral events of /sync)."""
        readers: set[str] = set()
        deadline = time.monotonic() + timeout
        while BOT not in readers and time.monotonic() < deadline:
            resp = await client.nio.sync(timeout=1000)
            joined = getattr(resp, "rooms", None)
            info = joined.join.get(room) if joined else None
            for ev in (info.ephemeral if info else []):
                if isinstance(ev, ReceiptEvent):
                    readers |= {r.user_id for r in ev.receipts if r.event_id == event}
        return readers

    def streaming(footer: bool, seen: bool):
        def change(c):
            c["streaming"] = {**(c.get("streaming") or {}), "footer": footer, "seen": seen}
        return change

    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm(alice, "footer test")
            offset = edit_config(live, streaming(True, True))
            wait_for_log(live, "config reloaded", offset)
            sent = await alice.send_text(room, "with footer")
            reply = (await alice.wait_for_events(room, is_message_from(BOT), "the answer", after=sent, timeout=TIMEOUT))[0]
            final = await alice.wait_for_final_text(room, reply, lambda t: "tokens" in t, "the footer", TIMEOUT)
            assert final.startswith("echo: with footer") and " tokens" in final and "s" in final.rsplit("·", 1)[-1], final
            assert BOT in await receipts_for(alice, room, sent), "the message handed to the agent was not marked read"

            offset = edit_config(live, streaming(False, False))
            wait_for_log(live, "config reloaded", offset)
            assert (await answer(alice, room, "without footer")) == "echo: without footer"

    try:
        run(scenario(), timeout=180)
    finally:
        restore(live, original)
