"""Control characters in what users send are removed at the edge, once for every request.

PostgreSQL refuses a NUL in text (``psycopg.DataError``: a 500 wherever one reaches a
query), and the other C0 control characters are never meant either: XML (Word export,
PDF) refuses them too. ``ControlCharactersMiddleware`` therefore hands the portal's
code the user's text without them:

- query strings (``request.GET``), form fields (``request.POST``, names and values)
  and the names of uploaded files (``request.FILES``);
- the request headers (``HTTP_*`` in ``request.META``, so ``request.headers`` too: the
  Referer that ``LockErrorMiddleware`` returns to, the X-Forwarded-For that
  ``throttling.client_ip`` reads, the User-Agent and Accept that axes stores) and the
  cookies (the session key is looked up in the database).

Form text keeps tab, newline and carriage return (a textarea sends them); one-line
values (headers, cookies, file names) lose those as well. The characters go silently:
what is left is what the user meant, and a form then validates as usual. A path with
one is no page of the site: it gets the site's 404 (Django's resolver gives it to most;
``process_view`` to those whose ``<str:...>`` part would have matched it), rendered
after the session, language and user are known.

The middleware stands before the session, CSRF and auth middlewares. Query string,
headers and cookies are cleaned at once: they are already in memory. The body is not
read here, because reading it early would change what happens to it:

- the CSRF check refuses a forged POST before it reads the body (missing cookie, bad
  Origin) and reads only what it must; an early read would parse (and store the
  uploads of) every refused request;
- ``RequestDataTooBig`` and ``TooManyFieldsSent`` must still be raised where the body
  is first read (the CSRF check or the view), so that Django hands them to
  ``infra.errors.bad_request``, and a view may still change ``request.upload_handlers``
  before it reads the body.

So the body is cleaned lazily: the request's own loader (``_load_post_and_files``,
which Django calls the first time anyone reads ``request.POST`` or ``request.FILES``)
is wrapped, and what it loaded is replaced by its clean copy before anyone sees it.
An exception it raises passes through untouched. Cleaning only after the CSRF check
(a middleware below it) would miss the views it does not check (``csrf_exempt``,
methods other than POST) and would have to read the body itself there.

A view that reads ``request.body`` itself (none does) must clean what it parses; text
arriving over the co-editing WebSocket does not pass through here.
"""

import re

from django.http import Http404, QueryDict
from django.utils.datastructures import MultiValueDict

# C0 control characters: all of them (one-line values), or all but tab, newline and
# carriage return (form text).
_CONTROLS = re.compile(r"[\x00-\x1f]")
_CONTROLS_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """``value`` without C0 control characters; with ``multiline`` it keeps tab, newline
    and carriage return."""
    return (_CONTROLS_IN_TEXT if multiline else _CONTROLS).sub("", value)


def cleaned_query(query: QueryDict) -> QueryDict:
    """``query`` itself when it holds no control characters, else an (immutable) copy
    whose names and values lose them; values of names that become equal are joined."""
    if not any(
        _CONTROLS_IN_TEXT.search(key) or any(_CONTROLS_IN_TEXT.search(v) for v in values)
        for key, values in query.lists()
    ):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlistdefault(clean_text(key)).extend(clean_text(v) for v in values)
    cleaned._mutable = False  # as Django hands it over
    return cleaned


def cleaned_files(files: MultiValueDict) -> MultiValueDict:
    """``files`` with control characters removed from field names and file names (Django's
    parser already drops them from names it reads from a multipart body)."""
    for upload in (upload for uploads in files.lists() for upload in uploads[1]):
        if _CONTROLS.search(upload.name or ""):
            upload.name = clean_text(upload.name, multiline=False)
    if not any(_CONTROLS.search(key) for key in files):
        return files
    cleaned = MultiValueDict()
    for key, uploads in files.lists():
        cleaned.setlistdefault(clean_text(key, multiline=False)).extend(uploads)
    return cleaned


class ControlCharactersMiddleware:
    """Hands the portal the request without control characters (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and _CONTROLS.search(value):
                request.META[key] = clean_text(value, multiline=False)
        request.__dict__.pop("headers", None)  # read again from the clean META
        request.COOKIES = {
            clean_text(name, multiline=False): clean_text(value, multiline=False)
            for name, value in request.COOKIES.items()
        }
        request.GET = cleaned_query(request.GET)
        self._clean_body_when_read(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _CONTROLS.search(request.path_info):
            raise Http404
        return None

    @staticmethod
    def _clean_body_when_read(request):
        load = request._load_post_and_files

        def load_and_clean():
            load()  # may raise RequestDataTooBig and the like: they go on as they are
            request._post = cleaned_query(request._post)
            request._files = cleaned_files(request._files)

        request._load_post_and_files = load_and_clean
