"""Login throttling rules for django-axes (the settings name these functions).

An attacker must not be able to lock a real user out from everywhere, and must not
be able to spray guesses over many accounts from one address:

- the client address is the one the trusted proxies saw, never a header the client
  wrote itself;
- a user name is throttled per client address, in any letter case;
- a client address is throttled over all user names, with a higher limit (an office
  behind one address has many honest typists).
"""

from ipaddress import ip_address

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXIES`` proxies the
    X-Forwarded-For entry that the outermost trusted proxy added.

    Each proxy appends the address it received the request from, so with N trusted
    proxies the client is the N-th entry from the right; anything to its left was
    written by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.TRUSTED_PROXIES < 1:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < settings.TRUSTED_PROXIES:
        return remote
    candidate = entries[-settings.TRUSTED_PROXIES]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote


def username(request, credentials) -> str | None:
    """The user name as throttled: ``Member`` and ``member`` are one account."""
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials else getattr(request, "data", request.POST)
    name = source.get(field) if source else None
    return name.strip().casefold() if isinstance(name, str) else name


def failure_limit(request, credentials) -> int:
    """The limit axes compares with its failure count for this request.

    Axes counts the failures of every lock-out parameter set (user name + address, and
    address alone) and takes the largest, which is always the address's count. To lock
    the account on this address after ``LOGIN_FAILURES_PER_ACCOUNT`` and the address
    after ``LOGIN_FAILURES_PER_ADDRESS``, the limit drops to the first once the account
    on this address has reached it.
    """
    per_account = settings.LOGIN_FAILURES_PER_ACCOUNT
    account_attempts = AxesProxyHandler.get_implementation().get_user_attempts(
        request, credentials
    )[0]
    failures = account_attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return per_account if failures >= per_account else settings.LOGIN_FAILURES_PER_ADDRESS


def forget_own_failures(sender, request, user, **kwargs) -> None:
    """After a successful login, forget that account's failures from this address only.

    Axes' own reset on success would delete every failure from the address, so anyone
    with an account could guess another's password without limit by logging in as
    themselves between guesses.
    """
    if request is None:
        return
    AccessAttempt.objects.filter(
        username=username(request, {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}),
        ip_address=client_ip(request),
    ).delete()


# Failed attempts at something other than a login (a personal link that does not work),
# counted per client address in the cache for the login's cool-off time.


def _attempts_key(scope: str, request) -> str:
    return f"failed-attempts:{scope}:{client_ip(request)}"


def attempts_blocked(request, scope: str, limit: int) -> bool:
    """Whether this client address failed ``limit`` times at ``scope`` lately."""
    return cache.get(_attempts_key(scope, request), 0) >= limit


def attempt_failed(request, scope: str) -> None:
    """Count a failed attempt at ``scope`` from this client address; the count is
    forgotten ``AXES_COOLOFF_MINUTES`` after the first failure."""
    key = _attempts_key(scope, request)
    cache.add(key, 0, timeout=int(settings.AXES_COOLOFF_TIME * 3600))
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=int(settings.AXES_COOLOFF_TIME * 3600))
