"""An agenda version to read in the browser, a chapter to a page: the front page with
the table of contents and the motto and manifesto, a page per chapter, and the colophon
and annex. The same permission as the version's page (a version the user may not see
is 404); what a chapter shows is rendered once and cached (``pdf.reading``)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda.governance.selectors import readable_version
from agenda.pdf import html, reading
from agenda.permissions import can_give_feedback, can_propose_on_version
from partners.models import Partner


def agenda_version_read(request, pk):
    """The version's front page: its table of contents, motto and manifesto."""
    version = readable_version(request.user, pk)
    contents = reading.contents(version)
    first = contents.chapters[0] if contents.chapters else None
    return render(
        request,
        "agenda/agenda_version_read.html",
        _page(version, contents)
        | {
            "motto": version.motto.body if version.motto else "",
            "manifesto": version.manifesto.body if version.manifesto else "",
            "next": _chapter_link(version, first) if first else _annex_link(version),
        },
    )


def agenda_version_read_chapter(request, pk, number):
    """One chapter of the version (team ``number``; 404 when the version has none), with
    the links to act on it and to the chapters before and after it."""
    version = readable_version(request.user, pk)
    contents = reading.contents(version)
    if (around := contents.around(number)) is None:
        raise Http404
    previous, chapter, following = around
    return render(
        request,
        "agenda/agenda_version_read_chapter.html",
        _page(version, contents)
        | {
            "chapter": chapter,
            "team": chapter.team,
            "current": number,
            "chapter_html": reading.chapter_html(version, chapter),
            "can_propose": can_propose_on_version(request.user, version),
            "can_give_feedback": can_give_feedback(request.user, version),
            "previous": _chapter_link(version, previous) if previous else _front_link(version),
            "next": _chapter_link(version, following) if following else _annex_link(version),
        },
    )


def agenda_version_read_annex(request, pk):
    """The colophon (partners, timeline, the version's history) and the annex (team
    compositions, names only with consent): what the PDF prints after the chapters."""
    version = readable_version(request.user, pk)
    contents = reading.contents(version)
    last = contents.chapters[-1] if contents.chapters else None
    return render(
        request,
        "agenda/agenda_version_read_annex.html",
        _page(version, contents)
        | {
            "partners": Partner.objects.all(),
            "milestones": version.edition.milestones.all(),
            "steps": html.steps(version),
            "annex": html.annex(),
            "previous": _chapter_link(version, last) if last else _front_link(version),
        },
    )


def _page(version, contents) -> dict:
    """What every page of the reading view shows."""
    return {
        "version": version,
        "edition": version.edition,
        "is_concept": not version.is_final,
        "contents": contents,
        "text_language": settings.LANGUAGE_CODE,
    }


def _chapter_link(version, chapter) -> dict:
    return {
        "title": f"{chapter.team.number}. {chapter.team.name}",
        "url": reverse(
            "agenda:agenda_version_read_chapter", args=[version.pk, chapter.team.number]
        ),
    }


def _front_link(version) -> dict:
    return {
        "title": _("Motto and manifesto"),
        "url": reverse("agenda:agenda_version_read", args=[version.pk]) + "#motto-en-manifest",
    }


def _annex_link(version) -> dict:
    return {
        "title": _("Colophon"),
        "url": reverse("agenda:agenda_version_read_annex", args=[version.pk]),
    }
