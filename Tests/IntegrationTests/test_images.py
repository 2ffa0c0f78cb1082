"""Images users send in Matrix reach the agent shrunk to `image.max_dimension` (2000 px), turned upright, without
metadata, as WebP (the defaults of the `image:` section); what is not an image reaches it as sent."""

from __future__ import annotations

import io

from conftest import Stack, fake_runs
from images import assert_converted, attached_path, photo
from matrix_client import run
from test_bridge import ask, dm_with


def _prompt_starting(text: str) -> str:
    prompts = [r["prompt"] for r in fake_runs() if (r["prompt"] or "").startswith(text)]
    assert prompts, f"the agent was never started with {text!r}"
    return prompts[-1]


def test_a_large_photo_reaches_the_agent_as_an_upright_webp_within_the_limit(live: Stack) -> None:
    data = photo(3000, 2000, orientation=6)  # stored landscape, shown portrait

    async def scenario() -> None:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-images-photo")
            upload, _ = await alice.nio.upload(io.BytesIO(data), content_type="image/jpeg", filename="big-photo.jpg",
                                               filesize=len(data))
            await ask(alice, room, {
                "msgtype": "m.image", "body": "what is in this photo?", "filename": "big-photo.jpg",
                "url": upload.content_uri, "info": {"mimetype": "image/jpeg", "size": len(data), "w": 3000, "h": 2000}})

    run(scenario())
    path = attached_path(_prompt_starting("what is in this photo?"), "big-photo.webp", "image/webp")
    assert_converted(path, (1333, 2000))
    assert not list(path.parent.glob("*-big-photo.jpg")), "the download is replaced by its conversion"


def test_b_a_file_that_is_not_an_image_is_passed_on_as_sent(live: Stack) -> None:
    notes = b"%PDF-1.4 not really, but not an image either"

    async def scenario() -> None:
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-images-file")
            upload, _ = await alice.nio.upload(io.BytesIO(notes), content_type="application/pdf", filename="notes.pdf",
                                               filesize=len(notes))
            await ask(alice, room, {
                "msgtype": "m.file", "body": "read these notes", "filename": "notes.pdf", "url": upload.content_uri,
                "info": {"mimetype": "application/pdf", "size": len(notes)}})

    run(scenario())
    path = attached_path(_prompt_starting("read these notes"), "notes.pdf", "application/pdf")
    assert path.read_bytes() == notes
