"""The interface in English as well as Dutch: every text the code marks for translation
has an English translation in ``locale/en``, and the switch in the header changes the
language of the pages (the PDFs and history records stay in the site's language)."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"


def entries(po: Path) -> dict[str, bool]:
    """msgid -> whether it has a translation (not empty, not fuzzy); a plural's msgid is
    its singular."""
    found = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        part, msgid, translated = None, [], False
        for line in block.splitlines():
            if line.startswith("msgid "):
                part = "id"
            elif line.startswith("msgid_plural "):
                part = None
            elif line.startswith("msgstr"):
                part = "str"
            if part is None or not line.rstrip().endswith('"'):
                continue
            text = line[line.index('"') + 1 : -1]
            if part == "id":
                msgid.append(text)
            elif text:
                translated = True
        if "".join(msgid):
            found["".join(msgid)] = translated and "#, fuzzy" not in block
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """What the code marks for translation today: makemessages into a scratch copy of
    the catalogues, so the checked-in ones are left as they are. makemessages writes
    each source file's texts to the ``locale`` folder nearest above it, so it runs in a
    scratch folder of links to the sources with the copy as its ``locale``."""
    scratch = tmp_path_factory.mktemp("sources")
    shutil.copytree(LOCALE, scratch / "locale")
    # Not sources; media/ changes under the walk while other test processes write there.
    ignored = {".venv", "tests", "bench", "staticfiles", "frontend", "locale", "node_modules"}
    ignored |= {"media", "netwerkagenda.egg-info"}
    for source in Path(settings.BASE_DIR).iterdir():
        if source.is_dir() and source.name not in ignored and not source.name.startswith("."):
            (scratch / source.name).symlink_to(source)
    ignore = ["static/vendor"]  # as make messages
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "LOCALE_PATHS", [scratch / "locale"])
        patch.chdir(scratch)
        for domain in ("django", "djangojs"):
            call_command(
                "makemessages",
                locale=["nl", "en"],
                domain=domain,
                ignore_patterns=ignore,
                symlinks=True,
                verbosity=0,
            )
    return scratch / "locale"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_interface_text_is_translated(extracted, domain, language):
    """Dutch by hand, English copied from the source by ``make messages``: a text the
    code marks but a catalogue lacks would show in the wrong language."""
    wanted = set(entries(extracted / language / "LC_MESSAGES" / f"{domain}.po"))
    have = entries(LOCALE / language / "LC_MESSAGES" / f"{domain}.po")
    missing = sorted(m for m in wanted if not have.get(m))
    assert not missing, f"{len(missing)} texts without {language}, e.g. {missing[:5]}"


def test_the_header_switches_the_language_and_back(client, db):
    page = client.get(reverse("portal:timeline"))
    assert 'lang="nl"' in page.content.decode() and "Tijdpad" in page.content.decode()
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("portal:timeline")}
    )
    assert response.status_code == 302
    page = client.get(reverse("portal:timeline")).content.decode()
    assert '<html lang="en"' in page and '<h1 class="utrecht-heading-1">Timeline</h1>' in page
    assert 'value="nl" lang="nl"' in page  # the way back, in Dutch
