"""Troupe against a real Synapse: the bot, the appservice endpoint, crash replay, homeserver restart, the CLI.

Tests run in file order and share one Synapse and one `troupe run` (see conftest.py); each leaves them up.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import secrets
import select
import socket
import sqlite3
import stat
import subprocess
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from nio import ProfileGetError

from conftest import (BOT, DOMAIN, EXTRA_AGENT, IT_DIR, REPO, HTTPResult, Stack, dump_yaml, free_port,
                      http_request, load_yaml, run_cmd, tail)
from matrix_client import Client, body_is, run

PONG_TIMEOUT = 30.0
TXN_PATH = "/_matrix/app/v1/transactions/"
BODY_LIMIT = 128 * 1024 * 1024  # transaction body limit when the config has no appservice.max_body_bytes


def is_pong(ev: dict) -> bool:
    return (ev.get("content") or {}).get("body") == "pong"


async def room_with_bot(alice: Client, name: str) -> str:
    """alice creates a DM-style room, invites the bot and waits until it has joined."""
    room = await alice.create_room(name=name, is_direct=True)
    await alice.invite(room, BOT)
    await alice.wait_for_membership(room, BOT, "join", timeout=PONG_TIMEOUT, fail_on=("leave", "ban"))
    return room


def forged_ping(room_id: str, sender: str) -> dict:
    """A timeline event as the homeserver would push it, with a fresh event id."""
    return {
        "type": "m.room.message",
        "room_id": room_id,
        "sender": sender,
        "event_id": "$" + secrets.token_urlsafe(32),
        "origin_server_ts": int(time.time() * 1000),
        "content": {"msgtype": "m.text", "body": "!ping"},
        "unsigned": {"age": 1},
    }


def put_txn(st: Stack, txn_id: str, body: bytes | dict | None, token: str | None = "hs",
            legacy_query: bool = False, path_prefix: str = TXN_PATH) -> HTTPResult:
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    headers = {}
    path = path_prefix + urllib.parse.quote(txn_id, safe="")
    tok = st.hs_token if token == "hs" else token
    if tok is not None:
        if legacy_query:
            path += "?access_token=" + urllib.parse.quote(tok, safe="")
        else:
            headers["Authorization"] = f"Bearer {tok}"
    return http_request("PUT", st.as_port, path, body=body, headers=headers)


def assert_error(res: HTTPResult, status: int, errcode: str | None) -> None:
    assert res.status == status, f"expected {status} {errcode}, got {res}"
    assert "content-length" in res.headers, f"response without Content-Length: {res}"
    if errcode is not None:
        assert res.errcode == errcode, f"expected errcode {errcode}, got {res}"


# ----------------------------------------------------------------------------------------------------------------------
# a. the bot joins on invite and answers !ping
# ----------------------------------------------------------------------------------------------------------------------
def test_a_bot_joins_and_answers_ping(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await room_with_bot(alice, "it-a-ping")
            ping = await alice.send_text(room, "!ping")
            replies = await alice.wait_for_message(room, BOT, is_pong, after=ping, timeout=PONG_TIMEOUT)
            reply = replies[0]
            assert reply["content"].get("msgtype") == "m.notice", f"pong should be an m.notice: {reply}"

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# b. an invite from a user without permission is rejected
# ----------------------------------------------------------------------------------------------------------------------
def test_b_invite_from_blocked_user_is_rejected(live: Stack):
    async def scenario():
        async with await live.login("blocked") as blocked:
            room = await blocked.create_room(name="it-b-blocked", is_direct=True)
            await blocked.invite(room, BOT)
            # The bot must reject (leave) and must never join.
            await blocked.wait_for_membership(room, BOT, "leave", timeout=PONG_TIMEOUT, fail_on=("join",))
            # Give a wrong join a moment to show up, then check the whole membership history of the bot.
            await asyncio.sleep(2)
            history = [e["content"].get("membership") for e in await blocked.member_events(room, BOT)]
            assert "join" not in history, f"the bot joined a room of a blocked user: {history}"
            assert history[-1] == "leave", f"bot membership history {history}"

    run(scenario(), timeout=120)


# ----------------------------------------------------------------------------------------------------------------------
# c. the appservice endpoint, driven directly
# ----------------------------------------------------------------------------------------------------------------------
def test_c_transaction_auth_and_parsing_errors(live: Stack):
    txn = "it-c-" + uuid.uuid4().hex
    ok_body = {"events": []}
    assert_error(put_txn(live, txn, ok_body, token=None), 401, "M_MISSING_TOKEN")
    assert_error(put_txn(live, txn, ok_body, token="not-the-token"), 403, "M_FORBIDDEN")
    assert_error(put_txn(live, txn, ok_body, token="not-the-token", legacy_query=True), 403, "M_FORBIDDEN")
    assert_error(put_txn(live, txn, b""), 400, "M_NOT_JSON")
    # Unparseable: the brief said M_BAD_JSON, the spec's M_NOT_JSON is "did not contain valid JSON" (mautrix-python
    # answers M_NOT_JSON too); either is accepted, as in the endpoint's unit tests.
    garbage = put_txn(live, txn, b"this is {not json")
    assert_error(garbage, 400, None)
    assert garbage.errcode in ("M_NOT_JSON", "M_BAD_JSON"), f"garbage body: {garbage}"
    assert_error(put_txn(live, txn, b"{}"), 400, "M_BAD_JSON")
    assert_error(put_txn(live, txn, b"[]"), 400, "M_BAD_JSON")
    assert_error(put_txn(live, txn, b'{"events": 5}'), 400, "M_BAD_JSON")


def test_c_transaction_accepted_forms(live: Stack):
    ok = put_txn(live, "it-c-ok-" + uuid.uuid4().hex, {"events": []})
    assert ok.status == 200 and ok.json == {}, f"header token: {ok}"
    assert "content-length" in ok.headers, f"200 without Content-Length: {ok}"
    legacy = put_txn(live, "it-c-legacy-" + uuid.uuid4().hex, {"events": []}, legacy_query=True)
    assert legacy.status == 200 and legacy.json == {}, f"?access_token= must be accepted: {legacy}"
    assert "content-length" in legacy.headers
    old_path = put_txn(live, "it-c-oldpath-" + uuid.uuid4().hex, {"events": []}, path_prefix="/transactions/")
    assert old_path.status == 200 and old_path.json == {}, f"legacy /transactions/ path: {old_path}"
    assert "content-length" in old_path.headers


def _send_oversized(port: int, path: str, token: str, size: int) -> HTTPResult:
    """Streams a `size`-byte body, stopping early if the server answers (or hangs up) before the end."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        head = (f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n")
        sock.sendall(head.encode())
        chunk = memoryview(b" " * (1 << 20))
        sent = 0
        deadline = time.monotonic() + 120
        # Never block in send: the server may stop reading once past its limit and answer at any moment.
        while sent < size and time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock], [], 1)
            if readable:
                break  # an early answer (or a hang-up)
            if writable:
                try:
                    sent += sock.send(chunk[: min(len(chunk), size - sent)])
                except (BrokenPipeError, ConnectionResetError):
                    break
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        body = resp.read()
        return HTTPResult(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        sock.close()


def test_c_large_transaction_within_limit_is_accepted(live: Stack):
    body = json.dumps({"events": [], "it.padding": "x" * (8 * 1024 * 1024)}).encode()
    res = put_txn(live, "it-c-large-" + uuid.uuid4().hex, body)
    assert res.status == 200 and res.json == {}, f"an 8 MiB transaction must be accepted: {res}"


def test_c_oversized_transaction_is_answered_and_dropped(live: Stack):
    # A 413 would make the homeserver retry the same transaction forever, so nothing after it would arrive.
    limit = int((live.config.get("appservice") or {}).get("max_body_bytes") or BODY_LIMIT)
    res = _send_oversized(live.as_port, TXN_PATH + "it-c-big-" + uuid.uuid4().hex, live.hs_token,
                          limit + 16 * 1024 * 1024)
    assert res.status == 200 and res.json == {}, f"an oversized body must be answered 200 and dropped: {res}"
    assert "content-length" in res.headers
    assert "body larger than appservice.max_body_bytes" in tail(live.troupe.log, 200), "no log line for the drop"
    # The endpoint still works afterwards.
    ok = put_txn(live, "it-c-after-big-" + uuid.uuid4().hex, {"events": []})
    assert ok.status == 200, f"after the oversized body: {ok}"


def test_c_other_routes(live: Stack):
    auth = {"Authorization": f"Bearer {live.hs_token}"}
    res = http_request("GET", live.as_port, "/_matrix/app/v1/no-such-route", headers=auth)
    assert_error(res, 404, "M_UNRECOGNIZED")
    res = http_request("POST", live.as_port, "/_matrix/app/v1/ping", body=b'{"transaction_id": "it-c-ping"}',
                       headers=auth)
    assert res.status == 200 and res.json == {}, f"ping: {res}"
    assert "content-length" in res.headers
    res = http_request("POST", live.as_port, "/_matrix/app/v1/ping", body=b"{}")
    assert_error(res, 401, "M_MISSING_TOKEN")

    prefix = (live.config.get("appservice") or {}).get("user_prefix", "troupe_")
    own_id = f"@{prefix}{EXTRA_AGENT}:{DOMAIN}"
    own = urllib.parse.quote(own_id, safe="")
    res = http_request("GET", live.as_port, f"/_matrix/app/v1/users/{own}", headers=auth)
    assert res.status == 200 and res.json == {}, f"user query for agent user {own_id}: {res}"
    assert "content-length" in res.headers

    async def registered():  # 200 means troupe created the user on the homeserver
        async with await live.login("alice") as alice:
            return await alice.nio.get_profile(own_id)

    profile = run(registered(), timeout=60)
    assert not isinstance(profile, ProfileGetError), f"{own_id} does not exist on the homeserver: {profile}"
    other = urllib.parse.quote(f"@someone:{DOMAIN}", safe="")
    assert_error(http_request("GET", live.as_port, f"/_matrix/app/v1/users/{other}", headers=auth),
                 404, "M_NOT_FOUND")
    alias = urllib.parse.quote(f"#someone:{DOMAIN}", safe="")
    assert_error(http_request("GET", live.as_port, f"/_matrix/app/v1/rooms/{alias}", headers=auth),
                 404, "M_NOT_FOUND")
    assert_error(http_request("GET", live.as_port, f"/_matrix/app/v1/users/{other}"), 401, "M_MISSING_TOKEN")


def test_c_duplicate_transaction_processed_once(live: Stack):
    """The same txn id + body twice is processed once; the same txn id with a new body is processed again."""
    alice_id = live.user_id("alice")

    async def scenario():
        async with await live.login("alice") as alice:
            room = await room_with_bot(alice, "it-c-dedup")
            txn = "it-dedup-" + uuid.uuid4().hex
            first = {"events": [forged_ping(room, alice_id)]}
            for attempt in (1, 2):
                res = put_txn(live, txn, first)
                assert res.status == 200 and res.json == {}, f"attempt {attempt}: {res}"
            await alice.wait_for_message(room, BOT, is_pong, timeout=PONG_TIMEOUT)
            await asyncio.sleep(4)
            n = await alice.count_messages(room, BOT, is_pong)
            assert n == 1, f"a retransmitted transaction was processed {n} times"

            second = {"events": [forged_ping(room, alice_id)]}  # same txn id, new event (homeserver restarted)
            res = put_txn(live, txn, second)
            assert res.status == 200 and res.json == {}, f"same txn id, new body: {res}"
            pongs = await alice.wait_for_message(room, BOT, is_pong, timeout=PONG_TIMEOUT, count=2)
            assert len(pongs) == 2, pongs
            await asyncio.sleep(3)
            n = await alice.count_messages(room, BOT, is_pong)
            assert n == 2, f"expected 2 pongs in total, saw {n}"

    run(scenario(), timeout=150)


# ----------------------------------------------------------------------------------------------------------------------
# d. crash replay: a stored but unprocessed transaction is processed after a restart, once
# ----------------------------------------------------------------------------------------------------------------------
def _unprocessed_inbox_rows(live: Stack, containing: str | None = None) -> int | None:
    """Rows of appservice_inbox with processed_at IS NULL (only those with ``containing`` in some column, if
    given), or None if the table cannot be read yet."""
    if live.postgres_uri is None and not live.db_path.exists():
        return None
    try:
        rows = live.db_rows("SELECT txn_id, body FROM appservice_inbox WHERE processed_at IS NULL")
    except (sqlite3.Error, subprocess.CalledProcessError):
        return None

    def text(v) -> str:
        return v.decode("utf-8", "replace") if isinstance(v, (bytes, bytearray)) else str(v)

    if containing is not None:
        rows = [row for row in rows if any(containing in text(v) for v in row)]
    return len(rows)


def test_d_crash_replay(live: Stack):
    state = {}

    async def prepare():
        async with await live.login("alice") as alice:
            state["room"] = await room_with_bot(alice, "it-d-replay")

    run(prepare(), timeout=120)
    if live.postgres_uri is None:
        assert live.db_path.exists(), f"troupe's database is not at {live.db_path} (database.uri relative to the config's folder)"

    live.troupe.restart({"TROUPE_DEBUG_HOLD_INBOX": "1"})
    try:
        async def send_and_hold():
            async with await live.login("alice") as alice:
                state["ping"] = await alice.send_text(state["room"], "!ping")
                deadline = time.monotonic() + PONG_TIMEOUT
                while True:
                    n = _unprocessed_inbox_rows(live, containing=state["ping"])
                    if n:
                        break
                    assert time.monotonic() < deadline, (
                        f"no unprocessed row holding {state['ping']} in appservice_inbox "
                        f"after {PONG_TIMEOUT:g} s (last: {n}; all unprocessed: {_unprocessed_inbox_rows(live)})")
                    await asyncio.sleep(0.2)
                await asyncio.sleep(1)
                held = await alice.count_messages(state["room"], BOT, is_pong, after=state["ping"])
                assert held == 0, "TROUPE_DEBUG_HOLD_INBOX=1 should hold the inbox, but the bot answered"

        run(send_and_hold(), timeout=120)
    except BaseException:
        live.troupe.kill()
        live.troupe.start()  # leave a normal troupe for the next tests
        raise
    live.troupe.kill()  # the crash
    live.troupe.start()

    async def check():
        async with await live.login("alice") as alice:
            await alice.wait_for_message(state["room"], BOT, is_pong, after=state["ping"], timeout=20)
            await asyncio.sleep(5)
            n = await alice.count_messages(state["room"], BOT, is_pong, after=state["ping"])
            assert n == 1, f"expected exactly one pong after the replay, saw {n}"

    run(check(), timeout=90)
    assert _unprocessed_inbox_rows(live) == 0, "the replayed transaction is still marked unprocessed"


# ----------------------------------------------------------------------------------------------------------------------
# e. homeserver restart: troupe keeps working (transaction ids restart at 1)
# ----------------------------------------------------------------------------------------------------------------------
def test_e_homeserver_restart(live: Stack):
    state = {}

    async def before():
        async with await live.login("alice") as alice:
            state["room"] = await room_with_bot(alice, "it-e-restart")
            ping = await alice.send_text(state["room"], "!ping")
            await alice.wait_for_message(state["room"], BOT, is_pong, after=ping, timeout=PONG_TIMEOUT)

    run(before(), timeout=120)
    live.synapse.stop()
    live.synapse.start()
    assert live.troupe.alive(), "troupe exited while the homeserver restarted"

    async def after():
        async with await live.login("alice") as alice:
            for i in range(2):  # two, so that low transaction ids are reused for sure
                ping = await alice.send_text(state["room"], "!ping")
                replies = await alice.wait_for_message(state["room"], BOT, is_pong, after=ping,
                                                       timeout=PONG_TIMEOUT)
                assert replies, f"no pong to ping #{i + 1} after the homeserver restart"

    run(after(), timeout=150)


# ----------------------------------------------------------------------------------------------------------------------
# f. the CLI
# ----------------------------------------------------------------------------------------------------------------------
def test_f_init_refuses_to_overwrite_and_writes_registration(troupe_bin: Path):
    d = IT_DIR / "cli-init"
    d.mkdir(parents=True, exist_ok=True)
    cfg = d / "config.yaml"
    run_cmd([troupe_bin, "init", "-c", cfg, "--homeserver", "http://127.0.0.1:1", "--domain", DOMAIN], cwd=REPO)
    reg_path = d / "registration.yaml"
    assert cfg.is_file() and reg_path.is_file(), f"init wrote {sorted(p.name for p in d.iterdir())}"
    before = cfg.read_bytes()
    again = run_cmd([troupe_bin, "init", "-c", cfg, "--homeserver", "http://127.0.0.1:2", "--domain", "other"],
                    check=False, cwd=REPO)
    assert again.returncode != 0, "init overwrote (or claimed to overwrite) an existing config"
    assert cfg.read_bytes() == before, "init changed an existing config"

    mode = stat.S_IMODE(reg_path.stat().st_mode)
    assert mode == 0o600, f"registration mode is {oct(mode)}, want 0o600"
    reg = load_yaml(reg_path)
    conf = load_yaml(cfg)
    assert reg.get("sender_localpart") == "troupe", reg
    assert reg.get("rate_limited") is False, reg
    assert reg.get("receive_ephemeral") is True, reg
    assert reg.get("de.sorunome.msc2409.push_ephemeral") is True, reg
    assert reg.get("org.matrix.msc3202") is True, reg
    assert reg.get("io.element.msc4190") is True, reg
    for key in ("as_token", "hs_token"):
        assert isinstance(reg.get(key), str) and len(reg[key]) == 64, f"{key} should be 64 characters: {reg.get(key)!r}"
        assert reg[key] == conf["appservice"][key], f"registration {key} differs from the config's"
    assert reg["as_token"] != reg["hs_token"], "as_token and hs_token must differ"
    users = (reg.get("namespaces") or {}).get("users") or []
    exclusive = [ns for ns in users if ns.get("exclusive") is True]
    assert exclusive, f"no exclusive user namespace: {users}"
    rx = [re.compile(ns["regex"]) for ns in exclusive]
    assert any(r.fullmatch(f"@troupe_coder:{DOMAIN}") for r in rx), f"namespace misses @troupe_coder: {users}"
    for outsider in (f"@alice:{DOMAIN}", f"@troupe_coder:example.org", "@xtroupe_coder:localhost"):
        assert not any(r.fullmatch(outsider) or r.match(outsider) for r in rx), f"namespace matches {outsider}"
    # A second, distinct init gets fresh tokens.
    d2 = IT_DIR / "cli-init2"
    d2.mkdir(exist_ok=True)
    run_cmd([troupe_bin, "init", "-c", d2 / "config.yaml", "--domain", DOMAIN], cwd=REPO)
    reg2 = load_yaml(d2 / "registration.yaml")
    assert reg2["as_token"] != reg["as_token"], "tokens are not random"


def test_f_run_without_hs_token_fails_clearly(stack: Stack, troupe_bin: Path):
    d = IT_DIR / "cli-bad"
    d.mkdir(parents=True, exist_ok=True)
    cfg = load_yaml(stack.config_path)
    del cfg["appservice"]["hs_token"]
    cfg["appservice"]["port"] = free_port()
    cfg["appservice"]["address"] = f"http://127.0.0.1:{cfg['appservice']['port']}"
    cfg["database"] = {"uri": str(d / "troupe.db")}
    path = d / "config.yaml"
    dump_yaml(path, cfg)
    res = run_cmd([troupe_bin, "run", "-c", path], check=False, timeout=30, cwd=REPO)
    out = res.stdout + res.stderr
    assert res.returncode != 0, f"troupe run started without appservice.hs_token:\n{out}"
    assert "appservice.hs_token" in out, f"the error should name appservice.hs_token:\n{out}"


def test_f_doctor(live: Stack, troupe_bin: Path):
    ok = run_cmd([troupe_bin, "doctor", "-c", live.config_path], check=False, timeout=60, cwd=REPO)
    assert ok.returncode == 0, f"doctor failed with the stack up ({ok.returncode}):\n{ok.stdout}\n{ok.stderr}"
    assert (ok.stdout + ok.stderr).strip(), "doctor printed nothing"

    d = IT_DIR / "cli-doctor"
    d.mkdir(parents=True, exist_ok=True)
    cfg = load_yaml(live.config_path)
    cfg["homeserver"]["address"] = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    cfg["database"] = {"uri": str(d / "troupe.db")}
    path = d / "config.yaml"
    dump_yaml(path, cfg)
    bad = run_cmd([troupe_bin, "doctor", "-c", path], check=False, timeout=60, cwd=REPO)
    assert bad.returncode != 0, f"doctor passed against a closed homeserver port:\n{bad.stdout}\n{bad.stderr}"


# ----------------------------------------------------------------------------------------------------------------------
# g. graceful shutdown (last: it stops troupe, then starts it again)
# ----------------------------------------------------------------------------------------------------------------------
def test_g_sigterm_stops_cleanly(live: Stack):
    code = live.troupe.terminate(timeout=15)
    assert code == 0, (f"troupe should exit 0 within 15 s of SIGTERM, got {code}\n"
                       f"--- troupe log (tail) ---\n{tail(live.troupe.log)}")
    live.troupe.start()
