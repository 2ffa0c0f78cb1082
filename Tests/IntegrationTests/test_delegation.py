"""Synchronous delegation through the control API on a real Synapse: the main agent's CLI runs
`troupe ask coder …` (the fake CLI's `scenario:delegate AGENT TEXT`), Troupe runs coder's turn in a delegation chat,
and the answer comes back to the main agent, whose final message reaches the room.

Runs after test_bridge.py (which adds `coder`); adds `coder` itself when run alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Stack, http_request
from matrix_client import reply_target, run
from test_bridge import BOT, ask, body, command, dm_with, fake_invocations, is_message_from, prompt_of

DELEGATION_TIMEOUT = 60.0  # two fake CLI turns and a `troupe ask` process


async def ensure_coder(live: Stack) -> None:
    async with await live.login("admin") as admin:
        room = await dm_with(admin, "it-delegation-admin")
        listing = body(await command(admin, room, "!agents"))
        if "• coder (" not in listing:
            added = body(await command(admin, room, "!agents add coder --displayname Coder"))
            assert "coder" in added and "Usage" not in added, f"!agents add coder: {added}"


def test_a_main_agent_delegates_to_coder(live: Stack):
    async def scenario():
        await ensure_coder(live)
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-delegation-dm")
            await ask(alice, room, "scenario:delegate coder hello", expect="delegated: echo: hello",
                      timeout=DELEGATION_TIMEOUT)

    run(scenario(), timeout=180)


def test_b_refusals_reach_the_asking_agent(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-delegation-refusals")
            _, _, final = await ask(alice, room, "scenario:delegate troupe_nobody hi", timeout=DELEGATION_TIMEOUT)
            assert final.startswith("delegation failed:") and "unknown_agent" in final, final
            _, _, final = await ask(alice, room, "scenario:delegate main hi", timeout=DELEGATION_TIMEOUT)
            assert final.startswith("delegation failed:") and "ask_self" in final, final

    run(scenario(), timeout=180)


def test_c_control_api_needs_a_run_token(live: Stack):
    port = int(live.config["control"]["port"])
    for headers in ({}, {"Authorization": "Bearer " + "0" * 64}):
        for method, path, payload in (("GET", "/v1/agents", None), ("POST", "/v1/ask", b'{"agent":"coder","message":"hi"}')):
            res = http_request(method, port, path, body=payload, headers=headers)
            assert res.status == 401, f"{method} {path} with {headers}: {res}"
            assert res.json and res.json.get("error") == "unauthorized", str(res)


def test_d_delegation_through_the_mcp_server(live: Stack):
    """The fake CLI acts as an MCP client of `troupe mcp` (ask_agent); Claude Code is registered with it."""
    async def scenario():
        await ensure_coder(live)
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-delegation-mcp")
            await ask(alice, room, "scenario:delegate_mcp coder over mcp", expect="delegated: echo: over mcp",
                      timeout=DELEGATION_TIMEOUT)
        argv = next(a for a in reversed(fake_invocations()) if prompt_of(a) == "scenario:delegate_mcp coder over mcp")["argv"]
        assert "--mcp-config" in argv, argv
        server = json.loads(argv[argv.index("--mcp-config") + 1])["mcpServers"]["troupe"]
        assert server["command"] == str(live.binary) or Path(server["command"]).samefile(live.binary), server
        assert server["args"] == ["mcp"], server

    run(scenario(), timeout=180)


def test_e_async_delegation_answer_comes_back_to_the_room(live: Stack):
    """main runs `troupe ask --async coder …` and answers at once with the run id; when coder's run finishes, Troupe
    resumes main's session in this room with the result, and main's reply is posted here as a new message. The two
    may arrive in either order: the result can be handed back before main's first reply has been posted."""
    async def scenario():
        await ensure_coder(live)
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-delegation-async")
            sent = await alice.send_text(room, "scenario:ask_async coder draft the notes")
            reply = (await alice.wait_for_events(
                room, lambda e: is_message_from(BOT)(e) and reply_target(e) == sent, "main's reply to the request",
                after=sent, timeout=DELEGATION_TIMEOUT))[0]
            final = await alice.wait_for_final_text(room, reply, lambda t: t.startswith("tool: Started run r"),
                                                    "the run id", DELEGATION_TIMEOUT)
            run_id = final.split()[3].rstrip(":")
            handed_back = (await alice.wait_for_events(
                room, lambda e: is_message_from(BOT)(e) and body(e).startswith("echo: [Troupe] A task you handed off"),
                "main's reply to the async result", after=sent, timeout=DELEGATION_TIMEOUT))[0]
            assert f"Run {run_id} by agent coder: completed" in body(handed_back), body(handed_back)

    run(scenario(), timeout=180)


def test_f_control_api_on_a_unix_socket(live: Stack):
    """With `control.socket` the control API listens on a unix socket (mode 0600) instead of the port, and the
    agents' tools reach it there (`troupe ask` gets an `http+unix://` TROUPE_CONTROL_URL)."""
    import os
    import stat

    from conftest import dump_yaml, load_yaml

    original = live.config_path.read_text()
    socket_path = live.config_path.parent / "control.sock"

    async def scenario():
        await ensure_coder(live)
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-delegation-socket")
            await ask(alice, room, "scenario:delegate coder over the socket", expect="delegated: echo: over the socket",
                      timeout=DELEGATION_TIMEOUT)

    try:
        cfg = load_yaml(live.config_path)
        cfg["control"] = {**cfg["control"], "socket": "control.sock"}
        dump_yaml(live.config_path, cfg)
        live.troupe.restart()
        assert socket_path.exists(), "troupe did not create the control socket"
        assert stat.S_IMODE(os.stat(socket_path).st_mode) == 0o600, oct(os.stat(socket_path).st_mode)
        run(scenario(), timeout=180)
        # The TCP port is not used any more.
        res = None
        try:
            res = http_request("GET", cfg["control"]["port"], "/v1/agents", None, {})
        except OSError:
            pass
        assert res is None, f"the control port still answers: {res}"
    finally:
        live.config_path.write_text(original)
        live.troupe.restart()
