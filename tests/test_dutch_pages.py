"""Dutch pages speak Dutch: every page of the permission matrix, read in Dutch by every
role that may read it, contains none of the English texts that have a Dutch translation.

The English texts are the msgids of the portal's catalogue (``locale/nl``) whose Dutch
differs, and those of Django's own catalogues (core and the installed ``django.contrib``
apps) that Dutch does not say the same way, including the ones Django has no Dutch for
yet (Django 6.1's "- Select an option -" blank choice came that way). Short msgids
(fewer than ``MIN_LENGTH`` characters besides their placeholders: "Teams", "Agenda",
"Download %(name)s") are left out: they are also Dutch words or names. Left out of the
page are scripts, styles, whatever is marked ``lang`` other than Dutch (the language
switch's "English") and what users wrote (rich text, text areas).

The pages come from ``tests.test_permissions.MATRIX``, so a new URL is checked as soon
as it has its row there. The cast is built once; each row's objects are built in a
savepoint that is rolled back after its pages are read, so rows do not meet.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.test_permissions import ANON, EVERYONE, MATRIX

MIN_LENGTH = 12
PROJECT_NL = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: ``msgctxt``, ``msgid``, ``msgid_plural`` and
    ``msgstr`` (a plural's translations as ``msgstr[0]``, ...), plus ``fuzzy``.
    Obsolete entries (``#~``) are left out; the header (empty msgid) too."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"fuzzy": False}, None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
            elif " " in line:
                key, quoted = line.split(" ", 1)
                entry[key] = ast.literal_eval(quoted)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def pairs(entry: dict):
    """(English, Dutch) for each form of an entry: one, or two for a plural."""
    if "msgid_plural" in entry:
        yield entry["msgid"], entry.get("msgstr[0]", "")
        yield entry["msgid_plural"], entry.get("msgstr[1]", entry.get("msgstr[0]", ""))
    else:
        yield entry["msgid"], entry.get("msgstr", "")


def django_catalogues(language: str) -> list[Path]:
    """Django's own catalogues in ``language``: core and the installed contrib apps."""
    root = Path(django.__file__).parent
    found = [root / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"]
    for app in apps.get_app_configs():
        if app.name.startswith("django.contrib."):
            found.append(Path(app.path) / "locale" / language / "LC_MESSAGES" / "django.po")
    return [path for path in found if path.exists()]


def english_texts() -> set[str]:
    """The English texts that must not appear on a Dutch page."""
    dutch = {}
    for path in django_catalogues("nl"):
        for entry in po_entries(path):
            if not entry["fuzzy"]:
                dutch.update((en, nl) for en, nl in pairs(entry) if nl)
    portal = [entry for entry in po_entries(PROJECT_NL) if not entry["fuzzy"]]
    for entry in portal:  # the portal's own Dutch overrides Django's
        dutch.update((en, nl) for en, nl in pairs(entry) if nl)
    texts = set()
    for entry in portal:  # translated, and differently
        texts.update(en for en, nl in pairs(entry) if nl and nl != en)
    for path in django_catalogues("en"):  # every Django text that Dutch says otherwise
        for entry in po_entries(path):
            texts.update(en for en, _nl in pairs(entry) if dutch.get(en) != en)
    # An English text that is also part of some Dutch (a name, a quoted title) says nothing.
    all_dutch = "\n".join(dutch.values())
    return {text for text in texts if len(shown(text)) >= MIN_LENGTH and text not in all_dutch}


def shown(text: str) -> str:
    """What of a text is always shown, whatever fills its placeholders."""
    return " ".join(TAG.sub(" ", PLACEHOLDER.sub(" ", text)).split())


PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^{}\s]*\}")
TAG = re.compile(r"<[^>]*>")


class Finder:
    """Finds any of ``texts`` in a page's readable text. A placeholder matches what was
    put there, markup inside a text matches the page's markup, and any run of
    whitespace matches any other."""

    def __init__(self, texts):
        self.patterns = []
        for text in sorted(texts):
            chunks = [chunk.split("\0") for chunk in TAG.split(PLACEHOLDER.sub("\0", text))]
            pattern = r"[\s\S]{0,300}?".join(
                r".{0,300}?".join(r"\s+".join(map(re.escape, piece.split())) for piece in chunk)
                for chunk in chunks
            )
            literal = max((" ".join(piece.split()) for chunk in chunks for piece in chunk), key=len)
            if len(literal) >= 4:  # "%(name)s: %(value)s" shows no English
                self.patterns.append((text, literal, re.compile(pattern)))

    def found(self, page: str) -> list[str]:
        return [
            text
            for text, literal, pattern in self.patterns
            if literal in page and pattern.search(page)
        ]


INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q",
    "s", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
}  # fmt: skip
SKIPPED = {"script", "style", "textarea"}
# Attributes that people read (or hear), and data-* (texts a script shows); a value only
# where it is a button's text.
READ = {"alt", "aria-description", "aria-label", "content", "label", "placeholder", "title"}
BUTTONS = {"button", "reset", "submit"}
# What users wrote: rich text (chapters, site pages) and what is typed in a text area.
USER_CONTENT = {"portal-rich-text", "portal-site-page"}


class ReadableText(HTMLParser):
    """What a reader of the page meets: the text and the attribute values (labels,
    titles, placeholders, option labels, button values), one block per line; leaves out
    scripts, styles, the parts marked in another language than Dutch and what users
    wrote (``USER_CONTENT``, text areas)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.line = [], []
        self.stack = []  # (tag, skipped) of the open elements

    @property
    def skipping(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skipped = (
            self.skipping
            or tag in SKIPPED
            or (lang is not None and not lang.startswith("nl"))
            or bool(USER_CONTENT & set((attrs.get("class") or "").split()))
        )
        if tag not in INLINE:
            self.end_line()
        if not skipped:
            read = READ | ({"value"} if tag == "input" and attrs.get("type") in BUTTONS else set())
            self.lines += [
                " ".join(value.split())
                for name, value in attrs.items()
                if (name in read or name.startswith("data-")) and value and value.strip()
            ]
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed elements
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        if tag not in INLINE:
            self.end_line()

    def handle_data(self, data):
        if not self.skipping:
            self.line.append(data)

    def end_line(self):
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        parser.end_line()
        return "\n".join(" ".join(line.split()) for line in parser.lines)


@pytest.fixture(scope="module")
def finder():
    return Finder(english_texts())


def test_the_finder_catches_django_s_english_blank_choice_and_spares_the_language_switch(
    finder,
):
    page = """<html lang="nl"><head><title>Vergelijken</title>
      <script>const label = "- Select an option -";</script></head><body>
      <button lang="en">English</button><p lang="en">There is a problem with this field</p>
      <select><option value="">- Select an option -</option></select>
      <p>Er zijn problemen met <strong>2</strong> velden</p>
      <p>There are problems with <strong>2</strong> fields</p>
      <input type="text" placeholder="Search the portal">
      <div class="utrecht-rich-text portal-rich-text"><p>Enter a valid date.</p></div>
      <textarea>Enter a valid URL.</textarea><input name="t" value="Enter a valid email address.">
      </body></html>"""
    found = finder.found(ReadableText.of(page))
    assert "- Select an option -" in found
    assert "There are problems with %(counter)s fields" in found  # a plural, across markup
    assert "Search the portal" in found  # in an attribute
    assert "There is a problem with %(counter)s field" not in found  # marked lang="en"
    assert all("English" not in text for text in found)
    typed = ["Enter a valid date.", "Enter a valid URL.", "Enter a valid email address."]
    assert set(typed) <= set(finder.found("\n".join(typed)))  # Django's English, anywhere
    assert not set(typed) & set(found)  # but not in what users wrote or typed


def browser_for(role, cast):
    """A client of ``role`` that asks for Dutch, logged in as ``as_user`` does."""
    import time

    from infra.middleware import RenewSessionMiddleware

    client = Client(headers={"accept-language": "nl"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    if role != ANON:
        client.force_login(cast[role])
        session = client.session
        session[RenewSessionMiddleware.KEY] = int(time.time())
        session.save()
    return client


@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.usefixtures("_media_in_tmp")
def test_every_page_in_dutch_shows_no_english_interface_text(cast, finder):
    browsers = {role: browser_for(role, cast) for role in EVERYONE}
    read, english = 0, []
    for row in MATRIX:
        roles = [role for role in EVERYONE if row.get[role] == 200]
        if not roles:
            continue
        with transaction.atomic():
            url = reverse(row.name, args=row.args(cast))
            for role in roles:
                response = browsers[role].get(url)
                assert response.status_code == 200, f"GET {url} as {role}"
                if not response["Content-Type"].startswith("text/html"):
                    continue
                read += 1
                page = ReadableText.of(response.content.decode())
                english += [f"{url} as {role}: {text!r}" for text in finder.found(page)]
            transaction.set_rollback(True)  # the next row starts from the cast alone
        cache.clear()  # ids come back after the rollback
    assert read > 50  # the pages were read, not skipped
    assert not english, "English on Dutch pages:\n" + "\n".join(english)


def test_the_compare_selects_offer_no_empty_answer(cast):
    """Both versions are always chosen: the selects list the versions only (an empty
    answer would show Django's English "- Select an option -")."""
    from agenda.forms.agenda_versions import AgendaCompareForm
    from agenda.models import AgendaVersion
    from tests.test_permissions import two_rough_versions

    two_rough_versions(cast)
    form = AgendaCompareForm(versions=AgendaVersion.objects.order_by("-sequence"))
    for name in ("van", "naar"):
        values = [str(value) for value, _label in form.fields[name].choices]
        assert len(values) == 2 and "" not in values, name
