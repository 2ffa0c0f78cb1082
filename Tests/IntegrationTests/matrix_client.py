"""A small matrix-nio helper for the integration tests.

Every wait is bounded: helpers take a ``timeout`` (seconds) and raise ``TimeoutError`` with a description of
what was awaited and what was last seen. Room history is read with ``/messages`` (no long-lived sync loop), so a
helper sees exactly what the homeserver stored, in timeline order.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any, Callable, Iterable

from nio import AsyncClient, AsyncClientConfig, MessageDirection
from nio import responses as r

Event = dict[str, Any]


class MatrixError(RuntimeError):
    pass


def _check(resp: Any, what: str) -> Any:
    if isinstance(resp, r.ErrorResponse):
        raise MatrixError(f"{what} failed: {getattr(resp, 'status_code', None)} {resp.message}")
    return resp


class Client:
    """One logged-in user. Use ``async with Client.login(...) as c:`` or call ``close()``."""

    def __init__(self, homeserver: str, user_id: str):
        cfg = AsyncClientConfig(encryption_enabled=False, store_sync_tokens=False, request_timeout=30,
                                max_timeouts=2, max_limit_exceeded=0)
        self.homeserver = homeserver
        self.user_id = user_id
        self.nio = AsyncClient(homeserver, user_id, config=cfg)

    # --- lifecycle --------------------------------------------------------------------------------
    @classmethod
    async def login(cls, homeserver: str, user_id: str, password: str) -> "Client":
        c = cls(homeserver, user_id)
        try:
            _check(await c.nio.login(password, device_name="troupe-it"), f"login {user_id}")
        except BaseException:
            await c.close()
            raise
        return c

    async def close(self) -> None:
        await self.nio.close()

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # --- rooms ------------------------------------------------------------------------------------
    async def create_room(self, name: str | None = None, invite: Iterable[str] = (), is_direct: bool = False) -> str:
        from nio.api import RoomPreset

        resp = _check(await self.nio.room_create(name=name, invite=list(invite), is_direct=is_direct,
                                                 preset=RoomPreset.private_chat), "createRoom")
        return resp.room_id

    async def invite(self, room_id: str, user_id: str) -> None:
        _check(await self.nio.room_invite(room_id, user_id), f"invite {user_id}")

    async def join(self, room_id: str) -> None:
        _check(await self.nio.join(room_id), f"join {room_id}")

    async def wait_for_invite(self, inviter: str, name: str | None = None, timeout: float = 30.0) -> str:
        """Syncs until a pending invite from ``inviter`` (to a room named ``name``, if given) shows up; returns
        the room id. A room of that kind that this user already joined counts too (so a test can run twice)."""
        deadline = time.monotonic() + timeout
        seen: list[tuple[str, str | None, str | None]] = []
        while True:
            _check(await self.nio.sync(timeout=1000, full_state=True), "sync")
            seen = []
            for room_id, room in self.nio.invited_rooms.items():
                seen.append((room_id, room.inviter, room.name))
                if room.inviter == inviter and (name is None or room.name == name):
                    return room_id
            for room_id, room in self.nio.rooms.items():
                if inviter in room.users and (name is None or room.name == name):
                    return room_id
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{self.user_id} got no invite from {inviter} (room name {name!r}) within "
                                   f"{timeout:g} s; pending invites (room, inviter, name): {seen}")

    async def room_name(self, room_id: str) -> str | None:
        resp = await self.nio.room_get_state_event(room_id, "m.room.name", "")
        if isinstance(resp, r.RoomGetStateEventError):
            return None
        return resp.content.get("name")

    async def membership(self, room_id: str, user_id: str) -> str | None:
        """The current ``m.room.member`` membership of ``user_id`` in the room, or None if there is none."""
        resp = await self.nio.room_get_state_event(room_id, "m.room.member", user_id)
        if isinstance(resp, r.RoomGetStateEventError):
            if resp.status_code == "M_NOT_FOUND":
                return None
            raise MatrixError(f"get membership of {user_id}: {resp.status_code} {resp.message}")
        return resp.content.get("membership")

    async def wait_for_membership(self, room_id: str, user_id: str, wanted: str | Iterable[str],
                                  timeout: float = 30.0, fail_on: Iterable[str] = ()) -> str:
        """Polls until the membership is one of ``wanted``; raises AssertionError at once on one of ``fail_on``."""
        wanted = {wanted} if isinstance(wanted, str) else set(wanted)
        fail_on = set(fail_on)
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = await self.membership(room_id, user_id)
            if last in wanted:
                return last
            if last in fail_on:
                raise AssertionError(f"membership of {user_id} in {room_id} became {last!r} (wanted {sorted(wanted)})")
            if time.monotonic() >= deadline:
                raise TimeoutError(f"membership of {user_id} in {room_id} is {last!r} after {timeout:g} s, "
                                   f"wanted one of {sorted(wanted)}")
            await asyncio.sleep(0.25)

    # --- sending ----------------------------------------------------------------------------------
    async def send_text(self, room_id: str, body: str, msgtype: str = "m.text") -> str:
        resp = _check(await self.nio.room_send(room_id, "m.room.message", {"msgtype": msgtype, "body": body},
                                               tx_id=uuid.uuid4().hex), "send")
        return resp.event_id

    async def send(self, room_id: str, content: dict[str, Any], event_type: str = "m.room.message") -> str:
        """Sends any content as is; returns the event id."""
        resp = _check(await self.nio.room_send(room_id, event_type, content, tx_id=uuid.uuid4().hex),
                      f"send {event_type}")
        return resp.event_id

    async def reply(self, room_id: str, to_event: str, body: str) -> str:
        """A reply without the (deprecated) fallback quote: `m.relates_to.m.in_reply_to`."""
        return await self.send(room_id, {"msgtype": "m.text", "body": body,
                                         "m.relates_to": {"m.in_reply_to": {"event_id": to_event}}})

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        return await self.send(room_id, {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id,
                                                          "key": key}}, event_type="m.reaction")

    # --- reading ----------------------------------------------------------------------------------
    async def timeline(self, room_id: str, after: str | None = None, max_events: int = 2000) -> list[Event]:
        """Raw events of the room in timeline order; with ``after``, only those after that event id.

        Raises MatrixError if ``after`` is not found within ``max_events`` events."""
        events: list[Event] = []
        token: str | None = None
        found = after is None
        while len(events) < max_events:
            resp = _check(await self.nio.room_messages(room_id, start=token, direction=MessageDirection.back,
                                                       limit=100), "messages")
            page = [e.source for e in resp.chunk]
            if after is not None:
                ids = [e.get("event_id") for e in page]
                if after in ids:
                    events.extend(page[: ids.index(after)])
                    found = True
                    break
            events.extend(page)
            if not resp.chunk or not resp.end or resp.end == token:
                break
            token = resp.end
        if not found:
            raise MatrixError(f"event {after} not found in the last {len(events)} events of {room_id}")
        events.reverse()
        return events

    async def messages(self, room_id: str, sender: str | None = None,
                       predicate: Callable[[Event], bool] | None = None, after: str | None = None) -> list[Event]:
        """``m.room.message`` events (optionally from ``sender``, matching ``predicate``, after an event id)."""
        out = []
        for ev in await self.timeline(room_id, after=after):
            if ev.get("type") != "m.room.message":
                continue
            if sender is not None and ev.get("sender") != sender:
                continue
            if predicate is not None and not predicate(ev):
                continue
            out.append(ev)
        return out

    async def count_messages(self, room_id: str, sender: str | None = None,
                             predicate: Callable[[Event], bool] | None = None, after: str | None = None) -> int:
        return len(await self.messages(room_id, sender, predicate, after))

    async def wait_for_message(self, room_id: str, sender: str, predicate: Callable[[Event], bool] | None = None,
                               after: str | None = None, timeout: float = 30.0, count: int = 1) -> list[Event]:
        """Polls until at least ``count`` matching messages exist; returns them (timeline order)."""
        deadline = time.monotonic() + timeout
        while True:
            found = await self.messages(room_id, sender, predicate, after)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                recent = [(e.get("sender"), e.get("type"), (e.get("content") or {}).get("body"))
                          for e in (await self.timeline(room_id))[-10:]]
                raise TimeoutError(f"{len(found)}/{count} matching message(s) from {sender} in {room_id} "
                                   f"after {timeout:g} s; last events: {recent}")
            await asyncio.sleep(0.3)

    async def events(self, room_id: str, predicate: Callable[[Event], bool], after: str | None = None) -> list[Event]:
        """Any events of the room matching ``predicate`` (timeline order)."""
        return [e for e in await self.timeline(room_id, after=after) if predicate(e)]

    async def wait_for_events(self, room_id: str, predicate: Callable[[Event], bool], what: str,
                              after: str | None = None, timeout: float = 30.0, count: int = 1) -> list[Event]:
        """Polls until at least ``count`` events match ``predicate``; ``what`` describes them for the error."""
        deadline = time.monotonic() + timeout
        while True:
            found = await self.events(room_id, predicate, after)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                recent = [(e.get("sender"), e.get("type"), (e.get("content") or {}).get("body")
                           or (e.get("content") or {}).get("m.relates_to"))
                          for e in (await self.timeline(room_id))[-12:]]
                raise TimeoutError(f"{len(found)}/{count} {what} in {room_id} after {timeout:g} s; "
                                   f"last events: {recent}")
            await asyncio.sleep(0.3)

    async def edits_of(self, room_id: str, event_id: str, sender: str | None = None) -> list[Event]:
        """The ``m.replace`` edits of ``event_id`` (from ``sender``, if given), oldest first."""
        return [e for e in await self.timeline(room_id) if is_edit_of(e, event_id)
                and (sender is None or e.get("sender") == sender)]

    async def final_text(self, room_id: str, event: Event) -> str:
        """What a client shows for ``event``: the last edit's ``m.new_content.body``, else its own body."""
        edits = await self.edits_of(room_id, event["event_id"], sender=event.get("sender"))
        if edits:
            return (edits[-1]["content"].get("m.new_content") or {}).get("body", "")
        return (event.get("content") or {}).get("body", "")

    async def wait_for_final_text(self, room_id: str, event: Event, predicate: Callable[[str], bool], what: str,
                                  timeout: float = 30.0) -> str:
        """Polls until the text shown for ``event`` (after edits) satisfies ``predicate``; returns it."""
        deadline = time.monotonic() + timeout
        while True:
            text = await self.final_text(room_id, event)
            if predicate(text):
                return text
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the text of {event['event_id']} from {event.get('sender')} is {text!r} after "
                                   f"{timeout:g} s; wanted {what}")
            await asyncio.sleep(0.3)

    async def reactions_on(self, room_id: str, event_id: str, sender: str | None = None) -> list[str]:
        """The annotation keys on ``event_id`` (from ``sender``, if given), in timeline order."""
        out = []
        for e in await self.timeline(room_id):
            rel = (e.get("content") or {}).get("m.relates_to") or {}
            if e.get("type") == "m.reaction" and rel.get("rel_type") == "m.annotation" \
                    and rel.get("event_id") == event_id and (sender is None or e.get("sender") == sender):
                out.append(rel.get("key"))
        return out

    async def member_events(self, room_id: str, user_id: str) -> list[Event]:
        """Every ``m.room.member`` event about ``user_id`` in the visible history, oldest first."""
        return [e for e in await self.timeline(room_id)
                if e.get("type") == "m.room.member" and e.get("state_key") == user_id]


def body_is(text: str) -> Callable[[Event], bool]:
    return lambda ev: (ev.get("content") or {}).get("body") == text


def is_edit(ev: Event) -> bool:
    return ((ev.get("content") or {}).get("m.relates_to") or {}).get("rel_type") == "m.replace"


def is_edit_of(ev: Event, event_id: str) -> bool:
    rel = (ev.get("content") or {}).get("m.relates_to") or {}
    return ev.get("type") == "m.room.message" and rel.get("rel_type") == "m.replace" and rel.get("event_id") == event_id


def reply_target(ev: Event) -> str | None:
    """The event id ``ev`` replies to (``m.relates_to.m.in_reply_to.event_id``), if any."""
    rel = (ev.get("content") or {}).get("m.relates_to") or {}
    return (rel.get("m.in_reply_to") or {}).get("event_id")


def run(coro: Any, timeout: float = 120.0) -> Any:
    """Runs a coroutine to completion from a sync test, bounded by ``timeout`` seconds."""
    return asyncio.run(asyncio.wait_for(coro, timeout))
