"""The portal's ASGI application (HTTP and WebSockets) served by uvicorn in a thread of
the test process, on the test database: pytest-django's live server speaks only HTTP.
It can be stopped and started again on the same port, as a restarted process is."""

import socket
import threading
import time

import uvicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AsgiServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.thread = None

    def start(self) -> "AsgiServer":
        from channels.routing import ProtocolTypeRouter
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from netwerkagenda.asgi import application, django_application

        served = ProtocolTypeRouter(  # static files as runserver serves them
            {
                "http": ASGIStaticFilesHandler(django_application),
                "websocket": application.application_mapping["websocket"],
            }
        )
        config = uvicorn.Config(
            served,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=2,  # open sockets are closed, not waited for
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the ASGI server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        """Stop, as a process that is restarted: open WebSockets are closed (1012)."""
        self.server.should_exit = True
        self.thread.join(timeout=30)
