"""The ASGI application: the site over HTTP and live co-editing over WebSockets.

A WebSocket is opened only from this site (``AllowedHostsOriginValidator``) and carries
the login session (``AuthMiddlewareStack``); the consumer checks the same rule as the
edit page before it accepts (``agenda/coediting/consumer.py``).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerkagenda.settings")
django_application = get_asgi_application()  # sets Django up before the imports below

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from agenda.coediting.consumer import CoeditingConsumer  # noqa: E402

websocket_urls = [path("ws/bijdragen/<int:pk>", CoeditingConsumer.as_asgi())]

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urls))),
    }
)
