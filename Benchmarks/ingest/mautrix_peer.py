#!/usr/bin/env python3
"""The peer for Troupe's transaction-ingestion benchmark: a minimal mautrix-python (0.21.1) AppService.

It serves the appservice API (PUT /_matrix/app/v1/transactions/{txnId}) on 127.0.0.1:PORT, checks the same
hs_token as troupe, and has one event handler that counts m.room.message events. Nothing here needs a
homeserver: AppService.start() only opens the state store, creates an (unused) HTTP client session and
listens; we never call the intent API or ping. State is kept in memory (no mx-state.json).

On SIGTERM/SIGINT it prints `mautrix peer: handled N events in M transactions` to stderr and exits 0.

    .venv/bin/python Benchmarks/ingest/mautrix_peer.py --port 29334 --hs-token TOKEN
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from mautrix.appservice import AppService
from mautrix.appservice.state_store import ASStateStore
from mautrix.client.state_store import MemoryStateStore
from mautrix.types import Event, EventType


class MemoryASStateStore(MemoryStateStore, ASStateStore):
    """mautrix ships only a file-backed AS state store; this is the same thing without the file."""

    def __init__(self) -> None:
        MemoryStateStore.__init__(self)
        ASStateStore.__init__(self)


async def serve(args: argparse.Namespace) -> int:
    appservice = AppService(
        server=args.homeserver,  # never contacted
        domain=args.domain,
        as_token=args.as_token,
        hs_token=args.hs_token,
        bot_localpart="benchbot",
        id="mautrix-bench-peer",
        loop=asyncio.get_running_loop(),
        state_store=MemoryASStateStore(),
    )
    counts = {"events": 0, "messages": 0}

    @appservice.matrix_event_handler
    async def on_event(event: Event) -> None:
        counts["events"] += 1
        if event.type == EventType.ROOM_MESSAGE:
            counts["messages"] += 1

    await appservice.start(host=args.host, port=args.port)
    print(f"mautrix peer listening on http://{args.host}:{args.port}", file=sys.stderr, flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await appservice.stop()
    print(
        f"mautrix peer: handled {counts['events']} events ({counts['messages']} m.room.message) "
        f"in {len(appservice.transactions)} transactions",
        file=sys.stderr,
        flush=True,
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--hs-token", required=True)
    parser.add_argument("--as-token", default="unused-as-token")
    parser.add_argument("--domain", default="localhost")
    parser.add_argument("--homeserver", default="http://127.0.0.1:9")
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the benchmark peer listens on loopback only")
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
