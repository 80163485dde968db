"""The catalogue's words, for tests that read a page as people see it."""

from django.utils import translation


def dutch(phrase, **values) -> str:
    """``phrase`` (a msgid, or a lazy text) as the Dutch pages say it (the catalogue's
    words, or the English ones while a translation is still missing), with ``values``
    filled in."""
    with translation.override("nl"):
        text = translation.gettext(phrase) if isinstance(phrase, str) else phrase
        return str(text % values if values else text)
