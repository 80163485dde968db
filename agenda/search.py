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

A result's headline costs the same however long the text: a chapter's or a network text's
is cut from a window of at most ``excerpts.WINDOW`` characters around the first match,
read from the plain text and the stems' first offsets stored with it
(``agenda.texts.excerpts``); a comment is short (the form takes 5,000 characters) and is
headlined whole. PostgreSQL headlines the windows with ``ts_headline``, all in one query
after the results are found; SQLite marks them in Python (``snippet``).
"""

import functools
import json
import re
from dataclasses import dataclass
from html import unescape

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, IntegerField, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, Substr
from django.db.models.lookups import Contains
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from agenda.models import Comment, Contribution, NetworkText
from agenda.permissions import is_participant
from agenda.texts.excerpts import (
    BEFORE,
    TAG,
    WINDOW,
    WORD,
    plain_text,
    stem,
    strings_in,
    trimmed,
)
from infra.models import SitePage
from teams.permissions import readable_team_ids

PER_KIND = 10  # results per kind of text
START, STOP = "\x02", "\x03"  # where PostgreSQL's headline marks a match
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2"
STEMS_FUNCTION = "nl_stems"  # SQLite: the stems of a row's texts (``_row_stems``)


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString


# What each table's rows are matched by on SQLite: the fields that PostgreSQL's search
# column holds (migration 0014).
SEARCHED_FIELDS = {
    "agenda_contribution": ["context", "ambition", "programme_intro", "provision_texts", "actions"],
    "agenda_networktext": ["body"],
    "agenda_comment": ["body"],
}


def search(user, text: str, edition) -> list[Hit]:
    """What ``user`` may read that matches ``text``: chapters first, then network texts,
    comments and site pages; at most ``PER_KIND`` of each, best first on PostgreSQL."""
    text = " ".join(text.split())[:200]
    if len(text) < 2:
        return []
    teams = readable_team_ids(user)
    chapters = (
        Contribution.objects.for_edition(edition)
        .filter(team__in=teams)
        .select_related("team")
        .without_text()
    )
    comments = Comment.objects.filter(
        contribution__edition=edition, contribution__team__in=teams
    ).select_related("contribution__team", "author")
    found_chapters = _found(chapters, "agenda_contribution", text)
    found_texts = []
    if is_participant(user):
        texts = NetworkText.objects.filter(edition=edition).defer("body")
        found_texts = _found(texts, "agenda_networktext", text)
    found_comments = _found(comments, "agenda_comment", text)
    _headline(text, [*found_chapters, *found_texts, *found_comments])
    hits = [
        Hit(_("Chapter"), f"{c.team.number}. {c.team.name}", c.get_absolute_url(), c.snippet)
        for c in found_chapters
    ]
    hits += [Hit(_("Network text"), t.title, t.get_absolute_url(), t.snippet) for t in found_texts]
    hits += [
        Hit(
            _("Comment"),
            _("Comment by %(author)s on %(team)s")
            % {"author": c.author, "team": c.contribution.team.name},
            f"{c.contribution.get_absolute_url()}#reacties",
            c.snippet,
        )
        for c in found_comments
    ]
    pages = SitePage.objects.filter(every_word(text, ["title", "body"]))[:PER_KIND]
    hits += [Hit(_("Page"), p.title, p.get_absolute_url(), snippet(p.body, text)) for p in pages]
    return hits


def _found(queryset, table: str, text: str) -> list:
    """The rows of ``queryset`` that match (on PostgreSQL the best first), each with
    ``excerpt``: the plain text its headline is cut from."""
    if connection.vendor == "postgresql":
        query = "websearch_to_tsquery('dutch', %s)"
        rows = queryset.annotate(
            matches=RawSQL(f"{table}.search_nl @@ {query}", [text], BooleanField()),
            rank=RawSQL(f"ts_rank({table}.search_nl, {query})", [text], FloatField()),
        ).filter(matches=True)
        rows = rows.order_by("-rank")
    else:
        rows = queryset.filter(every_word(text, SEARCHED_FIELDS[table]))
    if table == "agenda_comment":  # short: headlined whole
        rows = list(rows[:PER_KIND])
        for row in rows:
            row.excerpt = plain_text(row.body)
        return rows
    start = Greatest(Coalesce(_first_match(table, text), 0) - BEFORE, Value(0))
    rows = list(
        rows.annotate(
            excerpt_start=start,
            excerpt_part=Substr("search_text", start + 1, WINDOW + 1),
        )[:PER_KIND]
    )
    for row in rows:
        row.excerpt = trimmed(row.excerpt_part, row.excerpt_start)
    return rows


def _first_match(table: str, text: str) -> RawSQL:
    """The offset in the row's stored plain text of the first word with a stem of the
    query (none: NULL), read from its stored stem offsets. PostgreSQL stems the query
    itself, so that its stop words ("de", "het") do not count, as they do not match."""
    if connection.vendor == "postgresql":
        sql = (
            f"(SELECT min(({table}.stem_offsets ->> lexeme)::int) "
            "FROM unnest(tsvector_to_array(to_tsvector('dutch', %s))) AS lexeme)"
        )
        return RawSQL(sql, [" ".join(_query_words(text))], IntegerField())
    sql = (
        f"(SELECT min(json_extract({table}.stem_offsets, '$.' || json_quote(value))) "
        "FROM json_each(%s))"
    )
    return RawSQL(sql, [json.dumps(_query_stems(text))], IntegerField())


def _headline(text: str, rows: list) -> None:
    """Set each row's ``snippet``: its ``excerpt`` with the words found marked. On
    PostgreSQL one query headlines them all; each excerpt is bounded, so the query costs
    the same for long texts as for short ones."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            row.snippet = _snippet(row.excerpt, text)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline('dutch', part, websearch_to_tsquery('dutch', %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS excerpt(part, n) ORDER BY n",
            [text, HEADLINE_OPTIONS, [row.excerpt for row in rows]],
        )
        for row, (headline,) in zip(rows, cursor.fetchall(), strict=True):
            row.snippet = _marked(headline)


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
    """PostgreSQL's headline of a plain-text excerpt as escaped HTML with ``<mark>``."""
    text = escape(" ".join(headline.split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def snippet(html: str, text: str, width: int = 90) -> SafeString:
    """Some words around the first match in ``html``, the matches marked (the headline
    of site pages and documents, and on SQLite of every result)."""
    return _snippet(plain_text(html), text, width)


def _snippet(plain: str, text: str, width: int = 90) -> SafeString:
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


def _query_words(text: str) -> list[str]:
    """The words of a query that must all occur: quotes dropped; a ``-word`` (left out
    on PostgreSQL) is skipped."""
    words = (word.strip('"') for word in text.split())
    return [word for word in words if word and not word.startswith("-")]


def _query_stems(text: str) -> list[str]:
    """The stems a text must hold to match the query, each once, in query order."""
    return list(dict.fromkeys(stem(w) for word in _query_words(text) for w in WORD.findall(word)))


def _row_stems(*columns) -> str:
    """The SQL function ``nl_stems``: the stems of the words in the columns, between
    spaces (" bibliothek lez "), so that ``LIKE '% stem %'`` finds a whole stem. Tags
    are dropped and entities read; a JSON column counts by its texts."""
    return _stems_of(tuple(columns))


@functools.lru_cache(maxsize=256)  # one search asks once per word of the query
def _stems_of(columns: tuple) -> str:
    words = set()
    for column in columns:
        for text in strings_in(_parsed(column)):
            words.update(WORD.findall(unescape(TAG.sub(" ", text)).lower()))
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
    return sorted({word for word in WORD.findall(plain) if stem(word) in stems}, key=len)[::-1]
