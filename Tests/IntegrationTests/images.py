"""Images for the image tests, made with Pillow (installed with matrix-synapse, which depends on it)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

ORIENTATION = 0x0112  # the EXIF tag


def photo(width: int, height: int, orientation: int = 1) -> bytes:
    """A JPEG of ``width`` x ``height`` with a gradient, a camera's EXIF (make, model, orientation)."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "IT Camera Co."  # Make
    exif[0x0110] = "Model 1"  # Model
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def attached_path(prompt: str, filename: str, mimetype: str) -> Path:
    """The path the prompt gives for the attachment named ``filename`` of type ``mimetype``."""
    match = re.search(rf"^- {re.escape(filename)} \({re.escape(mimetype)}\): (/.+)$", prompt, re.M)
    assert match, f"the prompt names no {filename} ({mimetype}):\n{prompt}"
    return Path(match.group(1))


def assert_converted(path: Path, size: tuple[int, int]) -> None:
    """``path`` is a WebP of exactly ``size``, without EXIF."""
    assert path.is_file(), f"{path} is missing"
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", f"{path} is not a WebP: {data[:16]!r}"
    with Image.open(path) as image:
        assert image.format == "WEBP"
        assert image.size == size, f"{path} is {image.size}, expected {size}"
        assert not image.getexif(), f"{path} still carries EXIF: {dict(image.getexif())}"
        assert "exif" not in image.info, f"{path} still carries EXIF"
