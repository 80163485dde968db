"""Logging filters every app relies on (named in ``settings.LOGGING``)."""

import logging
import re


class MaskSecretPaths(logging.Filter):
    """Masks the path segment after each of ``prefixes`` in a log line: a personal link's
    secret (``/antwoord/<token>/``) is a password and never reaches a log. The line is
    formatted here, so the secret is masked whichever argument carried it."""

    MASK = "[masked]"

    def __init__(self, prefixes=(), name=""):
        super().__init__(name)
        self.pattern = re.compile(
            "(" + "|".join(re.escape(prefix) for prefix in prefixes) + r")[^/\s\"'?#]+"
        )

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.pattern.sub(rf"\g<1>{self.MASK}", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
