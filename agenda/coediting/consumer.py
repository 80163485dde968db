"""Live co-editing over WebSockets: pycrdt-websocket's Yjs consumer on Django Channels.

A writer's browser opens ``/ws/bijdragen/<pk>`` with the login session. The consumer
accepts only who may edit the chapter on the edit page (``services.coediting_chapter``:
a writer of the team, the chapter a concept), and asks again every ``RECHECK_SECONDS``;
others are closed with ``document.CLOSE_REFUSED`` (or ``CLOSE_ENDED``). Of what a writer
sends, only Yjs sync and awareness messages are passed on; every update is stored as it
arrived (``services.coediting_store``, which asks the rule again: only the chapter's
own texts, at most ``document.MAX_UPDATE_BYTES``) before it goes to the others in the
chapter's room, through the channel layer (Redis between processes). A submit closes
every session (``document.close_sessions``), and the editors say why.
"""

import logging
import time

from channels.db import database_sync_to_async
from pycrdt import Doc, YMessageType, YSyncMessageType, read_message
from pycrdt.websocket.django_channels_consumer import YjsConsumer

from agenda.coediting import document
from agenda.coediting.services import coediting_chapter, coediting_store
from teams.permissions import forget_rights

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 30
"""How often an open session asks again whether its writer may still read the shared
document (every update asks when it is stored)."""


class CoeditingConsumer(YjsConsumer):
    contribution = None

    def make_room_name(self) -> str:
        return document.room_name(self.scope["url_route"]["kwargs"]["pk"])

    async def connect(self) -> None:
        pk = self.scope["url_route"]["kwargs"]["pk"]
        self.contribution = await database_sync_to_async(coediting_chapter)(
            self.scope.get("user"), pk
        )
        if self.contribution is None:
            # Accepted first, so that the browser gets the code and says why (a refusal
            # before the handshake reaches it only as "connection failed").
            await self.accept()
            await self.close(code=document.CLOSE_REFUSED)
            return
        self.checked_at = time.monotonic()
        self.synced = False  # the editor's first answer holds what it typed offline
        await super().connect()

    async def make_ydoc(self) -> Doc:
        doc = Doc()
        doc.apply_update(
            await database_sync_to_async(document.updates_for_editor)(self.contribution)
        )
        return doc

    async def disconnect(self, code) -> None:
        if self.room_name is not None:  # None: refused before joining the room
            await super().disconnect(code)

    async def receive(self, text_data=None, bytes_data=None):
        if self.ydoc is None or not bytes_data:
            return
        if bytes_data[0] == YMessageType.AWARENESS:
            await self.group_send_message(bytes_data)
            return
        if bytes_data[0] != YMessageType.SYNC or len(bytes_data) < 2:
            return
        if not await self._still_editable():
            await self.close(code=document.CLOSE_ENDED)
            return
        kind = bytes_data[1]
        if kind == YSyncMessageType.SYNC_UPDATE or (
            kind == YSyncMessageType.SYNC_STEP2 and not self.synced
        ):
            self.synced = self.synced or kind == YSyncMessageType.SYNC_STEP2
            try:
                update = read_message(bytes_data[2:])
                await database_sync_to_async(coediting_store)(
                    contribution=self.contribution, user=self.scope["user"], update=update
                )
            except document.SessionEnded:
                await self.close(code=document.CLOSE_ENDED)
                return
            except Exception as error:  # unreadable, or not an update of this chapter
                logger.warning("Refused an update for chapter %s: %s", self.contribution.pk, error)
                await self.close(code=document.CLOSE_REFUSED)
                return
        await super().receive(bytes_data=bytes_data)

    async def _still_editable(self) -> bool:
        if time.monotonic() - self.checked_at < RECHECK_SECONDS:
            return True
        self.checked_at = time.monotonic()
        user = self.scope["user"]
        await database_sync_to_async(user.refresh_from_db)()
        forget_rights(user)  # the rights this connection's user object remembered
        self.contribution = await database_sync_to_async(coediting_chapter)(
            user, self.contribution.pk
        )
        return self.contribution is not None

    async def coediting_closed(self, event) -> None:
        await self.close(code=event["code"])
