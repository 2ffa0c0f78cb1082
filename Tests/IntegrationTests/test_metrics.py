"""Prometheus metrics against a real Synapse: after a message to the agent (the fake Claude CLI answers
`echo: <prompt>`), `GET /metrics` shows the transactions and events that brought it, the finished turn, the answer
sent, and histograms with their buckets.
"""
from __future__ import annotations

import http.client
import re
import time

from conftest import Stack
from matrix_client import run
from test_bridge import ask, dm_with

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")


def scrape(stack: Stack) -> str:
    settings = stack.config["metrics"]
    conn = http.client.HTTPConnection(settings["hostname"], settings["port"], timeout=10)
    try:
        conn.request("GET", "/metrics")
        response = conn.getresponse()
        text = response.read().decode()
        assert response.status == 200, f"GET /metrics answered {response.status}: {text[:200]}"
        content_type = response.getheader("Content-Type") or ""
        assert content_type.startswith("text/plain; version=0.0.4"), f"unexpected content type {content_type!r}"
        return text
    finally:
        conn.close()


def samples(text: str, name: str) -> dict[str, float]:
    """Every sample of the series ``name``: its label set (``'{…}'`` or ``''``) -> value."""
    found: dict[str, float] = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match and match.group(1) == name:
            found[match.group(2) or ""] = float(match.group(3))
    return found


def total(text: str, name: str, *labels: str) -> float:
    """The sum of the samples of ``name`` whose labels contain every one of ``labels`` (e.g. ``'outcome="finished"'``)."""
    return sum(value for label_set, value in samples(text, name).items() if all(label in label_set for label in labels))


def test_metrics_move_with_traffic(live: Stack):
    before = scrape(live)

    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-metrics-dm")
            await ask(alice, room, "count me", expect="echo: count me")

    run(scenario(), timeout=120)

    # The turn is counted as it ends, a moment after its answer went out.
    deadline = time.monotonic() + 15
    while True:
        text = scrape(live)
        finished = total(text, "troupe_turns_total", 'agent="main"', 'outcome="finished"')
        if finished > total(before, "troupe_turns_total", 'agent="main"', 'outcome="finished"') or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    assert finished > total(before, "troupe_turns_total", 'agent="main"', 'outcome="finished"'), (
        f"no finished turn of main counted: {samples(text, 'troupe_turns_total')}")
    assert total(text, "troupe_transactions_received_total") > total(before, "troupe_transactions_received_total")
    assert total(text, "troupe_events_received_total", 'kind="timeline"', 'type="m.room.message"') > 0, (
        samples(text, "troupe_events_received_total"))
    assert total(text, "troupe_messages_sent_total", 'transport="matrix"', 'type="m.room.message"') > 0, (
        samples(text, "troupe_messages_sent_total"))

    for histogram in ("troupe_transaction_store_seconds", "troupe_dispatch_lag_seconds",
                      "troupe_turn_duration_seconds", "troupe_turn_first_text_seconds"):
        assert total(text, histogram + "_count") > 0, f"{histogram}_count did not move"
        buckets = samples(text, histogram + "_bucket")
        assert any('le="+Inf"' in labels for labels in buckets), f"{histogram} has no +Inf bucket: {buckets}"
        assert len(buckets) > 3, f"{histogram} has too few buckets: {buckets}"
    assert "# TYPE troupe_dispatch_lag_seconds histogram" in text

    # Gauges recorded at start: the delivery queue (empty) and, with encryption allowed, the stored sessions.
    assert samples(text, "troupe_delivery_queue_depth") == {"": 0.0}
    assert "" in samples(text, "troupe_megolm_inbound_sessions")
    # Labels never carry room ids, user ids or text.
    assert "!" not in "".join(line for line in text.splitlines() if not line.startswith("#"))
    assert "count me" not in text
