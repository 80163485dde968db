"""One search over what a user may read: the current chapters, the comments on them,
the network texts and the site pages (such as *Over de Netwerkagenda*).

On PostgreSQL the chapters, comments and network texts are searched in Dutch, with
stemming, through the stored ``search_nl`` columns and their GIN indexes (migration
0014); ``websearch_to_tsquery`` reads the query as people type it ("leesplezier
-jeugd", quotes for a phrase). On SQLite every word must occur as typed. Either way the
results come only from what ``user`` may read: chapters and comments of the teams whose
drafts they read, network texts for participants, site pages for everyone.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, TextField
from django.db.models.expressions import RawSQL
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
    fields = {
        "agenda_contribution": ["context", "ambition", "programme_intro", "provision_texts"],
    }.get(table, ["body"])
    rows = list(queryset.filter(every_word(text, fields))[:PER_KIND])
    for row in rows:
        row.snippet = snippet(" ".join(_text_of(getattr(row, f)) for f in fields), text)
    return rows


def _text_of(value) -> str:
    """A field's text: a dict of texts (one per system provision) as its texts."""
    return " ".join(map(str, value.values())) if isinstance(value, dict) else str(value)


def every_word(text: str, fields: list[str]) -> Q:
    condition = Q()
    for word in text.split():
        word = word.strip('"')
        if word and not word.startswith("-"):
            any_field = Q()
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": word})
            condition &= any_field
    return condition


def _marked(headline: str) -> SafeString:
    """PostgreSQL's headline (tags already removed) as escaped HTML with ``<mark>``."""
    text = escape(" ".join(unescape(strip_tags(headline)).split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def snippet(html: str, text: str, width: int = 90) -> SafeString:
    """Some words around the first match, the matches marked (the fallback's headline)."""
    plain = " ".join(unescape(strip_tags(html)).split())
    words = [w.strip('"') for w in text.split() if w.strip('"') and not w.startswith("-")]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
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
