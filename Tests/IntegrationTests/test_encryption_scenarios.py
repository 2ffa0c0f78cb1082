"""More end-to-end encryption against a real Synapse, with matrix-nio (vodozemac) clients.

- A second device of the user, logged in after the room's key was shared, reads the agent's next message: Troupe
  learns of the device from `device_lists.changed` in a transaction and shares the current session with it.
- A member leaves: the agent's next message uses a new megolm session (the leaver's copy of the old one must not
  read it).
- An encrypted image reaches the agent decrypted (the fake CLI copies it into its workspace and sends it back with
  `<file:…>`), and the agent's file comes back encrypted (AES-CTR `file`, no `url`) and decrypts to the same bytes.

The SIGKILL-and-restart case is in test_encryption.py (`Troupe.restart` kills with SIGKILL).
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path
from urllib.parse import quote

from nio import AsyncClient
from nio.api import RoomPreset
from nio.crypto import attachments

import element_like
from conftest import BOT, IT_DIR, Stack, http_request
from matrix_client import run
from test_encryption import BOT_DEVICE, TIMEOUT, _log_since, _ok, _wait_answer, _wait_log

ENCRYPTION_STATE = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}


async def _e2e_client(stack: Stack, name: str, store: Path, device: str) -> AsyncClient:
    """A nio device cross-signed by its user (element_like.py), as the default verification levels require."""
    return await element_like.login(stack, name, store, device)


async def _wait_joined(client: AsyncClient, room_id: str, user: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while True:
        members = _ok(await client.joined_members(room_id), "joined_members")
        if user in {m.user_id for m in members.members}:
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"{user} did not join {room_id}")
        await asyncio.sleep(0.2)


async def _encrypted_room_with_bot(client: AsyncClient, name: str, invite: list[str] | None = None) -> str:
    resp = _ok(await client.room_create(name=name, invite=[BOT, *(invite or [])], is_direct=not invite,
                                        preset=RoomPreset.private_chat, initial_state=[ENCRYPTION_STATE]), "createRoom")
    await _wait_joined(client, resp.room_id, BOT)
    _ok(await client.sync(timeout=0), "sync")
    if client.should_query_keys:
        _ok(await client.keys_query(), "keys_query")
    assert BOT_DEVICE in client.device_store[BOT], "the bot's device is unknown to the client"
    return resp.room_id


async def _send(stack: Stack, client: AsyncClient, room_id: str, content: dict) -> str:
    """Sends as Element does: room keys only to devices whose cross-signing chain verifies (element_like.py)."""
    return await element_like.send(stack, client, room_id, content)


def _raw_bot_events(stack: Stack, client: AsyncClient, room_id: str) -> list[dict]:
    """The bot's events as the homeserver stores them (ciphertext), newest first."""
    res = http_request("GET", int(stack.hs_url.rsplit(":", 1)[1]),
                       f"/_matrix/client/v3/rooms/{quote(room_id)}/messages?dir=b&limit=100", None,
                       {"Authorization": f"Bearer {client.access_token}"})
    assert res.status == 200, str(res)
    return [e for e in res.json["chunk"] if e.get("sender") == BOT and e.get("type") in ("m.room.encrypted", "m.room.message")]


def test_second_device_reads_the_agents_next_message(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        log = live.troupe.log
        first = await _e2e_client(live, "alice", tmp_path / "first", "it-e2e-first-device")
        second: AsyncClient | None = None
        try:
            room_id = await _encrypted_room_with_bot(first, "E2EE two devices")
            await _send(live, first, room_id, {"msgtype": "m.text", "body": "before"})
            await _wait_answer(first, room_id, "echo: before")

            offset = log.stat().st_size
            second = await _e2e_client(live, "alice", tmp_path / "second", "it-e2e-second-device")
            await _wait_log(log, offset, ["device lists changed", live.user_id("alice")], "alice's new device")
            await _send(live, first, room_id, {"msgtype": "m.text", "body": "after"})
            answer = await _wait_answer(second, room_id, "echo: after")
            assert answer.decrypted, "the second device must have read the encrypted answer"
            assert "rotating" not in _log_since(log, offset), "a new device of a member is no reason to rotate"
        finally:
            await first.close()
            if second is not None:
                await second.close()

    run(scenario(), timeout=150)


def test_member_leaving_rotates_the_session(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        log = live.troupe.log
        alice = await _e2e_client(live, "alice", tmp_path / "alice", "it-e2e-rotation")
        other = await _e2e_client(live, "admin", tmp_path / "admin", "it-e2e-rotation-leaver")
        try:
            room_id = await _encrypted_room_with_bot(alice, "E2EE rotation", invite=[other.user_id])
            _ok(await other.join(room_id), "join")
            await _wait_joined(alice, room_id, other.user_id)
            mention = {"m.mentions": {"user_ids": [BOT]}}
            await _send(live, alice, room_id, {"msgtype": "m.text", "body": f"{BOT}: one", **mention})
            await _wait_answer(alice, room_id, "echo: one")
            before = _raw_bot_events(live, alice, room_id)[0]
            assert before["type"] == "m.room.encrypted", before

            offset = log.stat().st_size
            _ok(await other.room_leave(room_id), "leave")
            await _send(live, alice, room_id, {"msgtype": "m.text", "body": f"{BOT}: two", **mention})
            await _wait_answer(alice, room_id, "echo: two")
            after = _raw_bot_events(live, alice, room_id)[0]
            assert after["type"] == "m.room.encrypted", after
            assert after["content"]["session_id"] != before["content"]["session_id"], "the session must rotate"
            await _wait_log(log, offset, ["rotating the room's megolm session", room_id, "a member left"], "the rotation")
        finally:
            await alice.close()
            await other.close()

    run(scenario(), timeout=150)


def _png() -> bytes:
    from PIL import Image  # installed with matrix-synapse
    out = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


# A 1x1 transparent PNG, so the bytes are an image as a client would send one (and one libvips reads).
PNG = _png()


def test_encrypted_image_reaches_the_agent_and_its_file_comes_back_encrypted(live: Stack, tmp_path: Path) -> None:
    async def scenario() -> None:
        port = int(live.hs_url.rsplit(":", 1)[1])
        alice = await _e2e_client(live, "alice", tmp_path / "alice", "it-e2e-image")
        try:
            room_id = await _encrypted_room_with_bot(alice, "E2EE image")
            upload, keys = await alice.upload(io.BytesIO(PNG), content_type="image/png", filename="pixel.png",
                                              encrypt=True, filesize=len(PNG))
            uri = _ok(upload, "upload").content_uri
            await _send(live, alice, room_id, {
                "msgtype": "m.image", "body": "scenario:attachment_echo", "filename": "pixel.png",
                "info": {"mimetype": "image/png", "size": len(PNG), "w": 1, "h": 1},
                "file": {**keys, "url": uri, "mimetype": "image/png"},
            })

            # The agent got the decrypted file in its workspace, converted as every image is (image.format: webp) ...
            text = await _wait_answer(alice, room_id, "sent back")
            assert "no attachment found" not in text.body, text.body
            received = [p for p in IT_DIR.rglob("*-pixel.webp") if "attachments" in p.parts and "synapse" not in p.parts]
            assert received, "the attachment never reached the agent's workspace"
            agent_copy = received[-1].read_bytes()
            assert agent_copy[:4] == b"RIFF" and agent_copy[8:12] == b"WEBP", "the agent's copy is not the image as WebP"

            # ... and its file came back as an encrypted attachment that decrypts to the same bytes.
            deadline = time.monotonic() + TIMEOUT
            sent_back = None
            while sent_back is None:
                for event in _raw_bot_events(live, alice, room_id):
                    if event["type"] == "m.room.message":
                        raise AssertionError(f"plaintext from the bot in an encrypted room: {event}")
                _ok(await alice.sync(timeout=1000), "sync")
                resp = _ok(await alice.room_messages(room_id, start="", limit=50), "messages")
                for event in resp.chunk:
                    content = event.source.get("content", {})
                    if event.sender == BOT and content.get("msgtype") in ("m.image", "m.file") \
                            and content.get("filename", "").startswith("echoed-"):
                        sent_back = content
                        break
                if sent_back is None and time.monotonic() >= deadline:
                    raise AssertionError("the agent's file never came back")
            assert "url" not in sent_back, f"an encrypted room's attachment must be named by `file`: {sent_back}"
            file = sent_back["file"]
            server, media_id = file["url"][len("mxc://"):].split("/", 1)
            res = http_request("GET", port, f"/_matrix/client/v1/media/download/{server}/{media_id}", None,
                               {"Authorization": f"Bearer {alice.access_token}"})
            assert res.status == 200, str(res)
            assert res.body != PNG, "the uploaded file must be ciphertext"
            plain = attachments.decrypt_attachment(res.body, file["key"]["k"], file["hashes"]["sha256"], file["iv"])
            assert plain == agent_copy
        finally:
            await alice.close()

    run(scenario(), timeout=150)


def test_require_refuses_unencrypted_rooms(live: Stack) -> None:
    """With `encryption.require: true` an invite to an unencrypted room is rejected and a plaintext message in an
    unencrypted room the agent already shares gets a refusal instead of an answer. The config is restored after."""
    from conftest import dump_yaml, load_yaml
    from test_bridge import dm_with

    original = live.config_path.read_text()

    async def scenario() -> None:
        async with await live.login("alice") as alice:
            old_dm = await dm_with(alice, "it-require-old-dm")  # unencrypted, joined while require was off

            cfg = load_yaml(live.config_path)
            cfg["encryption"] = {**cfg["encryption"], "require": True}
            dump_yaml(live.config_path, cfg)
            live.troupe.restart()

            refused_room = await alice.create_room(name="it-require-plain", invite=[BOT], is_direct=True)
            await alice.wait_for_membership(refused_room, BOT, "leave", fail_on=["join"])
            state = await alice.nio.room_get_state_event(refused_room, "m.room.member", BOT)
            assert "encryption.require" in state.content.get("reason", ""), state.content

            sent = await alice.send_text(old_dm, "hello in plaintext")
            replies = await alice.wait_for_message(old_dm, BOT, after=sent)
            assert "only talks in end-to-end encrypted rooms" in replies[0]["content"]["body"], replies[0]
            await asyncio.sleep(2)
            bodies = [e["content"].get("body", "") for e in await alice.messages(old_dm, BOT, after=sent)]
            assert not any(b.startswith("echo:") for b in bodies), f"the agent answered in an unencrypted room: {bodies}"

    try:
        run(scenario(), timeout=150)
    finally:
        live.config_path.write_text(original)
        live.troupe.restart()


def _send_plaintext(stack: Stack, client: AsyncClient, room_id: str, body: str) -> str:
    """Sends an unencrypted message into the (encrypted) room, as a misbehaving client or server could."""
    port = int(stack.hs_url.rsplit(":", 1)[1])
    txn = f"it-plain-{time.monotonic_ns()}"
    res = http_request("PUT", port, f"/_matrix/client/v3/rooms/{quote(room_id)}/send/m.room.message/{txn}",
                       json.dumps({"msgtype": "m.text", "body": body}).encode(),
                       {"Authorization": f"Bearer {client.access_token}"})
    assert res.status == 200, str(res)
    return res.json["event_id"]


def test_plaintext_in_an_encrypted_room_is_dropped(live: Stack, tmp_path: Path) -> None:
    """A plaintext message in an encrypted room is not acted on (anyone able to inject events could have sent it);
    with `encryption.require: true` the sender is told, in an encrypted notice. The config is restored after."""
    from conftest import dump_yaml, load_yaml

    original = live.config_path.read_text()

    async def scenario() -> None:
        log = live.troupe.log
        alice = await _e2e_client(live, "alice", tmp_path / "alice", "it-e2e-plaintext")
        try:
            room_id = await _encrypted_room_with_bot(alice, "E2EE plaintext")
            offset = log.stat().st_size
            plain = _send_plaintext(live, alice, room_id, "plain secret")
            await _wait_log(log, offset, ["plaintext event in an encrypted room dropped", plain], "the dropped plaintext")
            # The next encrypted message is answered; the plaintext one never was.
            await _send(live, alice, room_id, {"msgtype": "m.text", "body": "encrypted one"})
            await _wait_answer(alice, room_id, "echo: encrypted one")
            bodies = [e["content"].get("body", "") for e in _raw_bot_events(live, alice, room_id)
                      if e["type"] == "m.room.message"]
            assert not bodies, f"the bot sent plaintext into an encrypted room: {bodies}"
            resp = _ok(await alice.room_messages(room_id, start="", limit=50), "messages")
            answered = [e.body for e in resp.chunk if e.sender == BOT and hasattr(e, "body")]
            assert not any("plain secret" in b for b in answered), answered

            cfg = load_yaml(live.config_path)
            cfg["encryption"] = {**cfg["encryption"], "require": True}
            dump_yaml(live.config_path, cfg)
            live.troupe.restart()
            _send_plaintext(live, alice, room_id, "plain again")
            notice = await _wait_answer(alice, room_id, "Your message was not encrypted")
            assert notice.decrypted, "the notice must be encrypted like everything in the room"
        finally:
            await alice.close()

    try:
        run(scenario(), timeout=180)
    finally:
        live.config_path.write_text(original)
        live.troupe.restart()
