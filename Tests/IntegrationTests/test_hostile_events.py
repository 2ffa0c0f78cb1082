"""A user who sends hostile but valid events cannot stop Troupe from answering the next ordinary message, and a
transaction the homeserver sends is answered 200 whatever one event inside it looks like (issue 11, items 2 and 10).

Before: an event nested deeper than 256 levels made the endpoint answer 400 for the whole transaction, which the
homeserver retries forever; nothing after it was ever received.
"""

from __future__ import annotations

import secrets
import time
import uuid

from nio import RoomSendError

from conftest import BOT, Stack
from matrix_client import Client, run
from test_appservice import PONG_TIMEOUT, forged_ping, is_pong, put_txn, room_with_bot

REPLY_TIMEOUT = 120.0


def nested(depth: int) -> dict:
    """An object nested `depth` levels deep: {"a": {"a": … 1 …}}."""
    value: object = 1
    for _ in range(depth):
        value = {"a": value}
    return value  # type: ignore[return-value]


REFUSED: list[str] = []


async def try_send(client: Client, room: str, content: dict, event_type: str = "m.room.message") -> str | None:
    """Sends an event; None when the homeserver refuses it (then it is not a *valid* hostile event)."""
    resp = await client.nio.room_send(room, event_type, content, tx_id=uuid.uuid4().hex)
    if isinstance(resp, RoomSendError):
        REFUSED.append(f"{str(content)[:60]}: {resp.message}")
        return None
    return resp.event_id


async def deepest_accepted(client: Client, room: str) -> tuple[int, str]:
    """Binary search for the deepest content Synapse accepts from a client; sends the accepted events."""
    low, high, best = 1, 400, None
    while low <= high:
        middle = (low + high) // 2
        event_id = await try_send(client, room, {"msgtype": "m.text", "body": f"deep {middle}", "x": nested(middle)})
        if event_id:
            best = (middle, event_id)
            low = middle + 1
        else:
            high = middle - 1
    assert best is not None, "Synapse refused even a 1-level nested content"
    return best


def test_hostile_events_do_not_stop_the_next_message(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await room_with_bot(alice, "it-hostile-" + uuid.uuid4().hex[:6])
            depth, _ = await deepest_accepted(alice, room)
            assert depth >= 64, f"Synapse accepted content only {depth} levels deep"
            print(f"deepest content Synapse accepted from a client: {depth} levels")
            # What Synapse 1.163 accepts from a client (it refuses a non-string body and malformed m.mentions;
            # those are sent straight to the endpoint in the next test, as another homeserver might).
            hostile = [
                {"msgtype": "m.text", "body": "relates", "m.relates_to": "x"},
                {"msgtype": "m.text", "body": "typed", "m.relates_to": {"rel_type": 5, "event_id": [1], "m.in_reply_to": "x"},
                 "format": 7, "formatted_body": {"a": 1}},
                {"msgtype": 5, "body": "msgtype"},
                {"msgtype": "m.text", "body": "edit", "m.new_content": "x", "m.relates_to": {"rel_type": "m.replace", "event_id": 5}},
                {"msgtype": "m.text", "body": "y" * 60_000},
                {"msgtype": "m.text", "body": "z" * 20_000, "formatted_body": "<b>" * 10_000},
            ]
            sent = 0
            REFUSED.clear()
            for content in hostile:
                if await try_send(alice, room, content):
                    sent += 1
            assert sent >= 4, f"Synapse accepted only {sent} of the hostile events; refused: {REFUSED}"
            await try_send(alice, room, {"m.relates_to": "x", "key": 5}, event_type="m.reaction")
            await try_send(alice, room, {"m.relates_to": {"rel_type": "m.annotation", "event_id": 5, "key": ["1"]}},
                           event_type="m.reaction")

            # The next ordinary command and the next ordinary message are both answered.
            ping = await alice.send_text(room, "!ping")
            await alice.wait_for_message(room, BOT, is_pong, after=ping, timeout=REPLY_TIMEOUT)
            marker = "after-hostile-" + secrets.token_hex(4)
            hello = await alice.send_text(room, marker)
            await alice.wait_for_message(room, BOT, lambda ev: marker in str((ev.get("content") or {}).get("body")),
                                         after=hello, timeout=REPLY_TIMEOUT)

    run(scenario(), timeout=600)


def filler_event(index: int, size: int) -> dict:
    """A ~`size`-byte message in a room no agent is in: stored and parsed, then ignored."""
    return {
        "type": "m.room.message", "room_id": "!nowhere-" + str(index % 10), "sender": "@someone:elsewhere",
        "event_id": "$" + secrets.token_urlsafe(32), "origin_server_ts": int(time.time() * 1000),
        "content": {"msgtype": "m.text", "body": "f" * size}, "unsigned": {"age": 1},
    }


def test_deep_and_huge_transaction_is_answered_200_and_the_next_one_handled(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await room_with_bot(alice, "it-deep-txn-" + uuid.uuid4().hex[:6])

            # As large as Synapse sends: 100 events of ~64 KiB (one of them nested 450 levels deep) and 100
            # to-device messages of ~60 KiB: about 12.5 MB.
            deep = forged_ping(room, live.user_id("alice"))
            deep["content"] = {"msgtype": "m.text", "body": "!ping", "x": nested(450)}
            wrong = []
            for content in ({"msgtype": "m.text", "body": 5}, {"msgtype": "m.text", "body": "m", "m.mentions": "@troupe:localhost"},
                            {"msgtype": "m.text", "body": "r", "m.mentions": {"user_ids": "x", "room": "yes"}},
                            {"msgtype": 5, "body": ["a", {"b": None}]}, "not an object"):
                event = forged_ping(room, live.user_id("alice"))
                event["content"] = content
                wrong.append(event)
            events = [filler_event(i, 64_000) for i in range(94)] + wrong + [deep]
            to_device = [{"type": "m.dummy", "sender": "@someone:elsewhere", "to_user_id": BOT,
                          "to_device_id": "NOSUCHDEVICE", "content": {"pad": "d" * 60_000}} for _ in range(100)]
            body = {"events": events, "de.sorunome.msc2409.to_device": to_device}
            res = put_txn(live, "it-deep-" + uuid.uuid4().hex, body)
            assert res.status == 200 and res.json == {}, f"deep + huge transaction: {res}"

            # The next transaction's message is answered (the deep one was dropped, so exactly one pong).
            follow = forged_ping(room, live.user_id("alice"))
            res = put_txn(live, "it-deep-next-" + uuid.uuid4().hex, {"events": [follow]})
            assert res.status == 200, f"next transaction: {res}"
            pongs = await alice.wait_for_message(room, BOT, is_pong, timeout=PONG_TIMEOUT)
            assert pongs, "no pong after the deep transaction"

    run(scenario(), timeout=300)
