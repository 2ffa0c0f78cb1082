"""Chat text never becomes a CLI flag, and an agent CLI sees only the allow-listed environment (issue 11, items 3–4).

Troupe runs with a stand-in secret in its own environment (conftest's CANARY_NAME); the fake CLI records the names of
every variable it was given, so a leak shows up in FAKE_RECORD."""
from __future__ import annotations

import io
import time

from conftest import BOT, CANARY_NAME, Stack, fake_runs
from matrix_client import run
from test_bridge import ask, body, command, dm_with, first_message_after


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


def test_slow_media_in_one_room_does_not_delay_another_room(live: Stack) -> None:
    """Troupe runs with every media download slowed to 30 s (TROUPE_DEBUG_MEDIA_DELAY_MS, as from a slow remote
    homeserver). The download happens inside the media message's turn, so a message in another room sent right
    after it is answered at once; the media turn then ends with the file or a notice."""
    async def scenario() -> None:
        async with await live.login("alice") as alice:
            media_room = await dm_with(alice, "it-safety-media-slow")
            other_room = await dm_with(alice, "it-safety-media-other")
            upload, _ = await alice.nio.upload(io.BytesIO(b"not really a PNG"), content_type="image/png",
                                               filename="cat.png", filesize=16)
            uploaded = upload.content_uri
            media = await alice.send(media_room, {
                "msgtype": "m.image", "body": "scenario:attachment_echo", "filename": "cat.png", "url": uploaded,
                "info": {"mimetype": "image/png"}})
            started = time.monotonic()
            await ask(alice, other_room, "meanwhile", expect="echo: meanwhile")
            waited = time.monotonic() - started
            # Behind the download, the answer would come after 30 s at the earliest.
            assert waited < 20, f"the other room waited {waited:.1f} s behind the media download"
            echoed = await first_message_after(alice, media_room, media, BOT, "the attachment's answer", timeout=120)
            assert echoed is not None

    live.troupe.restart({"TROUPE_DEBUG_MEDIA_DELAY_MS": "30000"})
    try:
        run(scenario())
    finally:
        live.troupe.restart()
