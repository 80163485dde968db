"""Middleware every app relies on (``infra`` is the app all others build on)."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# SQLite: another connection held the write lock for longer than the busy timeout.
SQLITE_LOCK_ERRORS = ("SQLITE_BUSY", "SQLITE_LOCKED")
# PostgreSQL: serialization failure, deadlock detected, lock not available (lock timeout).
POSTGRESQL_LOCK_ERRORS = {"40001", "40P01", "55P03"}


def is_lock_error(error: Exception) -> bool:
    """True when ``error`` says that another transaction held the lock the request needed."""
    if not isinstance(error, OperationalError):
        return False
    driver_error = error.__cause__  # Django re-raises the driver's error "from" it
    return (
        getattr(driver_error, "sqlite_errorname", "").startswith(SQLITE_LOCK_ERRORS)
        or getattr(driver_error, "sqlstate", None) in POSTGRESQL_LOCK_ERRORS
    )


class LockErrorMiddleware:
    """Answers a request that waited in vain for a database lock like a lost race.

    Two people acting at the same moment normally get one result and one clear message
    from the service. Should the database still give up waiting, the service's
    transaction has been rolled back, so nothing changed: the user gets a message and
    the page they came from (a Referer of this site, else the home page), not a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_error(exception):
            return None
        logger.warning(
            "%s %s not carried out, the database stayed locked: %s",
            request.method,
            request.path,
            exception,
        )
        messages.error(
            request,
            _(
                "Someone else was busy at the same moment; your action has not been carried "
                "out. Look at the page and try again."
            ),
        )
        referer = request.headers.get("referer", "")
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(referer)
        return redirect("home")


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in user show drafts, history and names: a shared or stolen
    browser must not keep them. Responses that set their own caching (the PDF
    downloads, with an ETag) keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class RenewSessionMiddleware:
    """Keeps a signed-in user's session alive while they work: the session's idle time
    (``SESSION_COOKIE_AGE``) starts again when it was last renewed more than
    ``SESSION_RENEW_MINUTES`` ago."""

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= settings.SESSION_RENEW_MINUTES * 60:
                request.session[self.KEY] = now  # saved, with a new expiry, after the view
        return self.get_response(request)
