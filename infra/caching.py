"""Work computed from what cannot change, remembered across requests and processes.

A history record, an agenda version, a pair of them: once written, nothing about them
changes, so whatever is rendered or computed from them is cached under their ids and
is never stale. A key names the kind of work, the page's language (labels and dates in
the result are translated) and the ids of every input; the cache's own prefix is the
release (``settings.CACHES``), so a deploy starts afresh. Nothing is ever invalidated:
changed input has new ids. What depends on who is asking is never cached here unless
its key says who.
"""

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

MAX_KEY = 200
"""Longer keys (many ids) are hashed: memcached-style limits, and short keys in Redis."""


def cache_key(kind: str, *ids) -> str:
    """``kind:language:id:id…``; the ids part hashed when the key would be long."""
    names = ":".join(str(part) for part in ids)
    key = f"{kind}:{get_language() or ''}:{names}"
    if len(key) > MAX_KEY:
        digest = hashlib.blake2b(names.encode(), digest_size=16).hexdigest()
        key = f"{kind}:{get_language() or ''}:#{digest}"
    return key


def remembered(kind: str, *ids, compute):
    """``compute()``'s result for these ids, from the cache when it has been computed
    before (by any process of this release)."""
    return cache.get_or_set(cache_key(kind, *ids), compute)
