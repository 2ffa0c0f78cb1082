"""A local fake of the Telegram Bot API, for Troupe's integration tests (Python stdlib only).

It speaks the official method and field names over HTTP on 127.0.0.1 — `{url}/bot{token}/{method}` with JSON,
form or multipart parameters, answers `{"ok": true, "result": ...}` or `{"ok": false, "error_code", "description"
[, "parameters"]}` — and keeps what a test needs to drive and check a bot:

  * an inbox the test pushes updates into (`push_text`, `push_callback`, `push_update`), served by `getUpdates`
    with real long polling (`timeout` seconds) and Telegram's offset rule (updates below `offset` are confirmed
    and dropped);
  * every call, in order (`calls`, `calls_of`, `wait_for`), and every chat's messages with their edit history
    (`messages`, `wait_for_message`);
  * Telegram's errors: 401 for a wrong token, 404 for an unknown method, 400 "Bad Request: message is not
    modified" for an edit that changes nothing, 400 for HTML Telegram cannot parse or text over 4096 characters,
    and any error a test queues with `fail_next` (e.g. 429 with `parameters.retry_after`).

Several bots can share the server (`add_bot`), as an agent's own bot does with the main one.

Implemented methods: getMe, getUpdates, sendMessage, editMessageText, deleteMessage, sendChatAction,
answerCallbackQuery, setMyCommands, getMyCommands, setWebhook, deleteWebhook, leaveChat, getFile (+ download from /file/bot{token}/{path}),
sendDocument, sendPhoto, setMessageReaction.
"""

from __future__ import annotations

import email.parser
import email.policy
import html.parser
import itertools
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "blockquote",
                "tg-spoiler", "span", "tg-emoji"}
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class APIError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class _TelegramHTML(html.parser.HTMLParser):
    """Parses text the way Telegram's HTML mode does, closely enough to reject what Telegram rejects: unknown
    tags, unbalanced tags, stray `<`/`&`. `text` is the visible text after parsing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f"Unexpected end tag \"{tag}\""
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML; raises APIError 400 as Telegram would."""
    if re.search(r"&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        raise APIError(400, "Bad Request: can't parse entities: Character '&' is reserved and must be escaped")
    if re.search(r"<(?![a-zA-Z/])", text):
        raise APIError(400, "Bad Request: can't parse entities: Unexpected character '<'")
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.error:
        raise APIError(400, f"Bad Request: can't parse entities: {parser.error}")
    if parser.stack:
        raise APIError(400, f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{parser.stack[-1]}\"")
    return parser.text


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Message:
    """A message in the fake: what the bot sent (or a user sent, for reply targets), with its edits."""
    message_id: int
    chat_id: int
    text: str
    sender_id: int
    thread_id: int | None = None
    reply_to: int | None = None
    reply_markup: dict | None = None
    history: list[str] = field(default_factory=list)  # every text it showed, the first one included
    deleted: bool = False
    kind: str = "text"  # text, document, photo
    file_name: str | None = None


@dataclass
class Call:
    method: str
    params: dict
    time: float
    status: int
    bot: str = ""  # the username of the bot whose token made the call


@dataclass
class Bot:
    """One bot the fake serves: its identity, its inbox, the offsets it polled with, its command menu."""
    token: str
    id: int
    username: str
    first_name: str
    updates: list[dict] = field(default_factory=list)
    poll_offsets: list[int | None] = field(default_factory=list)
    commands: list[dict] = field(default_factory=list)
    last_update_id: int | None = None  # of the latest pushed update
    webhook: str = ""  # while set, getUpdates answers 409 as Telegram does

    def user(self) -> dict:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token", bot_id: int = 7000000001, username: str = "troupe_test_bot",
                 first_name: str = "Troupe"):
        self.main = Bot(token, bot_id, username, first_name)
        self.bots: dict[str, Bot] = {token: self.main}
        self.lock = threading.Condition()
        self.update_ids = itertools.count(500000)
        self.message_ids = itertools.count(1000)
        self.callback_ids = itertools.count(1)
        self.messages: dict[int, Message] = {}
        self.reactions: dict[int, list[str]] = {}  # message id -> the bot's reaction emoji (setMessageReaction)
        self.calls: list[Call] = []
        self.failures: dict[str, list[APIError]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.left_chats: list[int] = []
        self.server: ThreadingHTTPServer | None = None
        self.file_delay_s = 0.0  # how long a file download takes, as from a slow Telegram file server
        self.thread: threading.Thread | None = None

    def add_bot(self, token: str, bot_id: int, username: str, first_name: str = "Agent") -> Bot:
        """A further bot on the same server (an agent's own bot); pass it as ``bot=`` to push and wait helpers."""
        bot = Bot(token, bot_id, username, first_name)
        self.bots[token] = bot
        return bot

    # The main bot's identity and state, for tests with one bot.
    token = property(lambda self: self.main.token)
    bot_id = property(lambda self: self.main.id)
    username = property(lambda self: self.main.username)
    commands = property(lambda self: self.main.commands)
    poll_offsets = property(lambda self: self.main.poll_offsets)
    last_update_id = property(lambda self: self.main.last_update_id)

    # ------------------------------------------------------------------------------------------------ server
    @property
    def url(self) -> str:
        assert self.server is not None, "fake Telegram is not running"
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self, port: int = 0) -> "FakeTelegram":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt: str, *args: Any) -> None:  # quiet: the record of calls is the log
                pass

            def do_GET(self) -> None:
                fake._serve(self)

            def do_POST(self) -> None:
                fake._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-telegram", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            with self.lock:
                self.lock.notify_all()
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        file_match = re.fullmatch(r"/file/bot([^/]+)/(.+)", parsed.path)
        if parsed.path.startswith("/file/"):
            if not file_match or file_match.group(1) not in self.bots:
                return self._reply(handler, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            path = urllib.parse.unquote(file_match.group(2))
            time.sleep(self.file_delay_s)
            for file_path, data in self.files.values():
                if file_path == path:
                    return self._reply_bytes(handler, 200, data, "application/octet-stream")
            return self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", parsed.path)
        if not match:
            return self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        token, method = match.groups()
        bot = self.bots.get(token)
        if bot is None:
            self._record(method, {}, 401, "")
            return self._reply(handler, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        try:
            params = self._params(handler, parsed.query, body)
        except ValueError as e:
            return self._reply(handler, 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {e}"})
        try:
            with self.lock:
                queued = self.failures.get(method)
                if queued:
                    raise queued.pop(0)
            impl = getattr(self, "m_" + method, None)
            if impl is None:
                raise APIError(404, "Not Found")
            result = impl(params, bot)
        except APIError as e:
            self._record(method, params, e.code, bot.username)
            answer = {"ok": False, "error_code": e.code, "description": e.description}
            if e.parameters:
                answer["parameters"] = e.parameters
            return self._reply(handler, e.code, answer)
        self._record(method, params, 200, bot.username)
        self._reply(handler, 200, {"ok": True, "result": result})

    def _params(self, handler: BaseHTTPRequestHandler, query: str, body: bytes) -> dict:
        params: dict[str, Any] = {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}
        ctype = handler.headers.get("Content-Type") or ""
        if not body:
            return params
        if ctype.startswith("application/json"):
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("parameters must be a JSON object")
            params.update(data)
        elif ctype.startswith("application/x-www-form-urlencoded"):
            params.update({k: v[-1] for k, v in urllib.parse.parse_qs(body.decode()).items()})
        elif ctype.startswith("multipart/form-data"):
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {ctype}\r\n\r\n".encode() + body)
            if not msg.is_multipart():
                raise ValueError("malformed multipart body")
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                params[name] = {"filename": filename, "data": payload} if filename is not None else payload.decode()
        else:
            raise ValueError(f"unsupported Content-Type {ctype!r}")
        # JSON-serialized fields in form and multipart requests, as the Bot API accepts them
        for key in ("reply_markup", "reply_parameters", "commands", "allowed_updates", "link_preview_options"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    def _record(self, method: str, params: dict, status: int, bot: str) -> None:
        shown = {k: ("<file>" if isinstance(v, dict) and "data" in v else v) for k, v in params.items()}
        with self.lock:
            self.calls.append(Call(method, shown, time.monotonic(), status, bot))
            self.lock.notify_all()

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, answer: dict) -> None:
        FakeTelegram._reply_bytes(handler, status, json.dumps(answer).encode(), "application/json")

    @staticmethod
    def _reply_bytes(handler: BaseHTTPRequestHandler, status: int, data: bytes, ctype: str) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. troupe was killed during a long poll)

    # ------------------------------------------------------------------------------------------------ objects
    def _sender(self, user_id: int) -> dict:
        bot = next((b for b in self.bots.values() if b.id == user_id), None)
        return bot.user() if bot else self.user(user_id)

    @staticmethod
    def user(user_id: int, first_name: str = "User", username: str | None = None) -> dict:
        u = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            u["username"] = username
        return u

    @staticmethod
    def chat(chat_id: int, title: str | None = None, forum: bool = False) -> dict:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        c = {"id": chat_id, "type": "supergroup", "title": title or f"Group {chat_id}"}
        if forum:
            c["is_forum"] = True
        return c

    def _message_object(self, m: Message) -> dict:
        obj: dict[str, Any] = {"message_id": m.message_id, "date": int(time.time()), "chat": self.chat(m.chat_id),
                               "from": self._sender(m.sender_id)}
        if m.kind == "text":
            obj["text"] = m.text
        elif m.kind == "document":
            obj["document"] = {"file_id": f"doc-{m.message_id}", "file_unique_id": f"u{m.message_id}", "file_name": m.file_name}
        elif m.kind == "photo":
            obj["photo"] = [{"file_id": f"photo-{m.message_id}", "file_unique_id": f"p{m.message_id}", "width": 10, "height": 10}]
        if m.thread_id is not None:
            obj["message_thread_id"] = m.thread_id
            obj["is_topic_message"] = True
        if m.reply_markup:
            obj["reply_markup"] = m.reply_markup
        return obj

    # ------------------------------------------------------------------------------------------------ the inbox
    def push_update(self, update: dict, bot: Bot | None = None) -> int:
        """Queues a raw update for ``bot`` (default: the main bot; its update_id is assigned here); returns the update_id."""
        bot = bot or self.main
        with self.lock:
            update = {"update_id": next(self.update_ids), **update}
            bot.updates.append(update)
            bot.last_update_id = update["update_id"]
            self.lock.notify_all()
            return update["update_id"]

    def push_text(self, chat_id: int, user_id: int, text: str, *, first_name: str = "User", username: str | None = None,
                  reply_to: int | None = None, thread_id: int | None = None, entities: list | None = None,
                  mention_bot: bool = False, bot: Bot | None = None) -> int:
        """A user's text message to ``bot``; returns its message_id. ``mention_bot`` prefixes "@<bot> " with its entity."""
        bot = bot or self.main
        if mention_bot:
            text = f"@{bot.username} {text}"
            entities = [{"type": "mention", "offset": 0, "length": utf16_len(bot.username) + 1}] + (entities or [])
        with self.lock:
            mid = next(self.message_ids)
            self.messages[mid] = Message(mid, chat_id, text, user_id, thread_id=thread_id, reply_to=reply_to, history=[text])
        msg: dict[str, Any] = {"message_id": mid, "date": int(time.time()), "from": self.user(user_id, first_name, username),
                               "chat": self.chat(chat_id, forum=thread_id is not None), "text": text}
        if entities:
            msg["entities"] = entities
        if text.startswith("/"):
            cmd = text.split()[0]
            msg.setdefault("entities", []).insert(0, {"type": "bot_command", "offset": 0, "length": utf16_len(cmd)})
        if thread_id is not None:
            msg["message_thread_id"] = thread_id
            msg["is_topic_message"] = True
        if reply_to is not None:
            target = self.messages.get(reply_to)
            if target is not None:
                msg["reply_to_message"] = self._message_object(target)
        self.push_update({"message": msg}, bot)
        return mid

    def push_document(self, chat_id: int, user_id: int, file_name: str, data: bytes, caption: str = "") -> int:
        with self.lock:
            mid = next(self.message_ids)
            self.messages[mid] = Message(mid, chat_id, caption, user_id, kind="document", file_name=file_name)
            self.files[f"doc-{mid}"] = (f"documents/file_{mid}_{file_name}", data)
        msg = {"message_id": mid, "date": int(time.time()), "from": self.user(user_id), "chat": self.chat(chat_id),
               "document": {"file_id": f"doc-{mid}", "file_unique_id": f"u{mid}", "file_name": file_name,
                            "file_size": len(data)}}
        if caption:
            msg["caption"] = caption
        self.push_update({"message": msg})
        return mid

    def push_photo(self, chat_id: int, user_id: int, data: bytes, width: int, height: int, caption: str = "") -> int:
        """A photo as Telegram delivers one, in several sizes: the JPEG given, and a preview listed first whose bytes
        are no image (a bot that took it instead of the largest would be caught); returns its message_id."""
        preview = b"the preview, not the photo"
        with self.lock:
            mid = next(self.message_ids)
            self.messages[mid] = Message(mid, chat_id, caption, user_id, kind="photo")
            self.files[f"photo-{mid}"] = (f"photos/file_{mid}.jpg", data)
            self.files[f"photo-{mid}-s"] = (f"photos/file_{mid}_s.jpg", preview)
        sizes = [{"file_id": f"photo-{mid}-s", "file_unique_id": f"p{mid}s", "width": 90, "height": 60, "file_size": len(preview)},
                 {"file_id": f"photo-{mid}", "file_unique_id": f"p{mid}", "width": width, "height": height, "file_size": len(data)}]
        msg = {"message_id": mid, "date": int(time.time()), "from": self.user(user_id), "chat": self.chat(chat_id), "photo": sizes}
        if caption:
            msg["caption"] = caption
        self.push_update({"message": msg})
        return mid

    def push_voice(self, chat_id: int, user_id: int, data: bytes) -> int:
        """A voice note (OGG/Opus as Telegram sends them); returns its message_id."""
        with self.lock:
            mid = next(self.message_ids)
            self.messages[mid] = Message(mid, chat_id, "", user_id, kind="voice")
            self.files[f"voice-{mid}"] = (f"voice/file_{mid}.oga", data)
        self.push_update({"message": {"message_id": mid, "date": int(time.time()), "from": self.user(user_id),
                                      "chat": self.chat(chat_id),
                                      "voice": {"file_id": f"voice-{mid}", "file_unique_id": f"v{mid}", "duration": 2,
                                                "mime_type": "audio/ogg", "file_size": len(data)}}})
        return mid

    def push_callback(self, chat_id: int, user_id: int, message_id: int, data: str, bot: Bot | None = None) -> str:
        """A press on an inline button of the bot's message; returns the callback query id."""
        with self.lock:
            qid = f"cq{next(self.callback_ids)}"
            m = self.messages[message_id]
            message = self._message_object(m)
        self.push_update({"callback_query": {"id": qid, "from": self.user(user_id), "message": message,
                                             "chat_instance": str(chat_id), "data": data}}, bot)
        return qid

    def fail_next(self, method: str, code: int, description: str, retry_after: int | None = None) -> None:
        """The next call of ``method`` fails with this error (e.g. 429 with retry_after)."""
        params = {"retry_after": retry_after} if retry_after is not None else None
        with self.lock:
            self.failures.setdefault(method, []).append(APIError(code, description, params))

    # ------------------------------------------------------------------------------------------------ waiting
    def wait_for(self, predicate: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"fake Telegram: timed out after {timeout:g} s waiting for {what}; "
                                         f"calls so far: {[(c.method, c.status) for c in self.calls][-30:]}")
                self.lock.wait(min(remaining, 0.5))

    def calls_of(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def bot_messages(self, chat_id: int, thread_id: int | None = None, bot: Bot | None = None) -> list[Message]:
        sender = (bot or self.main).id
        with self.lock:
            return [m for m in self.messages.values() if m.chat_id == chat_id and m.sender_id == sender
                    and not m.deleted and (thread_id is None or m.thread_id == thread_id)]

    def wait_for_message(self, chat_id: int, predicate: Callable[[Message], bool], what: str,
                         timeout: float = 30.0, thread_id: int | None = None, bot: Bot | None = None) -> Message:
        return self.wait_for(lambda: next((m for m in self.bot_messages(chat_id, thread_id, bot) if predicate(m)), None),
                             what, timeout)

    # ------------------------------------------------------------------------------------------------ methods
    def _chat_id(self, params: dict) -> int:
        try:
            return int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise APIError(400, "Bad Request: chat_id is empty") from None

    def _text(self, params: dict, key: str = "text", required: bool = True) -> str:
        text = params.get(key)
        if text is None or (required and not str(text).strip()):
            if not required:
                return ""
            raise APIError(400, "Bad Request: message text is empty")
        text = str(text)
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        limit = 4096 if key == "text" else 1024
        if utf16_len(visible) > limit:
            raise APIError(400, "Bad Request: message is too long" if key == "text" else "Bad Request: message caption is too long")
        return text

    def _markup(self, params: dict) -> dict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if not button.get("text"):
                    raise APIError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise APIError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _reply_to(self, params: dict) -> int | None:
        rp = params.get("reply_parameters")
        if isinstance(rp, dict):
            return int(rp["message_id"])
        if params.get("reply_to_message_id") is not None:
            return int(params["reply_to_message_id"])
        return None

    def m_getMe(self, params: dict, bot: Bot) -> dict:
        return {**bot.user(), "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    def m_getUpdates(self, params: dict, bot: Bot) -> list:
        if bot.webhook:
            raise APIError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = params.get("offset")
        offset = int(offset) if offset is not None else None
        timeout = min(float(params.get("timeout") or 0), 50.0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self.lock:
            bot.poll_offsets.append(offset)
            if offset is not None:  # confirms every update below it, as Telegram does
                bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
            while not bot.updates and self.server is not None and not bot.webhook:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.lock.wait(remaining)
            if bot.webhook:  # a webhook set during the wait ends the poll, as on Telegram
                raise APIError(409, "Conflict: terminated by setWebhook request")
            return [dict(u) for u in bot.updates[:limit]]

    def m_sendMessage(self, params: dict, bot: Bot) -> dict:
        chat_id = self._chat_id(params)
        text = self._text(params)
        markup = self._markup(params)
        thread = params.get("message_thread_id")
        with self.lock:
            mid = next(self.message_ids)
            m = Message(mid, chat_id, text, bot.id, thread_id=int(thread) if thread is not None else None,
                        reply_to=self._reply_to(params), reply_markup=markup, history=[text])
            self.messages[mid] = m
            return self._message_object(m)

    def m_editMessageText(self, params: dict, bot: Bot) -> dict:
        chat_id = self._chat_id(params)
        text = self._text(params)
        markup = self._markup(params)
        with self.lock:
            m = self.messages.get(int(params.get("message_id") or 0))
            if m is None or m.chat_id != chat_id or m.deleted:
                raise APIError(400, "Bad Request: message to edit not found")
            if m.sender_id != bot.id:
                raise APIError(400, "Bad Request: message can't be edited")
            if text == m.text and markup == m.reply_markup:
                raise APIError(400, "Bad Request: message is not modified: specified new message content and reply "
                                    "markup are exactly the same as a current content and reply markup of the message")
            m.text, m.reply_markup = text, markup
            m.history.append(text)
            return self._message_object(m)

    def m_deleteMessage(self, params: dict, bot: Bot) -> bool:
        chat_id = self._chat_id(params)
        with self.lock:
            m = self.messages.get(int(params.get("message_id") or 0))
            if m is None or m.chat_id != chat_id or m.deleted:
                raise APIError(400, "Bad Request: message to delete not found")
            m.deleted = True
        return True

    def m_setMessageReaction(self, params: dict, bot: Bot) -> bool:
        chat_id = self._chat_id(params)
        with self.lock:
            m = self.messages.get(int(params.get("message_id") or 0))
            if m is None or m.chat_id != chat_id:
                raise APIError(400, "Bad Request: message to react not found")
            reaction = params.get("reaction")
            if isinstance(reaction, str):
                reaction = json.loads(reaction)
            if not isinstance(reaction, list) or any(r.get("type") != "emoji" for r in reaction):
                raise APIError(400, "Bad Request: REACTION_INVALID")
            self.reactions[m.message_id] = [r.get("emoji") for r in reaction]
        return True

    def m_sendChatAction(self, params: dict, bot: Bot) -> bool:
        self._chat_id(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise APIError(400, "Bad Request: wrong parameter action in request")
        return True

    def m_answerCallbackQuery(self, params: dict, bot: Bot) -> bool:
        if not params.get("callback_query_id"):
            raise APIError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise APIError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def m_setMyCommands(self, params: dict, bot: Bot) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise APIError(400, "Bad Request: commands must be an array of at most 100 BotCommand")
        for c in commands:
            if not COMMAND_RE.match(str(c.get("command", ""))):
                raise APIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise APIError(400, "Bad Request: command description is empty or too long")
        with self.lock:
            bot.commands = list(commands)
        return True

    def set_webhook(self, url: str, bot: Bot | None = None) -> None:
        """As if another program had called setWebhook: polling gets 409 until it is deleted."""
        bot = bot or self.main
        with self.lock:
            bot.webhook = url
            self.lock.notify_all()

    def m_setWebhook(self, params: dict, bot: Bot) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise APIError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.set_webhook(url, bot)
        return True

    def m_deleteWebhook(self, params: dict, bot: Bot) -> bool:
        with self.lock:
            bot.webhook = ""
            if params.get("drop_pending_updates") in (True, "true", "True"):
                bot.updates.clear()
        return True

    def m_getMyCommands(self, params: dict, bot: Bot) -> list:
        return list(bot.commands)

    def m_leaveChat(self, params: dict, bot: Bot) -> bool:
        chat_id = self._chat_id(params)
        with self.lock:
            self.left_chats.append(chat_id)
        return True

    def m_getFile(self, params: dict, bot: Bot) -> dict:
        file_id = str(params.get("file_id") or "")
        if file_id not in self.files:
            raise APIError(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(data), "file_path": path}

    def _send_file(self, params: dict, bot: Bot, field_name: str, kind: str) -> dict:
        chat_id = self._chat_id(params)
        upload = params.get(field_name)
        if not isinstance(upload, dict):
            raise APIError(400, f"Bad Request: there is no {field_name} in the request")
        caption = self._text(params, "caption", required=False)
        thread = params.get("message_thread_id")
        with self.lock:
            mid = next(self.message_ids)
            m = Message(mid, chat_id, caption, bot.id, thread_id=int(thread) if thread is not None else None,
                        reply_to=self._reply_to(params), kind=kind, file_name=upload["filename"], history=[caption])
            self.messages[mid] = m
            self.files[f"{kind}-{mid}"] = (f"{kind}s/{upload['filename']}", upload["data"])
            return self._message_object(m)

    def m_sendDocument(self, params: dict, bot: Bot) -> dict:
        return self._send_file(params, bot, "document", "document")

    def m_sendPhoto(self, params: dict, bot: Bot) -> dict:
        return self._send_file(params, bot, "photo", "photo")


if __name__ == "__main__":  # a manual run: python fake_telegram.py [PORT]
    import sys
    fake = FakeTelegram().start(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(f"fake Telegram Bot API at {fake.url} (token {fake.token})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()
