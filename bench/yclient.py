"""A Yjs client over a chapter's WebSocket, as a browser's y-websocket is, for the tests
and the load check: it syncs with the server, types into a text (an XmlFragment, as
Tiptap's Collaboration does) and applies what the others send."""

import contextlib
import threading
import time

from pycrdt import (
    Doc,
    XmlElement,
    XmlFragment,
    XmlText,
    YMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


class YClient:
    def __init__(
        self, url: str, *, cookie: str, origin: str, doc: Doc | None = None, on_change=None
    ):
        self.doc = doc or Doc()  # a reconnecting editor keeps its own document
        self.on_change = on_change  # called with this client after the others' changes
        self._stack = contextlib.ExitStack()
        self.socket = self._stack.enter_context(
            connect(url, additional_headers={"Cookie": cookie, "Origin": origin}, open_timeout=10)
        )
        self.closed_code = None
        # One thread reads, another types: the document is touched by one at a time.
        self.received = threading.Condition(threading.RLock())
        self._updates: list[bytes] = []
        self.doc.observe(lambda event: self._updates.append(event.update))
        with contextlib.suppress(ConnectionClosed):  # a refusal can come first: _read has it
            self.socket.send(create_sync_message(self.doc))
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for message in self.socket:
                if not isinstance(message, bytes) or message[0] != YMessageType.SYNC:
                    continue
                with self.received:
                    reply = handle_sync_message(message[1:], self.doc)
                    self._updates.clear()  # theirs, not to be sent back
                    self.received.notify_all()
                    if self.on_change is not None:
                        self.on_change(self)
                if reply is not None:
                    self.socket.send(reply)
        except Exception:  # the server went away: the test or the load check says so
            pass
        finally:
            self.closed_code = getattr(self.socket.protocol.close_rcvd, "code", 1006)

    def type(self, name: str, words: str) -> None:
        """Append ``words`` as a paragraph of text ``name`` and send the update."""
        with self.received:
            self._updates.clear()
            fragment = self.doc.get(name, type=XmlFragment)
            with self.doc.transaction():
                paragraph = fragment.children.append(XmlElement("paragraph"))
                paragraph.children.append(XmlText(words))
            updates, self._updates = self._updates, []
        try:
            for update in updates:
                self.socket.send(create_update_message(update))
        except ConnectionClosed:  # offline: the words stay in the document, sent on reconnect
            pass

    def text(self, name: str) -> str:
        with self.received:
            return str(self.doc.get(name, type=XmlFragment))

    def wait_for(self, name: str, words: str, timeout: float = 5.0) -> float | None:
        """Seconds until ``words`` are in text ``name`` here, or None after ``timeout``."""
        start = time.monotonic()
        with self.received:
            while words not in self.text(name):
                left = timeout - (time.monotonic() - start)
                if left <= 0:
                    return None
                self.received.wait(left)
        return time.monotonic() - start

    def close(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            self._stack.close()
