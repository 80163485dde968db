"""The portal's own settings plus one bare page (``bench/urls.py``), so that the benchmarks
measure every page next to the cheapest request behind the same middleware and login.

``BENCH_STATIC_ROOT`` is set by the load benchmark, which runs with ``DEBUG`` off and so
needs collected static files: they go to a throw-away folder, with the manifest that
names them but without whitenoise's compressed copies (most of ``collectstatic``'s time;
the load asks for pages, never for a static file).
"""

import os
from pathlib import Path

from netwerkagenda.settings import *  # noqa: F403
from netwerkagenda.settings import DEBUG, STORAGES

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
    if not DEBUG:
        STORAGES = STORAGES | {
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            }
        }
