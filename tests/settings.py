"""The settings of the test suite: the portal's own, in development mode.

The portal's settings fail closed (``DEBUG`` off unless the environment says so, and
then a ``SECRET_KEY`` is required). The tests switch development on here, so that
``pytest`` runs as typed; ``pyproject.toml`` names this module. Any variable set in the
environment (``DATABASE_URL`` for PostgreSQL, say) still counts.
"""

import os

os.environ.setdefault("DEBUG", "true")

from netwerkagenda.settings import *  # noqa: F403
