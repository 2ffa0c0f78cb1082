"""Chat text never becomes a CLI flag, and an agent CLI sees only the allow-listed environment (issue 11, items 3–4).

Troupe runs with a stand-in secret in its own environment (conftest's CANARY_NAME); the fake CLI records the names of
every variable it was given, so a leak shows up in FAKE_RECORD."""
from __future__ import annotations

from conftest import CANARY_NAME, Stack, fake_runs
from matrix_client import run
from test_bridge import ask, body, command, dm_with


def test_prompt_on_stdin_and_no_secret_in_the_cli_environment(live: Stack) -> None:
    async def scenario() -> None:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-safety-env")
            await ask(alice, room, "--yolo hello", expect="echo: --yolo hello")
            runs = [r for r in fake_runs() if r["prompt"] == "--yolo hello"]
            assert runs, "the fake CLI recorded the turn"
            assert not any("--yolo" in a for a in runs[-1]["argv"]), runs[-1]["argv"]
            assert "TROUPE_AGENT" in runs[-1]["envnames"] and "PATH" in runs[-1]["envnames"], runs[-1]["envnames"]
            leaked = [r["prompt"] for r in fake_runs() if CANARY_NAME in r["envnames"]]
            assert not leaked, f"a CLI saw Troupe's secret: {leaked}"

    run(scenario())


def test_model_that_looks_like_a_flag_is_refused(live: Stack) -> None:
    async def scenario() -> None:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-safety-model")
            reply = await command(alice, room, "!model --yolo")
            assert "is not a model name" in body(reply), body(reply)
            await ask(alice, room, "still fine", expect="echo: still fine")
            runs = [r for r in fake_runs() if r["prompt"] == "still fine"]
            assert runs and not any(a.startswith("--model") for a in runs[-1]["argv"]), runs

    run(scenario())
