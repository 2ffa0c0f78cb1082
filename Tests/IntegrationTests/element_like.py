"""A matrix-nio client that behaves like Element with "exclude insecure devices" (MSC4153).

matrix-nio has no cross-signing, so this helper gives each test user an identity of its own (master,
self-signing and user-signing Ed25519 keys made with PyNaCl), uploads it (`keys/device_signing/upload`, with the
user's password when the homeserver asks for interactive auth) and signs the user's device with it
(`keys/signatures/upload`). Trust is decided here, independent of Troupe's code: a device is trusted exactly when
the chain master key → self-signing key → device verifies (Ed25519 over canonical JSON); every other device is
blacklisted, so nio shares no room key with it, and `send` uses `ignore_unverified_devices=False`.

A user keeps one identity for the whole test session (Troupe pins the first master key it sees); `reset_identity`
makes a new one, as a user who resets their cross-signing in Element does.
"""

from __future__ import annotations

import base64
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.signing
from nio import AsyncClient, AsyncClientConfig, MegolmEvent
from nio import responses as r

from conftest import Stack, http_request


def _ok(resp, what: str):
    if isinstance(resp, r.ErrorResponse):
        raise AssertionError(f"{what} failed: {getattr(resp, 'status_code', None)} {resp.message}")
    return resp


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def canonical(obj: Any) -> bytes:
    """Canonical JSON as the spec has it (our objects hold only strings, lists and objects)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed_bytes(obj: dict) -> bytes:
    return canonical({k: v for k, v in obj.items() if k not in ("signatures", "unsigned")})


def sign(obj: dict, user: str, key: nacl.signing.SigningKey) -> dict:
    out = dict(obj)
    sigs = {u: dict(s) for u, s in out.get("signatures", {}).items()}
    sigs.setdefault(user, {})[f"ed25519:{b64(bytes(key.verify_key))}"] = b64(key.sign(signed_bytes(obj)).signature)
    out["signatures"] = sigs
    return out


def verifies(obj: dict | None, user: str, public_key: str) -> bool:
    """Whether ``obj`` carries a valid signature by ``user``'s Ed25519 key ``public_key``."""
    if not obj:
        return False
    sig = obj.get("signatures", {}).get(user, {}).get(f"ed25519:{public_key}")
    if not sig:
        return False
    try:
        nacl.signing.VerifyKey(unb64(public_key)).verify(signed_bytes(obj), unb64(sig))
        return True
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False


def cross_signing_key(obj: dict | None, user: str, usage: str) -> str | None:
    """The single Ed25519 key of a cross-signing key object, if it is ``user``'s and for ``usage``."""
    if not obj or obj.get("user_id") != user or usage not in obj.get("usage", []):
        return None
    keys = obj.get("keys", {})
    if len(keys) != 1:
        return None
    (key_id, key), = keys.items()
    return key if key_id == f"ed25519:{key}" else None


def chain_verifies(answer: dict, user: str, device_id: str) -> bool:
    """master key → self-signing key → device, from one /keys/query answer."""
    master = cross_signing_key(answer.get("master_keys", {}).get(user), user, "master")
    if master is None:
        return False
    ssk_obj = answer.get("self_signing_keys", {}).get(user)
    ssk = cross_signing_key(ssk_obj, user, "self_signing")
    if ssk is None or not verifies(ssk_obj, user, master):
        return False
    device = answer.get("device_keys", {}).get(user, {}).get(device_id)
    return device is not None and device.get("user_id") == user and verifies(device, user, ssk)


@dataclass
class Identity:
    user: str
    master: nacl.signing.SigningKey = field(default_factory=nacl.signing.SigningKey.generate)
    self_signing: nacl.signing.SigningKey = field(default_factory=nacl.signing.SigningKey.generate)
    user_signing: nacl.signing.SigningKey = field(default_factory=nacl.signing.SigningKey.generate)

    @property
    def master_public(self) -> str:
        return b64(bytes(self.master.verify_key))

    def upload_body(self) -> dict:
        def obj(usage: str, key: nacl.signing.SigningKey) -> dict:
            pub = b64(bytes(key.verify_key))
            return {"user_id": self.user, "usage": [usage], "keys": {f"ed25519:{pub}": pub}}
        return {"master_key": obj("master", self.master),
                "self_signing_key": sign(obj("self_signing", self.self_signing), self.user, self.master),
                "user_signing_key": sign(obj("user_signing", self.user_signing), self.user, self.master)}


# One identity per user for the test session, and whether its first upload needed interactive auth.
IDENTITIES: dict[str, Identity] = {}
FIRST_UPLOAD_ASKED: dict[str, dict] = {}


def _port(stack: Stack) -> int:
    return int(stack.hs_url.rsplit(":", 1)[1])


def keys_query(stack: Stack, client: AsyncClient, users: list[str]) -> dict:
    res = http_request("POST", _port(stack), "/_matrix/client/v3/keys/query",
                       json.dumps({"device_keys": {u: [] for u in users}}).encode(),
                       {"Authorization": f"Bearer {client.access_token}"})
    assert res.status == 200, str(res)
    return res.json


def upload_identity(stack: Stack, client: AsyncClient, password: str, identity: Identity) -> dict:
    """Uploads ``identity``; with the user's password when the homeserver asks for interactive auth (a reset).
    Returns what the homeserver asked for (``{"uia": bool}``) so tests can report it."""
    auth = {"Authorization": f"Bearer {client.access_token}"}
    body = identity.upload_body()
    res = http_request("POST", _port(stack), "/_matrix/client/v3/keys/device_signing/upload", json.dumps(body).encode(), auth)
    if res.status == 401:
        session = res.json.get("session")
        body["auth"] = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": identity.user},
                        "password": password, "session": session}
        res = http_request("POST", _port(stack), "/_matrix/client/v3/keys/device_signing/upload",
                           json.dumps(body).encode(), auth)
        assert res.status == 200, f"device_signing/upload with password auth: {res}"
        return {"uia": True}
    assert res.status == 200, f"device_signing/upload: {res}"
    return {"uia": False}


def sign_own_device(stack: Stack, client: AsyncClient, identity: Identity, device_id: str | None = None) -> None:
    device_id = device_id or client.device_id
    device = keys_query(stack, client, [identity.user])["device_keys"][identity.user][device_id]
    signed = sign(device, identity.user, identity.self_signing)
    res = http_request("POST", _port(stack), "/_matrix/client/v3/keys/signatures/upload",
                       json.dumps({identity.user: {device_id: signed}}).encode(),
                       {"Authorization": f"Bearer {client.access_token}"})
    assert res.status == 200 and not res.json.get("failures"), f"signatures/upload: {res}"


async def login(stack: Stack, name: str, store: Path, device: str, cross_sign: bool = True) -> AsyncClient:
    """Logs ``name`` in with a fresh nio device; unless ``cross_sign`` is false the device is signed by the user's
    identity (made and uploaded on first use)."""
    store.mkdir(parents=True, exist_ok=True)
    cfg = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True, request_timeout=30)
    client = AsyncClient(stack.hs_url, stack.user_id(name), store_path=str(store), config=cfg)
    _ok(await client.login(stack.password(name), device_name=device), f"login {name}")
    if client.should_upload_keys:
        _ok(await client.keys_upload(), "keys_upload")
    if cross_sign:
        user = stack.user_id(name)
        if user not in IDENTITIES:
            IDENTITIES[user] = Identity(user)
            FIRST_UPLOAD_ASKED[user] = upload_identity(stack, client, stack.password(name), IDENTITIES[user])
        sign_own_device(stack, client, IDENTITIES[user])
    _ok(await client.sync(timeout=0, full_state=True), "sync")
    return client


def reset_identity(stack: Stack, client: AsyncClient, name: str) -> tuple[Identity, dict]:
    """A new identity for the user, uploaded over the old one, and this device signed by it."""
    user = stack.user_id(name)
    IDENTITIES[user] = Identity(user)
    asked = upload_identity(stack, client, stack.password(name), IDENTITIES[user])
    sign_own_device(stack, client, IDENTITIES[user])
    return IDENTITIES[user], asked


async def trust_by_chain(stack: Stack, client: AsyncClient, users: list[str]) -> dict[str, dict[str, bool]]:
    """Verifies exactly the devices whose chain verifies and blacklists the rest (the client's own device aside).
    Returns user → device → trusted."""
    _ok(await client.sync(timeout=0), "sync")
    if client.should_query_keys:
        _ok(await client.keys_query(), "keys_query")
    answer = keys_query(stack, client, users)
    result: dict[str, dict[str, bool]] = {}
    for user in users:
        for device in list(client.device_store.active_user_devices(user)):
            if user == client.user_id and device.id == client.device_id:
                continue
            trusted = chain_verifies(answer, user, device.id)
            result.setdefault(user, {})[device.id] = trusted
            if trusted:
                client.verify_device(device)
            else:
                client.blacklist_device(device)
    return result


async def members(client: AsyncClient, room_id: str) -> list[str]:
    resp = _ok(await client.joined_members(room_id), "joined_members")
    return [m.user_id for m in resp.members]


async def send(stack: Stack, client: AsyncClient, room_id: str, content: dict) -> str:
    """Sends like Element: keys go to chain-verified devices only; any other device is blacklisted first."""
    if client.should_query_keys:
        _ok(await client.keys_query(), "keys_query")
    users = await members(client, room_id)
    await trust_by_chain(stack, client, users)
    return _ok(await client.room_send(room_id, "m.room.message", content, ignore_unverified_devices=False),
               "room_send").event_id


def sender_device_trusted(stack: Stack, client: AsyncClient, event: Any) -> bool:
    """What Element decides before showing a decrypted message: does the sending device's chain verify?"""
    # nio keeps the megolm sender key on the decrypted event; the encrypted content also names the device.
    content = event.source.get("content", {})
    device_id = content.get("device_id")
    sender_key = getattr(event, "sender_key", None) or content.get("sender_key")
    answer = keys_query(stack, client, [event.sender])
    for did, keys in answer.get("device_keys", {}).get(event.sender, {}).items():
        if (device_id and did == device_id) or keys.get("keys", {}).get(f"curve25519:{did}") == sender_key:
            return chain_verifies(answer, event.sender, did)
    return False


def accept_forwards_from_session_owner(client: AsyncClient) -> None:
    """nio takes forwarded keys only from its own user's devices; Element also takes a session's key from the device
    that created the session (a verified one). Teach nio the same, for the key-request scenario."""
    machine = client.olm
    original = machine._should_accept_forward

    def should_accept(sender: str, sender_key: str, event: Any) -> bool:
        if original(sender, sender_key, event):
            return True
        if event.session_id not in machine.outgoing_key_requests:
            return False
        device = machine.device_store.device_from_sender_key(event.sender, sender_key)
        return bool(device and device.verified and sender_key == event.source["content"].get("sender_key"))

    machine._should_accept_forward = should_accept  # type: ignore[method-assign]


def undecrypted(events: list[Any]) -> list[MegolmEvent]:
    return [e for e in events if isinstance(e, MegolmEvent)]


def reshare_with_devices_shared_with(client: AsyncClient) -> None:
    """Element (matrix-rust-sdk) answers another user's key request when the requesting device is one the session
    was shared with and its chain verifies; nio answers only its own user's devices. Teach nio the same. It matters
    when a room key never reached the appservice: Synapse does not keep the to-device messages of a transaction it
    has to retry (a restart, a failover), so Troupe asks the sender for the key."""
    from nio.crypto.olm_machine import KeyShareError
    from nio.exceptions import EncryptionError, OlmTrustError

    machine = client.olm
    original = machine._collect_single_key_share
    created: dict[str, Any] = {}  # every outbound session this device made, by id (nio keeps only the newest)
    create = machine.create_outbound_group_session

    def create_and_remember(room_id: str) -> None:
        create(room_id)
        session = machine.outbound_group_sessions[room_id]
        created[session.id] = session

    machine.create_outbound_group_session = create_and_remember  # type: ignore[method-assign]

    def collect(event: Any) -> bool:
        if event.sender == machine.user_id:
            return original(event)
        outbound = created.get(event.session_id)
        print(f"[element-like] key request from {event.sender}/{event.requesting_device_id} for session {event.session_id}: "
              f"made here: {outbound is not None}", file=sys.stderr)
        if outbound is None or (event.sender, event.requesting_device_id) not in outbound.users_shared_with:
            return True  # not a session this device shared with that one: dropped, as Element drops it
        try:
            machine.share_with_ourselves(event)  # the same checks for any user: a known, verified device
        except (KeyShareError, EncryptionError):
            pass  # no olm session yet: nio claims a key and retries the request by itself
        except OlmTrustError:
            return False
        return True

    machine._collect_single_key_share = collect  # type: ignore[method-assign]
