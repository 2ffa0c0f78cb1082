"""Encryption as today's Element does it ("exclude insecure devices", MSC4153), against a real Synapse.

The clients come from element_like.py: each test user has a cross-signing identity, trusts exactly the devices whose
master → self-signing → device chain verifies, blacklists the rest, and sends with ignore_unverified_devices=False.
Troupe runs with the default verification levels (cross-signed-tofu for receive, send and share).
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from nio import AsyncClient, EncryptionError, MegolmEvent, RoomMessageNotice, RoomMessageText, UnknownToDeviceEvent
from nio.api import RoomPreset

import element_like as el
from conftest import BOT, DOMAIN, Stack
from matrix_client import run
from test_encryption import BOT_DEVICE, TIMEOUT, _log_since, _ok, _wait_log

ENCRYPTION_STATE = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}


async def _element_dm(stack: Stack, client: AsyncClient, name: str) -> str:
    """A DM as Element makes it: encrypted from its creation, is_direct, the bot invited."""
    resp = _ok(await client.room_create(name=name, invite=[BOT], is_direct=True, preset=RoomPreset.trusted_private_chat,
                                        initial_state=[ENCRYPTION_STATE]), "createRoom")
    deadline = time.monotonic() + TIMEOUT
    while BOT not in await el.members(client, resp.room_id):
        if time.monotonic() >= deadline:
            raise AssertionError(f"the bot did not join {resp.room_id}")
        await asyncio.sleep(0.2)
    _ok(await client.sync(timeout=0), "sync")
    return resp.room_id


async def _wait_bot_event(client: AsyncClient, room_id: str, predicate, what: str, timeout: float = TIMEOUT):
    """Syncs until an event from the bot in ``room_id`` matches; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        sync = _ok(await client.sync(timeout=1000), "sync")
        joined = sync.rooms.join.get(room_id)
        for ev in (joined.timeline.events if joined else []):
            if ev.sender == BOT and predicate(ev):
                return ev
        if time.monotonic() >= deadline:
            raise AssertionError(f"never saw {what} from the bot")


def _text(needle: str):
    return lambda ev: isinstance(ev, (RoomMessageText, RoomMessageNotice)) and needle in ev.body


def test_a_dm_encrypted_from_creation_gets_a_decrypted_answer_from_a_verified_device(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        alice = await el.login(live, "alice", tmp_path / "alice", "it-element-dm")
        try:
            room_id = await _element_dm(live, alice, "Element DM")
            trusted = await el.trust_by_chain(live, alice, [BOT])
            assert trusted[BOT].get(BOT_DEVICE) is True, f"the bot's device chain does not verify: {trusted}"
            await el.send(live, alice, room_id, {"msgtype": "m.text", "body": "hello element"})
            answer = await _wait_bot_event(alice, room_id, _text("echo: hello element"), "the decrypted answer")
            assert answer.decrypted
            assert el.sender_device_trusted(live, alice, answer), "Element would hide an answer from an insecure device"
        finally:
            await alice.close()

    run(scenario(), timeout=150)


def test_an_agent_added_later_is_cross_signed(live: Stack) -> None:
    from test_bridge import command, dm_with

    async def scenario() -> None:
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-element-add")
            reply = await command(admin, room, "!agents add signedlater")
            assert "signedlater" in reply["content"]["body"], reply["content"]["body"]
            user = f"@troupe_signedlater:{DOMAIN}"
            answer = el.keys_query(live, admin.nio, [user])
            assert el.chain_verifies(answer, user, "TROUPE_SIGNEDLATER"), json.dumps(answer)[:2000]

    run(scenario(), timeout=120)


def test_the_identity_survives_sigkill_and_restart(live: Stack) -> None:
    async def scenario() -> None:
        async with await live.login("admin") as admin:
            before = el.keys_query(live, admin.nio, [BOT])
            assert el.chain_verifies(before, BOT, BOT_DEVICE)
            offset = live.troupe.log.stat().st_size
            live.troupe.restart()  # SIGKILL, then start
            after = el.keys_query(live, admin.nio, [BOT])
            assert after["master_keys"][BOT] == before["master_keys"][BOT], "a restart must not make a new identity"
            assert el.chain_verifies(after, BOT, BOT_DEVICE)
            log = _log_since(live.troupe.log, offset)
            assert "cross-signing keys published" not in log and "cross-signing identity missing" not in log

    run(scenario(), timeout=120)


def test_an_unsigned_device_cannot_read_the_answer_and_its_messages_get_a_notice(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        log = live.troupe.log
        signed = await el.login(live, "alice", tmp_path / "signed", "it-element-signed")
        unsigned: AsyncClient | None = None
        try:
            room_id = await _element_dm(live, signed, "Element insecure device")
            await el.send(live, signed, room_id, {"msgtype": "m.text", "body": "first"})
            await _wait_bot_event(signed, room_id, _text("echo: first"), "the first answer")

            offset = log.stat().st_size
            unsigned = await el.login(live, "alice", tmp_path / "unsigned", "it-element-unsigned", cross_sign=False)
            await _wait_log(log, offset, ["device lists changed", live.user_id("alice")], "alice's new device")
            await el.send(live, signed, room_id, {"msgtype": "m.text", "body": "second"})
            await _wait_bot_event(signed, room_id, _text("echo: second"), "the second answer on the signed device")

            # The unsigned device got a withheld notice instead of the key, and cannot read the answer.
            withheld = None
            unreadable = None
            deadline = time.monotonic() + TIMEOUT
            while withheld is None or unreadable is None:
                sync = _ok(await unsigned.sync(timeout=1000), "sync")
                for ev in sync.to_device_events:
                    if isinstance(ev, UnknownToDeviceEvent) and ev.source.get("type") == "m.room_key.withheld" \
                            and ev.source.get("sender") == BOT:
                        withheld = ev.source["content"]
                joined = sync.rooms.join.get(room_id)
                for ev in (joined.timeline.events if joined else []):
                    if ev.sender == BOT:
                        assert not _text("echo: second")(ev), "an unsigned device must not read the agent's answer"
                        if isinstance(ev, MegolmEvent):
                            unreadable = ev
                if time.monotonic() >= deadline:
                    raise AssertionError(f"withheld={withheld} unreadable={unreadable}")
            assert withheld["code"] == "m.unverified" and withheld["room_id"] == room_id, withheld

            # A message from the unsigned device is not answered: a notice names the device and the fix.
            await el.trust_by_chain(live, unsigned, [BOT, unsigned.user_id])
            sent = await el.send(live, unsigned, room_id, {"msgtype": "m.text", "body": "from the insecure device"})
            notice = await _wait_bot_event(signed, room_id, _text(unsigned.device_id), "the insecure-device notice")
            assert isinstance(notice, RoomMessageNotice) and "Verify this session" in notice.body, notice.body
            await _wait_log(log, offset, ["message from a device below the send level ignored", sent], "the refusal")
            await asyncio.sleep(2)
            assert "echo: from the insecure device" not in _log_since(log, offset)
        finally:
            await signed.close()
            if unsigned is not None:
                await unsigned.close()

    run(scenario(), timeout=180)


def test_a_new_signed_device_requests_an_earlier_key_and_gets_it(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        log = live.troupe.log
        first = await el.login(live, "alice", tmp_path / "first", "it-element-keyreq-first")
        later: AsyncClient | None = None
        try:
            room_id = await _element_dm(live, first, "Element key request")
            await el.send(live, first, room_id, {"msgtype": "m.text", "body": "before the new device"})
            answer = await _wait_bot_event(first, room_id, _text("echo: before the new device"), "the answer")

            offset = log.stat().st_size
            later = await el.login(live, "alice", tmp_path / "later", "it-element-keyreq-later")
            el.accept_forwards_from_session_owner(later)
            await el.trust_by_chain(live, later, [BOT])
            await _wait_log(log, offset, ["device lists changed", live.user_id("alice")], "alice's new device")
            history = _ok(await later.room_messages(room_id, start="", limit=50), "messages")
            old = [e for e in history.chunk if isinstance(e, MegolmEvent) and e.event_id == answer.event_id]
            assert old, "the new device should hold the earlier answer undecrypted"
            # nio asks only its own devices; ask the agent's device too, as Element does.
            _ok(await later.request_room_key(old[0]), "request_room_key")
            _ok(await later.to_device(old[0].as_key_request(BOT, later.device_id, device_id=BOT_DEVICE)), "key request")
            await _wait_log(log, offset, ["room key forwarded on request", room_id], "the forwarded key")
            deadline = time.monotonic() + TIMEOUT
            while True:
                _ok(await later.sync(timeout=1000), "sync")
                try:
                    decrypted = later.decrypt_event(old[0])
                except EncryptionError:  # the key has not arrived yet
                    decrypted = None
                if decrypted is not None and "echo: before the new device" in getattr(decrypted, "body", ""):
                    break
                if time.monotonic() >= deadline:
                    raise AssertionError("the forwarded key never let the new device read the earlier answer")
        finally:
            await first.close()
            if later is not None:
                await later.close()

    run(scenario(), timeout=180)


def test_a_changed_master_key_is_flagged(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        log = live.troupe.log
        carol = await el.login(live, "carol", tmp_path / "carol", "it-element-reset")
        try:
            room_id = await _element_dm(live, carol, "Element identity reset")
            await el.send(live, carol, room_id, {"msgtype": "m.text", "body": "before the reset"})
            await _wait_bot_event(carol, room_id, _text("echo: before the reset"), "the answer before the reset")

            assert el.FIRST_UPLOAD_ASKED[carol.user_id] == {"uia": False}, "a first upload needs no interactive auth"
            offset = log.stat().st_size
            _, asked = el.reset_identity(live, carol, "carol")
            assert asked["uia"], "Synapse asks a user's password to replace cross-signing keys"
            await _wait_log(log, offset, ["device lists changed", live.user_id("carol")], "carol's new identity")
            sent = await el.send(live, carol, room_id, {"msgtype": "m.text", "body": "after the reset"})
            notice = await _wait_bot_event(carol, room_id, _text("cross-signing identity changed"), "the changed-identity notice")
            assert f"!crypto trust {live.user_id('carol')}" in notice.body, notice.body
            await _wait_log(log, offset, ["master key changed", live.user_id("carol")], "the changed master key")
            await _wait_log(log, offset, ["message from a device below the send level ignored", sent], "the refusal")
            assert "echo: after the reset" not in _log_since(log, offset)
        finally:
            await carol.close()

    run(scenario(), timeout=150)


def test_with_encryption_off_an_encrypted_room_gets_one_plaintext_notice(live: Stack) -> None:
    """`encryption.allow: false`: someone writing to an agent in an encrypted room gets one plaintext notice per room
    (not silence), and the log names the key. The config is restored after."""
    from conftest import dump_yaml, load_yaml

    original = live.config_path.read_text()

    async def scenario() -> None:
        cfg = load_yaml(live.config_path)
        cfg["encryption"] = {**cfg["encryption"], "allow": False}
        dump_yaml(live.config_path, cfg)
        offset = live.troupe.log.stat().st_size
        live.troupe.restart()
        async with await live.login("alice") as alice:
            resp = await alice.nio.room_create(name="it-encryption-off", invite=[BOT], is_direct=True,
                                               preset=RoomPreset.private_chat, initial_state=[ENCRYPTION_STATE])
            room = resp.room_id
            await alice.wait_for_membership(room, BOT, "join", timeout=TIMEOUT, fail_on=("leave", "ban"))
            bogus = {"algorithm": "m.megolm.v1.aes-sha2", "sender_key": "k", "session_id": "s", "ciphertext": "c",
                     "device_id": "D"}
            first = await alice.send(room, bogus, event_type="m.room.encrypted")
            notices = await alice.wait_for_message(room, BOT, after=first, timeout=TIMEOUT)
            assert "encryption turned off" in notices[0]["content"]["body"], notices[0]
            assert notices[0]["content"]["msgtype"] == "m.notice"
            await _wait_log(live.troupe.log, offset, ["encryption is off", "encryption.allow: true", first], "the log line")
            second = await alice.send(room, bogus, event_type="m.room.encrypted")
            await _wait_log(live.troupe.log, offset, ["encryption is off", second], "the second log line")
            await asyncio.sleep(2)
            assert await alice.count_messages(room, BOT, after=first) == 1, "one notice per room, not one per message"

    try:
        run(scenario(), timeout=150)
    finally:
        live.config_path.write_text(original)
        live.troupe.restart()
