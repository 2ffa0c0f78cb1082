"""End-to-end encryption against a real Synapse, with matrix-nio (vodozemac) as the user's client.

Troupe gives every agent user its own olm device at start (`encryption.allow: true`, set in conftest.py). Alice
creates an encrypted room, invites the bot and sends "hello" encrypted: nio claims one of the bot device's one-time
keys, sends it the megolm room key over olm (to-device, through the appservice transaction) and then the megolm
message. Troupe must decrypt it, run the agent (the fake CLI answers `echo: hello`) and send the answer encrypted:
keys/query and keys/claim for alice's device, an olm session, the bot's room key over to-device, then megolm. nio
decrypts the answer; nothing the bot sent into the room is plaintext.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from urllib.parse import quote

from nio import AsyncClient, RoomMessageNotice, RoomMessageText
from nio import responses as r
from nio.api import RoomPreset

from conftest import BOT, Stack, http_request
from matrix_client import run

BOT_DEVICE = "TROUPE_MAIN"  # the main agent is the bot user; its device id is TROUPE_<agent name>
TIMEOUT = 30.0


def _ok(resp, what: str):
    if isinstance(resp, r.ErrorResponse):
        raise AssertionError(f"{what} failed: {getattr(resp, 'status_code', None)} {resp.message}")
    return resp


def _log_since(log: Path, offset: int) -> str:
    with log.open("rb") as f:
        f.seek(offset)
        return f.read().decode(errors="replace")


async def _wait_log(log: Path, offset: int, needles: list[str], what: str, timeout: float = TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = _log_since(log, offset)
        for line in text.splitlines():
            if all(n in line for n in needles):
                return line
        if time.monotonic() >= deadline:
            raise AssertionError(f"troupe never logged {what} ({needles}) within {timeout:g} s")
        await asyncio.sleep(0.2)


async def _wait_answer(client: AsyncClient, room_id: str, text: str) -> RoomMessageText | RoomMessageNotice:
    """Syncs until a message from the bot containing ``text`` arrives (nio decrypts it if it can)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        sync = _ok(await client.sync(timeout=1000), "sync")
        joined = sync.rooms.join.get(room_id)
        for ev in (joined.timeline.events if joined else []):
            if ev.sender == BOT and isinstance(ev, (RoomMessageText, RoomMessageNotice)) and text in ev.body:
                return ev
        if time.monotonic() >= deadline:
            raise AssertionError(f"no decryptable answer {text!r} from the bot")


async def _encrypted_hello(stack: Stack, store: Path) -> None:
    log = stack.troupe.log
    offset = log.stat().st_size
    # Alice's device is cross-signed by her (element_like.py): the default verification levels give keys only to
    # such devices and answer only them.
    import element_like
    client = await element_like.login(stack, "alice", store, "troupe-it-e2e")
    try:

        resp = _ok(await client.room_create(
            name="E2EE", invite=[BOT], is_direct=True, preset=RoomPreset.private_chat,
            initial_state=[{"type": "m.room.encryption", "state_key": "",
                            "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]), "createRoom")
        room_id = resp.room_id

        deadline = time.monotonic() + TIMEOUT
        while True:
            members = _ok(await client.joined_members(room_id), "joined_members")
            if BOT in {m.user_id for m in members.members}:
                break
            if time.monotonic() >= deadline:
                raise AssertionError(f"the bot did not join the encrypted room {room_id}")
            await asyncio.sleep(0.2)
        _ok(await client.sync(timeout=0), "sync")
        assert client.rooms[room_id].encrypted
        if client.should_query_keys:
            _ok(await client.keys_query(), "keys_query")
        devices = client.device_store[BOT]
        assert BOT_DEVICE in devices, f"the bot has no device {BOT_DEVICE}: {list(devices)}"

        event_id = await element_like.send(stack, client, room_id, {"msgtype": "m.text", "body": "hello"})

        # Troupe took the olm-wrapped room key and decrypted the megolm message ...
        await _wait_log(log, offset, ["room key stored", room_id], "storing the room key")
        await _wait_log(log, offset, ["decrypted event", event_id, "m.room.message"], "the decrypted event")

        # ... and the agent's answer comes back encrypted: nio gets the bot's room key over olm and reads it.
        answer = await _wait_answer(client, room_id, "echo: hello")
        assert answer.decrypted, "the answer must have been encrypted"

        # After a restart the agent's device, its olm sessions and both megolm sessions come back from the store.
        restart_offset = log.stat().st_size
        stack.troupe.restart()
        again = await element_like.send(stack, client, room_id, {"msgtype": "m.text", "body": "again"})
        await _wait_log(log, restart_offset, ["decrypted event", again], "the decrypted event after a restart")
        answer = await _wait_answer(client, room_id, "echo: again")
        assert answer.decrypted
        after_restart = _log_since(log, restart_offset)
        assert "olm account loaded" in after_restart
        assert "olm device created" not in after_restart, "a restart must not create a new device"

        # A message whose key never comes: Troupe waits, asks alice's device for the key, then tells her (encrypted).
        missing_offset = log.stat().st_size
        bogus = {"algorithm": "m.megolm.v1.aes-sha2", "sender_key": client.olm.account.identity_keys["curve25519"],
                 "session_id": "troupeItSessionThatNeverArrives", "ciphertext": "AwgAEhAbogus", "device_id": client.device_id}
        res = http_request("PUT", int(stack.hs_url.rsplit(":", 1)[1]),
                           f"/_matrix/client/v3/rooms/{quote(room_id)}/send/m.room.encrypted/it-missing-key",
                           json.dumps(bogus).encode(), {"Authorization": f"Bearer {client.access_token}"})
        assert res.status == 200, str(res)
        await _wait_log(log, missing_offset, ["room key requested", "troupeItSessionThatNeverArrives"], "the key request")
        await _wait_answer(client, room_id, "could not read your message")

        # Nothing the bot sent into the room is plaintext.
        resp = _ok(await client.room_messages(room_id, start="", limit=100), "messages")
        plain = [e.source for e in resp.chunk if e.source.get("sender") == BOT and e.source.get("type") == "m.room.message"
                 and not getattr(e, "decrypted", False)]
        assert plain == [], f"plaintext from the bot in an encrypted room: {plain}"
        assert "could not decrypt" not in _log_since(log, offset)
    finally:
        await client.close()


def test_agent_device_has_published_keys(live: Stack) -> None:
    """The bot's device has signed device keys for olm and megolm, and a one-time key to claim."""
    async def token() -> str:
        from matrix_client import Client
        async with await Client.login(live.hs_url, live.user_id("alice"), live.password("alice")) as c:
            return c.nio.access_token

    # Logging out is not needed: the token is only used for these two calls.
    auth = {"Authorization": f"Bearer {run(token())}"}
    port = int(live.hs_url.rsplit(":", 1)[1])
    res = http_request("POST", port, "/_matrix/client/v3/keys/query",
                       json.dumps({"device_keys": {BOT: []}}).encode(), auth)
    assert res.status == 200, str(res)
    keys = res.json["device_keys"][BOT][BOT_DEVICE]
    assert set(keys["algorithms"]) == {"m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"}
    assert f"ed25519:{BOT_DEVICE}" in keys["signatures"][BOT]
    res = http_request("POST", port, "/_matrix/client/v3/keys/claim",
                       json.dumps({"one_time_keys": {BOT: {BOT_DEVICE: "signed_curve25519"}}}).encode(), auth)
    assert res.status == 200, str(res)
    claimed = res.json["one_time_keys"][BOT][BOT_DEVICE]
    assert len(claimed) == 1 and next(iter(claimed)).startswith("signed_curve25519:")


def test_encrypted_message_is_decrypted_and_answered_encrypted(live: Stack, tmp_path: Path) -> None:
    store = tmp_path / "nio-store"
    store.mkdir()
    run(_encrypted_hello(live, store), timeout=120)


def test_crypto_command_shows_agent_devices_to_admins_only(live: Stack) -> None:
    from test_bridge import command, dm_with

    async def scenario() -> None:
        async with await live.login("admin") as admin:
            room = await dm_with(admin, "it-crypto-command")
            reply = await command(admin, room, "!crypto")
            text = reply["content"]["body"]
            assert f"{BOT} device {BOT_DEVICE} (ready)" in text, text
            assert "curve25519 " in text and "ed25519 " in text, text
            assert "cross-signed, master key " in text, text
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-crypto-command-user")
            reply = await command(alice, room, "!crypto")
            assert "needs the admin permission level" in reply["content"]["body"], reply["content"]["body"]

    run(scenario(), timeout=90)
