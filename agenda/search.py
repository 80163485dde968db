"""One search over what a user may read: the current chapters, the comments on them,
the network texts and the site pages (such as *Over de Netwerkagenda*).

On PostgreSQL the chapters, comments and network texts are searched in Dutch, with
stemming, through the stored ``search_nl`` columns and their GIN indexes (migration
0014); ``websearch_to_tsquery`` reads the query as people type it ("leesplezier
-jeugd", quotes for a phrase). Either way the results come only from what ``user`` may
read: chapters and comments of the teams whose drafts they read, network texts for
participants, site pages for everyone.

On SQLite (``make run``) every word of the query must occur in one of its forms: texts
and query are compared by their Dutch stems, so "bibliotheek" and "bibliotheken" find the
same texts there as on PostgreSQL. PostgreSQL's ``dutch`` configuration stems with
Snowball's original Dutch stemmer, which snowballstemmer 3 ships as ``dutch_porter`` (its
``dutch`` is a newer algorithm with other stems), so both make the same stems
("bibliothek" for both words, "schol" for "school" and "scholen"). A stem is not always
a prefix of the word ("bibliotheek" loses a vowel, "café" its accent), so the stored
texts are stemmed too, by the SQL function ``nl_stems`` registered on the connection,
each time a search runs: fine for the demo's few hundred texts, not for a large site
(PostgreSQL has its stored columns and indexes). SQLite reads no query syntax (a
``-word`` is ignored, quotes are dropped, every word counts, stop words such as "de"
too), ranks nothing, and ignores the keys of JSON texts (PostgreSQL's chapter column
holds them). What stemming does not join stays apart on both databases: irregular
forms ("lezen" and "leest", "geven" and "gaf"), "-s" plurals of words ending in a vowel
("collectie" and "collecties", "gemeente" and "gemeentes") and the parts of compounds
("bibliotheek" does not find "Bibliotheekconvenant").

Site pages (and the portal's documents) are matched by ``every_word`` on both databases:
on SQLite by stems as above, on PostgreSQL as typed, part of a word included.
"""

import functools
import json
import re
import threading
from dataclasses import dataclass
from html import unescape

import snowballstemmer
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from agenda.models import Comment, Contribution, NetworkText
from agenda.permissions import is_participant
from infra.models import SitePage
from teams.permissions import readable_team_ids

PER_KIND = 10  # results per kind of text
START, STOP = "\x02", "\x03"  # where PostgreSQL's headline marks a match
# The text a chapter's headline is cut from: its aspects, the provisions' texts without
# their keys (the search column itself is made in migration 0014).
CHAPTER_TEXT = (
    "coalesce({t}.context, '') || ' ' || coalesce({t}.ambition, '') || ' ' || "
    "coalesce({t}.programme_intro, '') || ' ' || coalesce((SELECT string_agg(value, ' ') "
    "FROM jsonb_each_text({t}.provision_texts)), '')"
)
STEMS_FUNCTION = "nl_stems"  # SQLite: the stems of a row's texts (``_row_stems``)
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]+>")
# PostgreSQL's ``dutch_stem`` up to 18; its sources since January 2026 (19) make "dutch"
# the newer algorithm, and tests/test_search.py compares the two on PostgreSQL.
_STEMMER = snowballstemmer.stemmer("dutch_porter")
_STEMMER_LOCK = threading.Lock()  # a Snowball stemmer keeps its word while it works


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString


def search(user, text: str, edition) -> list[Hit]:
    """What ``user`` may read that matches ``text``: chapters first, then network texts,
    comments and site pages; at most ``PER_KIND`` of each, best first on PostgreSQL."""
    text = " ".join(text.split())[:200]
    if len(text) < 2:
        return []
    teams = readable_team_ids(user)
    chapters = Contribution.objects.for_edition(edition).filter(team__in=teams)
    comments = Comment.objects.filter(
        contribution__edition=edition, contribution__team__in=teams
    ).select_related("contribution__team")
    texts = NetworkText.objects.filter(edition=edition) if is_participant(user) else None
    hits = [
        Hit(
            _("Chapter"),
            f"{c.team.number}. {c.team.name}",
            c.get_absolute_url(),
            c.snippet,
        )
        for c in _found(chapters.select_related("team"), "agenda_contribution", text, CHAPTER_TEXT)
    ]
    if texts is not None:
        hits += [
            Hit(_("Network text"), t.title, t.get_absolute_url(), t.snippet)
            for t in _found(texts, "agenda_networktext", text, "coalesce({t}.body, '')")
        ]
    hits += [
        Hit(
            _("Comment"),
            _("Comment by %(author)s on %(team)s")
            % {"author": c.author, "team": c.contribution.team.name},
            f"{c.contribution.get_absolute_url()}#reacties",
            c.snippet,
        )
        for c in _found(
            comments.select_related("author"), "agenda_comment", text, "coalesce({t}.body, '')"
        )
    ]
    pages = SitePage.objects.filter(every_word(text, ["title", "body"]))[:PER_KIND]
    hits += [Hit(_("Page"), p.title, p.get_absolute_url(), snippet(p.body, text)) for p in pages]
    return hits


def _found(queryset, table: str, text: str, document: str):
    """The rows of ``queryset`` that match, each with ``snippet``."""
    if connection.vendor == "postgresql":
        query = "websearch_to_tsquery('dutch', %s)"
        plain = f"regexp_replace({document.format(t=table)}, '<[^>]+>', ' ', 'g')"
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2"
        rows = (
            queryset.annotate(
                matches=RawSQL(f"{table}.search_nl @@ {query}", [text], BooleanField()),
                rank=RawSQL(f"ts_rank({table}.search_nl, {query})", [text], FloatField()),
                headline=RawSQL(
                    f"ts_headline('dutch', {plain}, {query}, %s)", [text, options], TextField()
                ),
            )
            .filter(matches=True)
            .order_by("-rank")[:PER_KIND]
        )
        for row in rows:
            row.snippet = _marked(row.headline)
        return rows
    fields = {  # what the search column holds on PostgreSQL (migration 0014)
        "agenda_contribution": [
            "context",
            "ambition",
            "programme_intro",
            "provision_texts",
            "actions",
        ],
    }.get(table, ["body"])
    rows = list(queryset.filter(every_word(text, fields))[:PER_KIND])
    for row in rows:
        row.snippet = snippet(" ".join(_text_of(getattr(row, f)) for f in fields), text)
    return rows


def _text_of(value) -> str:
    """A field's text: a JSON field (the provisions' texts, the actions) by its texts."""
    return " ".join(_strings_in(value))


def every_word(text: str, fields: list[str]) -> Q:
    """Rows where each word of ``text`` occurs in at least one of ``fields``. On SQLite a
    word occurs in any form with its Dutch stem ("bibliotheken" finds "bibliotheek"), as
    a whole word; elsewhere as typed, also inside a longer word."""
    condition = Q()
    if connection.vendor != "sqlite":
        for word in _query_words(text):
            any_field = Q()
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": word})
            condition &= any_field
        return condition
    if _query_words(text) and not _query_stems(text):
        return Q(pk__in=[])  # punctuation only: no word to find, as on PostgreSQL
    _enable_stems(connection)
    stems = Func(*map(F, fields), function=STEMS_FUNCTION, output_field=TextField())
    for word_stem in _query_stems(text):
        condition &= Q(Contains(stems, f" {word_stem} "))
    return condition


def _marked(headline: str) -> SafeString:
    """PostgreSQL's headline (tags already removed) as escaped HTML with ``<mark>``."""
    text = escape(" ".join(unescape(strip_tags(headline)).split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def snippet(html: str, text: str, width: int = 90) -> SafeString:
    """Some words around the first match, the matches marked (the fallback's headline)."""
    plain = " ".join(unescape(strip_tags(html)).split())
    pattern = _matches(plain, text)
    first = pattern.search(plain) if pattern else None
    start = max(0, first.start() - width) if first else 0
    end = min(len(plain), start + 2 * width + 40)
    if start:  # begin and end with whole words
        start = plain.find(" ", start) + 1 or start
    if end < len(plain):
        end = plain.rfind(" ", start, end) if " " in plain[start:end] else end
    part = plain[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(plain) else ""
    if pattern is None:
        return mark_safe(escape(prefix + part + suffix))
    marked, last = [], 0
    for match in pattern.finditer(part):
        marked += [escape(part[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    marked.append(escape(part[last:]))
    return mark_safe(escape(prefix) + "".join(marked) + escape(suffix))


def _matches(plain: str, text: str) -> re.Pattern | None:
    """What ``every_word`` matched in ``plain``: on SQLite the words with a stem of the
    query, elsewhere the query's words as typed."""
    if connection.vendor == "sqlite":
        words = _marked_words(plain, text)
        alternatives = r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"
    else:
        words = _query_words(text)
        alternatives = "|".join(map(re.escape, words))
    return re.compile(alternatives, re.IGNORECASE) if words else None


# Dutch stems, for SQLite


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of one word, as PostgreSQL's ``dutch_stem`` makes it."""
    with _STEMMER_LOCK:
        return _STEMMER.stemWord(word.lower())


def _query_words(text: str) -> list[str]:
    """The words of a query that must all occur: quotes dropped; a ``-word`` (left out
    on PostgreSQL) is skipped."""
    words = (word.strip('"') for word in text.split())
    return [word for word in words if word and not word.startswith("-")]


def _query_stems(text: str) -> list[str]:
    """The stems a text must hold to match the query, each once, in query order."""
    return list(dict.fromkeys(stem(w) for word in _query_words(text) for w in _WORD.findall(word)))


def _strings_in(value) -> list[str]:
    """The texts in a field's value: a JSON object by its values (not its keys), a list
    by its items."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings_in(item)]
    return [] if value is None else [str(value)]


def _row_stems(*columns) -> str:
    """The SQL function ``nl_stems``: the stems of the words in the columns, between
    spaces (" bibliothek lez "), so that ``LIKE '% stem %'`` finds a whole stem. Tags
    are dropped and entities read; a JSON column counts by its texts."""
    return _stems_of(tuple(columns))


@functools.lru_cache(maxsize=256)  # one search asks once per word of the query
def _stems_of(columns: tuple) -> str:
    words = set()
    for column in columns:
        for text in _strings_in(_parsed(column)):
            words.update(_WORD.findall(unescape(_TAG.sub(" ", text)).lower()))
    return f" {' '.join(sorted({stem(word) for word in words}))} "


def _parsed(column):
    if isinstance(column, str) and column.startswith(("{", "[")):
        try:
            return json.loads(column)
        except ValueError:
            pass
    return column


def _enable_stems(db) -> None:
    """Registers ``nl_stems`` on the SQLite connection ``db``, which may have been
    opened since the last search."""
    db.ensure_connection()
    db.connection.create_function(STEMS_FUNCTION, -1, _row_stems, deterministic=True)


def _marked_words(plain: str, text: str) -> list[str]:
    """The words of ``plain`` that have the stem of a word of the query ``text``, the
    longest first."""
    stems = set(_query_stems(text))
    return sorted({word for word in _WORD.findall(plain) if stem(word) in stems}, key=len)[::-1]
