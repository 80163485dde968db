"""Co-editing over WebSockets: the Yjs sync protocol on Django Channels.

A writer's browser (y-websocket) opens ``/ws/bijdragen/<pk>`` with the login session.
The consumer accepts only who may edit the chapter on the edit page
(``services.coediting_chapter``: a writer of the team, the chapter a concept), and asks
again every ``RECHECK_SECONDS``; others are closed with ``document.CLOSE_REFUSED`` (or
``CLOSE_ENDED``). A submit closes every session (``document.close_sessions``), and the
editors say why.

The sync follows y-protocols, with the stored document as the one truth:

- on connect the server asks the browser for what it has and the server lacks (sync
  step 1 with the stored state vector); the browser's answer (its offline typing) is
  stored like any update;
- a browser's sync step 1 is answered to that browser alone, from the stored document
  (every row, whichever process received it). Nothing of a sync exchange goes to the
  other editors: y-websocket takes any sync step 2 it receives as "synced", so another
  writer's answer would let an editor start before its own document arrived;
- every update is stored first (``services.coediting_store``, which asks the rule
  again: only the chapter's own texts, at most ``document.MAX_UPDATE_BYTES``) and only
  then passed on to the chapter's room as an update, through the channel layer (Redis
  between processes); awareness (names, carets) is passed on as it comes.

A fault is not a refusal. When the database or the channel layer fails, the socket is
closed with ``CLOSE_RETRY``: the browser keeps what it typed, reconnects, and the
server's sync step 1 asks it for everything the stored document lacks, so nothing is
lost. Only a real refusal (rights gone, chapter submitted, an update no editor sends)
ends editing.
"""

import asyncio
import contextlib
import logging
import time

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.db import InterfaceError, OperationalError, connection
from pycrdt import YMessageType, YSyncMessageType, create_update_message, read_message
from pycrdt._sync import create_sync_step1_message, create_sync_step2_message

from agenda.coediting import document
from agenda.coediting.services import coediting_chapter, coediting_store
from teams.permissions import forget_rights

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 30
"""How often an open session asks again whether its writer may still read the shared
document (every update asks when it is stored)."""

DATABASE_ATTEMPTS = 2
"""A database call that fails on a dropped connection is tried once more on a new one
before the socket is closed for a reconnect."""


class TemporaryFault(Exception):
    """The database or the channel layer failed; the browser reconnects."""


def _database(function):
    """``function`` run in a thread with a database connection, tried again on a fresh
    connection when the one it had was dropped (a restart, a failover, a pooler);
    ``TemporaryFault`` when it keeps failing. A refusal (``AgendaError``) and any other
    database error (a constraint, bad data) are passed on as they are."""

    def attempt(*args, **kwargs):
        for remaining in reversed(range(DATABASE_ATTEMPTS)):
            try:
                return function(*args, **kwargs)
            except (OperationalError, InterfaceError) as error:
                connection.close()  # the next attempt opens a new one
                if not remaining:
                    raise TemporaryFault(str(error)) from error
        return None

    return database_sync_to_async(attempt)


class _Outage:
    """Logs a channel-layer (Redis) outage once when it starts and once when it ends,
    not once per reconnecting editor."""

    down_since: float | None = None

    @classmethod
    def failed(cls, error: Exception) -> None:
        if cls.down_since is None:
            cls.down_since = time.monotonic()
            logger.error("Co-editing cannot reach its channel layer (Redis): %s", error)

    @classmethod
    def worked(cls) -> None:
        if cls.down_since is not None:
            logger.warning(
                "Co-editing reaches its channel layer again after %.0f s",
                time.monotonic() - cls.down_since,
            )
            cls.down_since = None


class CoeditingConsumer(AsyncWebsocketConsumer):
    contribution = None
    room = None
    accepted = False

    async def __call__(self, scope, receive, send):
        """Channels' dispatch loop, with the channel layer read through
        ``_from_channel_layer``: a layer that cannot be reached closes this socket for a
        reconnect instead of ending the connection with a 500 and a traceback."""
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await self.channel_layer.new_channel()
        self.base_send = send
        with contextlib.suppress(StopConsumer):
            await await_many_dispatch([receive, self._from_channel_layer], self.dispatch)

    async def _from_channel_layer(self) -> dict:
        try:
            message = await self.channel_layer.receive(self.channel_name)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # Redis down: one log line per outage (``_Outage``)
            _Outage.failed(error)
            await asyncio.sleep(1)  # the dispatch loop asks again: not in a hot loop
            return {"type": "coediting.fault"}
        _Outage.worked()
        return message

    async def coediting_fault(self, event) -> None:
        if not self.accepted:
            await self.accept()
        await self.close(code=document.CLOSE_RETRY)

    async def accept(self, subprotocol=None, headers=None) -> None:
        if not self.accepted:
            self.accepted = True
            await super().accept(subprotocol, headers)

    async def connect(self) -> None:
        pk = self.scope["url_route"]["kwargs"]["pk"]
        # Accepted first in every case, so that the browser gets the close code and says
        # why (a refusal before the handshake reaches it only as "connection failed").
        await self.accept()
        try:
            self.contribution = await _database(coediting_chapter)(self.scope.get("user"), pk)
            if self.contribution is None:
                await self.close(code=document.CLOSE_REFUSED)
                return
            await self._join(document.room_name(pk))
            state = await _database(document.state_of)(self.contribution)
        except TemporaryFault:
            await self.close(code=document.CLOSE_RETRY)
            return
        self.checked_at = time.monotonic()
        await self.send(bytes_data=create_sync_step1_message(state))

    async def _join(self, room: str) -> None:
        try:
            await self.channel_layer.group_add(room, self.channel_name)
        except Exception as error:  # Redis down: the editor reconnects, no traceback
            _Outage.failed(error)
            raise TemporaryFault(str(error)) from error
        _Outage.worked()
        self.room = room

    async def disconnect(self, code) -> None:
        if self.room is not None:
            try:
                await self.channel_layer.group_discard(self.room, self.channel_name)
            except Exception as error:
                _Outage.failed(error)

    async def receive(self, text_data=None, bytes_data=None):
        if self.room is None or not bytes_data:
            return
        try:
            await self._receive(bytes_data)
        except TemporaryFault:
            await self.close(code=document.CLOSE_RETRY)

    async def _receive(self, message: bytes) -> None:
        if message[0] == YMessageType.AWARENESS:
            await self._pass_on(message)
            return
        if message[0] != YMessageType.SYNC or len(message) < 2:
            return
        if not await self._still_editable():
            await self.close(code=document.CLOSE_ENDED)
            return
        kind = message[1]
        try:
            payload = read_message(message[2:])
        except Exception:  # garbled: no editor sends this
            await self.close(code=document.CLOSE_REFUSED)
            return
        if kind == YSyncMessageType.SYNC_STEP1:
            missing = await _database(document.missing_for)(self.contribution, payload)
            await self.send(bytes_data=create_sync_step2_message(missing))
        elif kind in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
            try:
                stored = await _database(coediting_store)(
                    contribution=self.contribution, user=self.scope["user"], update=payload
                )
            except document.SessionEnded:
                await self.close(code=document.CLOSE_ENDED)
                return
            except document.Refused as error:
                logger.warning("Refused an update for chapter %s: %s", self.contribution.pk, error)
                await self.close(code=document.CLOSE_REFUSED)
                return
            except TemporaryFault:
                raise
            except Exception as error:  # unreadable: no editor sends this
                logger.warning("Refused an update for chapter %s: %s", self.contribution.pk, error)
                await self.close(code=document.CLOSE_REFUSED)
                return
            if stored:
                await self._pass_on(create_update_message(payload))

    async def _pass_on(self, message: bytes) -> None:
        """To the other editors of the chapter (through the channel layer)."""
        try:
            await self.channel_layer.group_send(
                self.room,
                {"type": "coediting.message", "message": message, "sender": self.channel_name},
            )
        except Exception as error:
            _Outage.failed(error)
            raise TemporaryFault(str(error)) from error
        _Outage.worked()

    async def _still_editable(self) -> bool:
        if time.monotonic() - self.checked_at < RECHECK_SECONDS:
            return True
        self.checked_at = time.monotonic()
        user = self.scope["user"]
        await _database(user.refresh_from_db)()
        forget_rights(user)  # the rights this connection's user object remembered
        self.contribution = await _database(coediting_chapter)(user, self.contribution.pk)
        return self.contribution is not None

    async def coediting_message(self, event) -> None:
        """A message for the room: passed on unless this socket sent it."""
        if event.get("sender") != self.channel_name:
            await self.send(bytes_data=event["message"])

    async def coediting_closed(self, event) -> None:
        await self.close(code=event["code"])
