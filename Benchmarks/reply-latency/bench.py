"""Reply latency: a user's message → the agent's reply, seen by the user's own matrix-nio client, against the
homeserver's floor measured in the same run.

  bench.py configure CONFIG --as-port PORT --fake PATH     edit a fresh `troupe init` config for the benchmark
  bench.py run --homeserver URL --bot MXID [--messages 200] [--warmup 10] [--json FILE]
  bench.py echoer ...                                      (started by `run`: the floor's answering client)

`run` logs in as `bencher` and measures, interleaved message by message:
  - troupe: bencher sends "ping N" in a DM with the bot (whose agent is the zero-latency fake CLI
    Tests/Fixtures/fake-cli/instant) and syncs until the bot's reply arrives — "first" is when the sync returns
    the reply event (the initial message), "final" when it returns the reply's last edit (m.replace);
  - floor: bencher sends "ping N" in a room with `echoer`, a plain nio client in its own process that answers
    (a reply, like the bot's) the moment its sync delivers the message; "first" is when bencher's sync returns it.
Both cross the homeserver twice (send → sync of the other side → send → sync of bencher), so the floor is the
best any bot can do. Every sync is a long poll (`timeout=30000`), which returns as soon as an event arrives.
Times are wall-clock from just before `room_send` to the return of the sync that carries the answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from nio import AsyncClient, AsyncClientConfig
from nio import responses as r

LONG_POLL_MS = 30000
# What the benchmark's fake CLI (Tests/Fixtures/fake-cli/instant) answers; the echoer answers the same.
FINAL_TEXT = "ok"
SYNC_FILTER = {
    "presence": {"types": []},
    "account_data": {"types": []},
    "room": {"timeline": {"limit": 50}, "state": {"lazy_load_members": True}, "account_data": {"types": []}},
}
PASSWORDS = {"bencher": "bencher-bench-password", "echoer": "echoer-bench-password"}


def log(*args: Any) -> None:
    print("[bench-reply]", *args, file=sys.stderr, flush=True)


def client(homeserver: str, user_id: str) -> AsyncClient:
    cfg = AsyncClientConfig(encryption_enabled=False, store_sync_tokens=False, request_timeout=60,
                            max_timeouts=2, max_limit_exceeded=0)
    return AsyncClient(homeserver, user_id, config=cfg)


def check(resp: Any, what: str) -> Any:
    if isinstance(resp, r.ErrorResponse):
        raise RuntimeError(f"{what} failed: {getattr(resp, 'status_code', None)} {resp.message}")
    return resp


def relation(src: dict) -> dict:
    return (src.get("content") or {}).get("m.relates_to") or {}


# ----------------------------------------------------------------------------------------------------------------------
# configure
# ----------------------------------------------------------------------------------------------------------------------
def configure(args: argparse.Namespace) -> None:
    import yaml

    path = Path(args.config)
    cfg = yaml.safe_load(path.read_text())
    aps = cfg.setdefault("appservice", {})
    aps.update({"address": f"http://127.0.0.1:{args.as_port}", "hostname": "127.0.0.1", "port": args.as_port})
    cfg["permissions"] = {"*": "none", args.domain: "user"}
    cfg["agents"] = {"main": {"provider": "claude"}}
    cfg["providers"] = {"claude": {"command": str(Path(args.fake).resolve())}}
    cfg.pop("streaming", None)  # streaming.edit_interval_ms keeps its default
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True))


# ----------------------------------------------------------------------------------------------------------------------
# echoer: the floor's other side
# ----------------------------------------------------------------------------------------------------------------------
async def echoer(args: argparse.Namespace) -> None:
    c = client(args.homeserver, args.user)
    try:
        check(await c.login(args.password, device_name="bench-echoer"), "echoer login")
        check(await c.join(args.room), "echoer join")
        check(await c.sync(timeout=0, sync_filter=SYNC_FILTER), "echoer first sync")
        print("READY", flush=True)
        while True:
            resp = check(await c.sync(timeout=LONG_POLL_MS, sync_filter=SYNC_FILTER), "echoer sync")
            room = resp.rooms.join.get(args.room)
            if room is None:
                continue
            for ev in room.timeline.events:
                src = ev.source
                if src.get("type") != "m.room.message" or src.get("sender") != args.peer:
                    continue
                text = (src.get("content") or {}).get("body", "")
                if text == "quit":
                    return
                check(await c.room_send(args.room, "m.room.message", {
                    "msgtype": "m.text", "body": "ok",
                    "m.relates_to": {"m.in_reply_to": {"event_id": src["event_id"]}}}, tx_id=uuid.uuid4().hex),
                    "echoer send")
    finally:
        await c.close()


# ----------------------------------------------------------------------------------------------------------------------
# run
# ----------------------------------------------------------------------------------------------------------------------
class Bencher:
    def __init__(self, homeserver: str, user_id: str):
        self.c = client(homeserver, user_id)
        self.other_events = 0  # events from the answering side besides the answers (notices, stray messages)

    async def wait_joined(self, room: str, user: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            resp = await self.c.room_get_state_event(room, "m.room.member", user)
            if not isinstance(resp, r.RoomGetStateEventError) and resp.content.get("membership") == "join":
                return
            await asyncio.sleep(0.1)
        raise TimeoutError(f"{user} did not join {room} within {timeout} s")

    async def sample(self, room: str, responder: str, text: str, want_edit: bool) -> tuple[float, float]:
        """Sends ``text`` and syncs until ``responder``'s reply arrives and, with ``want_edit``, until the reply shows
        its complete answer (FINAL_TEXT): in the reply itself when the answer came in one piece (Troupe then sends
        no edit), else in an edit of it. Returns (first, final) in seconds since just before the send; without
        ``want_edit`` both are the reply's."""
        t0 = time.perf_counter()
        sent = check(await self.c.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text},
                                            tx_id=uuid.uuid4().hex), "send")
        reply_id: str | None = None
        first = final = None
        while first is None or (want_edit and final is None):
            resp = check(await self.c.sync(timeout=LONG_POLL_MS, sync_filter=SYNC_FILTER), "sync")
            now = time.perf_counter()
            joined = resp.rooms.join.get(room)
            if joined is None:
                continue
            for ev in joined.timeline.events:
                src = ev.source
                if src.get("sender") != responder or src.get("type") != "m.room.message":
                    continue
                rel = relation(src)
                content = src.get("content") or {}
                if rel.get("rel_type") == "m.replace":
                    if reply_id is not None and rel.get("event_id") == reply_id:
                        if (content.get("m.new_content") or {}).get("body") == FINAL_TEXT:
                            final = now
                    else:
                        self.other_events += 1
                elif (rel.get("m.in_reply_to") or {}).get("event_id") == sent.event_id:
                    reply_id = src["event_id"]
                    first = now
                    if content.get("body") == FINAL_TEXT:
                        final = now
                else:
                    self.other_events += 1
            if time.perf_counter() - t0 > 60:
                raise TimeoutError(f"no {'edit' if first else 'reply'} from {responder} within 60 s of {text!r}")
        return first - t0, (final if want_edit else first) - t0


def stats(values: list[float]) -> dict[str, float]:
    ms = sorted(v * 1000 for v in values)

    def pct(p: float) -> float:  # nearest-rank percentile
        return ms[min(len(ms), max(1, math.ceil(p / 100 * len(ms)))) - 1]

    return {"n": len(ms), "p50": statistics.median(ms), "p90": pct(90), "p99": pct(99), "mean": statistics.fmean(ms),
            "min": ms[0], "max": ms[-1]}


async def run_bench(args: argparse.Namespace) -> int:
    domain = args.bot.split(":", 1)[1]
    bencher_id, echoer_id = f"@bencher:{domain}", f"@echoer:{domain}"
    b = Bencher(args.homeserver, bencher_id)
    echo_proc: subprocess.Popen | None = None
    floor_room = ""
    try:
        check(await b.c.login(PASSWORDS["bencher"], device_name="bench-bencher"), "bencher login")
        from nio.api import RoomPreset

        bot_room = check(await b.c.room_create(name="bench-bot", invite=[args.bot], is_direct=True,
                                                preset=RoomPreset.private_chat), "create bot room").room_id
        floor_room = check(await b.c.room_create(name="bench-floor", invite=[echoer_id], is_direct=True,
                                                  preset=RoomPreset.private_chat), "create floor room").room_id
        echo_proc = subprocess.Popen(
            [sys.executable, __file__, "echoer", "--homeserver", args.homeserver, "--user", echoer_id,
             "--password", PASSWORDS["echoer"], "--room", floor_room, "--peer", bencher_id],
            stdout=subprocess.PIPE, text=True)
        line = await asyncio.wait_for(asyncio.to_thread(echo_proc.stdout.readline), 60)
        if line.strip() != "READY":
            raise RuntimeError(f"the echoer did not start (said {line!r})")
        await b.wait_joined(bot_room, args.bot)
        await b.wait_joined(floor_room, echoer_id)
        check(await b.c.sync(timeout=0, sync_filter=SYNC_FILTER), "first sync")

        total = args.warmup + args.messages
        results: dict[str, list[tuple[float, float]]] = {"troupe": [], "floor": []}
        log(f"{args.warmup} warm-up + {args.messages} measured messages to each, interleaved")
        started = time.monotonic()
        for i in range(total):
            order = (("troupe", bot_room, args.bot, True), ("floor", floor_room, echoer_id, False))
            if i % 2:
                order = order[::-1]  # alternate who goes first, so neither always follows the other
            for name, room, responder, want_edit in order:
                sample = await b.sample(room, responder, f"ping {i}", want_edit)
                if i >= args.warmup:
                    results[name].append(sample)
                await asyncio.sleep(args.pause)
            if (i + 1) % 50 == 0:
                log(f"{i + 1}/{total} ({time.monotonic() - started:.0f} s)")

        troupe_first = stats([s[0] for s in results["troupe"]])
        troupe_final = stats([s[1] for s in results["troupe"]])
        floor = stats([s[0] for s in results["floor"]])
        report = {
            "messages": args.messages, "warmup": args.warmup,
            "floor (nio → nio reply)": floor,
            "troupe first (reply event)": troupe_first,
            "troupe final (last edit)": troupe_final,
            "ratio p50 first / floor": troupe_first["p50"] / floor["p50"],
            "ratio p50 final / floor": troupe_final["p50"] / floor["p50"],
            "ratio p99 first / floor": troupe_first["p99"] / floor["p99"],
            "target": "troupe first p50 ≤ 1.2 × floor p50",
            "target met": troupe_first["p50"] <= 1.2 * floor["p50"],
            "unexpected events from the answering side": b.other_events,
        }
        print_report(report)
        if args.synapse_log:
            report["breakdown p50 ms"] = breakdown(Path(args.synapse_log), bot_room, floor_room, args.warmup)
            print_breakdown(report["breakdown p50 ms"])
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return 0
    finally:
        if echo_proc is not None:
            try:
                await b.c.room_send(floor_room, "m.room.message", {"msgtype": "m.text", "body": "quit"},
                                    tx_id=uuid.uuid4().hex)
                echo_proc.wait(timeout=10)
            except Exception:  # noqa: BLE001 - best effort; kill it by its pid
                echo_proc.kill()
                echo_proc.wait(timeout=10)
        await b.c.close()


ACCESS_LINE = re.compile(r"^(\S+ \S+) - synapse\.access\.http\.\d+ .*?\{(@[^:}]+):[^}]*\} Processed request: "
                         r"([0-9.]+)sec.*?\"(?:PUT|POST|GET) (\S+)")


def breakdown(synapse_log: Path, bot_room: str, floor_room: str, skip: int) -> dict[str, dict[str, float]]:
    """Where the time goes, from Synapse's access log (millisecond resolution): for each measured message, the
    requests that followed bencher's send in that room. Diagnostic only; returns p50 per stage in ms."""
    reqs = []
    for line in synapse_log.read_text(errors="replace").splitlines():
        m = ACCESS_LINE.match(line)
        if not m:
            continue
        end = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
        dur, path = float(m.group(3)), m.group(4)
        room = re.search(r"/rooms/([^/]+)/", path)
        kind = next((k for k in ("sync", "typing", "receipt", "send") if f"/{k}" in path), "other")
        reqs.append({"end": end, "start": end - dur, "dur": dur, "user": m.group(2), "kind": kind,
                     "room": urllib.parse.unquote(room.group(1)) if room else None})
    stages: dict[str, dict[str, list[float]]] = {"troupe": {}, "floor": {}}
    seen = {"troupe": 0, "floor": 0}
    for i, req in enumerate(reqs):
        if req["user"] != "@bencher" or req["kind"] != "send" or req["room"] not in (bot_room, floor_room):
            continue
        which = "troupe" if req["room"] == bot_room else "floor"
        seen[which] += 1
        if seen[which] <= skip:
            continue
        later = reqs[i + 1:i + 40]
        if which == "troupe":
            mine = [x for x in later if x["user"] == "@troupe" and x["room"] == bot_room]
            receipt = next((x for x in mine if x["kind"] == "receipt"), None)
            send = next((x for x in mine if x["kind"] == "send"), None)
            if not (mine and send):
                continue
            row = {"user's send request": req["dur"],
                   "send done → bot's first request (AS push + troupe)": min(x["start"] for x in mine) - req["end"],
                   "read receipt sent before the reply (if any)": receipt["dur"] if receipt else 0.0,
                   "→ reply send starts (after receipt/first request)":
                       send["start"] - (receipt["end"] if receipt else min(x["start"] for x in mine)),
                   "reply send request": send["dur"]}
        else:
            sync = next((x for x in later if x["user"] == "@echoer" and x["kind"] == "sync"), None)
            send = next((x for x in later if x["user"] == "@echoer" and x["kind"] == "send"), None)
            if not (sync and send):
                continue
            row = {"user's send request": req["dur"],
                   "send done → echoer's sync returns": sync["end"] - req["end"],
                   "→ reply send starts": send["start"] - sync["end"],
                   "reply send request": send["dur"]}
        row["user's send starts → reply stored"] = send["end"] - req["start"]
        for key, value in row.items():
            stages[which].setdefault(key, []).append(value * 1000)
    return {which: {k: statistics.median(v) for k, v in st.items()} for which, st in stages.items()}


def print_breakdown(parts: dict[str, dict[str, float]]) -> None:
    print("\nWhere the time goes (p50, ms; from Synapse's access log, 1 ms resolution):")
    for which in ("floor", "troupe"):
        print(f"  {which}:")
        for key, value in parts[which].items():
            print(f"    {key:55} {value:7.1f}")


def print_report(rep: dict[str, Any]) -> None:
    print(f"\nReply latency, {rep['messages']} messages each (after {rep['warmup']} warm-up), milliseconds")
    print(f"{'':32} {'p50':>8} {'p90':>8} {'p99':>8} {'mean':>8} {'min':>8} {'max':>8}")
    for key in ("floor (nio → nio reply)", "troupe first (reply event)", "troupe final (last edit)"):
        s = rep[key]
        print(f"{key:32} {s['p50']:8.1f} {s['p90']:8.1f} {s['p99']:8.1f} {s['mean']:8.1f} {s['min']:8.1f} {s['max']:8.1f}")
    print(f"ratio p50 troupe first / floor: {rep['ratio p50 first / floor']:.3f}   "
          f"(final / floor: {rep['ratio p50 final / floor']:.3f}; p99 first / floor: {rep['ratio p99 first / floor']:.3f})")
    print(f"target ({rep['target']}): {'MET' if rep['target met'] else 'NOT MET'}")
    if rep["unexpected events from the answering side"]:
        print(f"note: {rep['unexpected events from the answering side']} other message(s) from the answering side "
              f"(e.g. 'Queued' notices) were seen")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("configure")
    c.add_argument("config")
    c.add_argument("--as-port", type=int, required=True)
    c.add_argument("--fake", required=True)
    c.add_argument("--domain", default="localhost")
    rn = sub.add_parser("run")
    rn.add_argument("--homeserver", required=True)
    rn.add_argument("--bot", required=True)
    rn.add_argument("--messages", type=int, default=200)
    rn.add_argument("--warmup", type=int, default=10)
    rn.add_argument("--pause", type=float, default=0.02, help="seconds between samples")
    rn.add_argument("--json")
    rn.add_argument("--synapse-log", help="Synapse's homeserver.log: also print where the time goes")
    e = sub.add_parser("echoer")
    for opt in ("--homeserver", "--user", "--password", "--room", "--peer"):
        e.add_argument(opt, required=True)
    args = ap.parse_args()
    if args.cmd == "configure":
        configure(args)
        return 0
    if args.cmd == "echoer":
        asyncio.run(echoer(args))
        return 0
    return asyncio.run(run_bench(args))


if __name__ == "__main__":
    sys.exit(main())
