"""WeasyPrint in a child process, with a time limit.

User-written text ends up in the PDF, so one hostile chapter must not be able to tie
up a worker or bring it down: each rendering runs in a process forked from a small
server process that has WeasyPrint loaded (``forkserver``), and is killed when it runs
out of time. This module imports nothing of Django, so that the server process
stays small and the child never touches the database.

WeasyPrint may only read the project's own static files (and ``data:`` URLs): the
parent hands over the map of static files, and ``StaticOnlyFetcher`` refuses every
other URL.
"""

import mimetypes
import multiprocessing
import resource
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Static files are addressed under this base in print templates; ".invalid" can never
# resolve (RFC 2606), and the fetcher serves it from disk, never from the network.
STATIC_BASE = "https://static.netwerkagenda.invalid/"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class RenderFailed(Exception):
    """The PDF could not be made; the message names the cause and is safe to show.

    ``timeout`` is set (in seconds) when the rendering ran out of time.
    """

    def __init__(self, message: str, *, timeout: float | None = None):
        super().__init__(message)
        self.timeout = timeout


class StaticOnlyFetcher(URLFetcher):
    """Serve the given static files from disk and ``data:`` URLs; refuse the rest.

    ``static_files`` maps a static path (``css/print.css``) to the file on disk.
    """

    def __init__(self, static_files: Mapping[str, str]):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.static_files = static_files

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_BASE):
            raise ValueError(f"Refused to fetch {url!r}: only the portal's static files")
        path = unquote(urlsplit(url).path).lstrip("/")
        found = self.static_files.get(path)
        if not found:
            raise ValueError(f"No static file {path!r}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_here(html: str, static_files: Mapping[str, str]) -> tuple[bytes, int]:
    """PDF/UA-1 bytes of ``html`` and its page count, in this process."""
    document = HTML(
        string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher(static_files)
    ).render(font_config=FontConfiguration(), **PDF_OPTIONS)
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)


@dataclass(frozen=True)
class ChildUsage:
    """What one rendering child used: CPU seconds (user and system) and peak memory."""

    cpu_seconds: float
    max_rss_mb: float

    @classmethod
    def of_this_process(cls) -> "ChildUsage":
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return cls(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


_usages: ContextVar[list[ChildUsage] | None] = ContextVar("rendering_usages", default=None)


@contextmanager
def child_usages() -> Iterator[list[ChildUsage]]:
    """Collect the ``ChildUsage`` of each rendering that succeeds inside the block.

    A child's CPU time is not in the parent's (``bench/pdf_bench.py`` reads it here).
    """
    usages: list[ChildUsage] = []
    token = _usages.set(usages)
    try:
        yield usages
    finally:
        _usages.reset(token)


def _render_child(
    connection, html: str, static_files: Mapping[str, str], memory_mb: int | None
) -> None:
    # Ctrl-C in a terminal reaches this process too: the worker decides (it lets the
    # rendering finish), and a rendering it stops is not a rendering that failed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if memory_mb:  # a MemoryError here instead of a worker the kernel kills
            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
        data, pages = render_here(html, static_files)
        connection.send(("ok", data, pages, ChildUsage.of_this_process()))
    except BaseException as error:  # every failure goes back to the parent
        connection.send(("failed", f"{type(error).__name__}: {error}"[:2000]))
    finally:
        connection.close()


_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload([__name__])


def render(
    html: str, static_files: Mapping[str, str], *, timeout: float, memory_mb: int | None = None
) -> tuple[bytes, int]:
    """``render_here`` in a child process that is killed after ``timeout`` seconds and
    may use at most ``memory_mb`` of memory.

    Raises ``RenderFailed`` with the cause when the rendering fails or runs out of time.
    """
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_render_child, args=(sender, html, dict(static_files), memory_mb), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderFailed(
                f"took longer than {timeout:g} seconds and was stopped", timeout=timeout
            )
        outcome = receiver.recv()
    except EOFError:
        child.join(5)
        raise RenderFailed(f"the rendering process stopped (exit code {child.exitcode})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome[0] != "ok":
        raise RenderFailed(outcome[1])
    if (usages := _usages.get()) is not None:
        usages.append(outcome[3])
    return outcome[1], outcome[2]
