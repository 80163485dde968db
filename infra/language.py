"""The site's language, for what everyone reads whatever their own language: history
records, notifications and PDFs (``settings.LANGUAGE_CODE``)."""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


@contextmanager
def site_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def site_text(message: str, **values) -> str:
    """Text for a history record, in the site's language: records are read by everyone.

    Mark ``message`` with ``gettext_noop`` so that it is extracted for translation, or
    pass a lazy translation (such as a ``TextChoices`` label).
    """
    with site_language():
        text = str(message) if isinstance(message, Promise) else gettext(message)
    return text % values if values else text
