"""The settings of the test suite: the portal's own, in development mode.

The portal's settings fail closed (``DEBUG`` off unless the environment says so, and
then a ``SECRET_KEY`` is required). The tests switch development on here, so that
``pytest`` runs as typed; ``pyproject.toml`` names this module. Any variable set in the
environment (``DATABASE_URL`` for PostgreSQL, say) still counts.
"""

import os

os.environ.setdefault("DEBUG", "true")

from netwerkagenda.settings import *  # noqa: F403

# The tests cache in each process's memory, whatever the environment names.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": "tests",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
