"""Live co-editing over WebSockets: pycrdt-websocket's Yjs consumer on Django Channels.

A writer's browser opens ``/ws/bijdragen/<pk>/`` with the login session. The consumer
accepts only who may edit the chapter on the edit page (``permissions.can_edit``: a
writer of the team, the chapter a concept); others are closed with ``CLOSE_REFUSED``.
Messages go to everyone in the chapter's room through the channel layer (Redis between
processes); the updates a writer sends are stored as they arrive (``live.store``), so a
process that dies loses nothing. A state change closes every session
(``live.close_sessions``), and the editors say why.
"""

from channels.db import database_sync_to_async
from pycrdt import Doc, merge_updates
from pycrdt.websocket.django_channels_consumer import YjsConsumer

from teams.permissions import forget_rights

from . import live
from .models import Contribution
from .permissions import can_edit


@database_sync_to_async
def _editable(user, pk: int) -> Contribution | None:
    contribution = Contribution.objects.select_related("team").filter(pk=pk).first()
    if contribution is None or not user.is_authenticated or not user.is_active:
        return None
    forget_rights(user)  # a long-lived socket: read the rights as they are now
    return contribution if can_edit(user, contribution) else None


class CoEditConsumer(YjsConsumer):
    def make_room_name(self) -> str:
        return live.room_name(self.scope["url_route"]["kwargs"]["pk"])

    async def connect(self) -> None:
        self.contribution = await _editable(
            self.scope.get("user"), self.scope["url_route"]["kwargs"]["pk"]
        )
        if self.contribution is None:
            # Accepted first, so that the browser gets the code and says why (a refusal
            # before the handshake reaches it only as "connection failed").
            await self.accept()
            await self.close(code=live.CLOSE_REFUSED)
            return
        await super().connect()

    async def disconnect(self, code) -> None:
        if self.room_name is not None:  # None: refused before joining the room
            await super().disconnect(code)

    async def make_ydoc(self) -> Doc:
        doc = Doc()
        for update in await database_sync_to_async(live.updates)(self.contribution):
            doc.apply_update(update)
        self._received = []
        doc.observe(lambda event: self._received.append(event.update))
        return doc

    async def receive(self, text_data=None, bytes_data=None):
        await super().receive(text_data=text_data, bytes_data=bytes_data)
        if self._received:  # what this writer sent that the document did not have yet
            update = merge_updates(*self._received)
            self._received.clear()
            await database_sync_to_async(live.store)(
                self.contribution.pk, update, self.scope["user"].pk
            )

    async def coedit_closed(self, event) -> None:
        await self.close(code=event["code"])
