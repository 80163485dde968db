"""Word diffs on Dutch text, and the action table compared row by row."""

import random

from agenda.texts import diff
from agenda.texts.diff import diff_actions, diff_html, has_changes, render, tokens
from agenda.texts.html import text_blocks


def ops(changes):
    return [(c.op, " ".join(c.words)) for c in changes]


def test_blocks_follow_paragraphs_headings_and_list_items():
    html = (
        "<h3>Ambitie</h3><p>Elk kind <strong>leest</strong>.</p><ul><li>een</li><li>twee</li></ul>"
    )
    assert text_blocks(html) == ["Ambitie", "Elk kind leest.", "een", "twee"]


def test_inserted_words_are_marked():
    changes = diff_html(
        "<p>De bibliotheek is dichtbij.</p>", "<p>De bibliotheek is altijd dichtbij.</p>"
    )
    assert ops(changes) == [
        ("equal", "De bibliotheek is"),
        ("insert", "altijd"),
        ("equal", "dichtbij."),
    ]


def test_deleted_words_are_marked():
    changes = diff_html("<p>Wij willen heel graag bereiken</p>", "<p>Wij willen bereiken</p>")
    assert ("delete", "heel graag") in ops(changes)
    assert not any(op == "insert" for op, _ in ops(changes))


def test_replaced_word_is_a_deletion_and_an_insertion():
    changes = diff_html("<p>Laaggeletterdheid daalt</p>", "<p>Laaggeletterdheid stijgt</p>")
    assert ops(changes) == [
        ("equal", "Laaggeletterdheid"),
        ("delete", "daalt"),
        ("insert", "stijgt"),
    ]


def test_formatting_only_change_is_no_word_change():
    assert not has_changes(diff_html("<p>Taalhuis</p>", "<p><strong>Taalhuis</strong></p>"))


def test_rendered_diff_escapes_text_and_announces_changes():
    html = render(diff_html("<p>a &lt;b&gt;</p>", "<p>a &lt;b&gt; &lt;script&gt;</p>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<ins class="portal-diff__ins"><span class="portal-visually-hidden">' in html


def test_new_paragraph_is_an_insertion_on_its_own_line():
    changes = diff_html("<p>Eerste alinea.</p>", "<p>Eerste alinea.</p><p>Tweede alinea.</p>")
    assert ops(changes)[-1] == ("insert", "\n Tweede alinea.")
    assert "\n" in render(changes)


VOCABULARY = [
    *("de", "het", "een", "taal", "lezen", "schrijven", "bibliotheek", "school", "kinderen"),
    *("ouders", "gemeente", "wijk", "samen", "leesclub", "voorlezen", "boeken", "digitaal"),
    *("vaardig", "helpen", "oefenen", "vrijwilligers", "taalhuis"),
]


def paragraphs(count, *, seed=0, words=25):
    """``count`` different paragraphs of Dutch words, each ending in a full stop."""
    chance = random.Random(seed)
    return [
        " ".join(chance.choices(VOCABULARY, k=words - 1)) + f" alinea{k}." for k in range(count)
    ]


def html(texts):
    return "".join(f"<p>{text}</p>" for text in texts)


def sides(changes):
    """The old and the new words the changes spell out."""
    old = [word for c in changes if c.op != "insert" for word in c.words]
    new = [word for c in changes if c.op != "delete" for word in c.words]
    return old, new


def assert_spells_out(changes, old_html, new_html):
    assert sides(changes) == (tokens(old_html), tokens(new_html))


def test_one_changed_word_in_a_long_text_is_the_only_change():
    old = paragraphs(300)
    new = list(old)
    words = new[150].split()
    words[7] = "gewijzigd"
    new[150] = " ".join(words)
    changes = diff_html(html(old), html(new))
    assert [(c.op, c.words) for c in changes if c.op != "equal"] == [
        ("delete", (old[150].split()[7],)),
        ("insert", ("gewijzigd",)),
    ]
    assert len(changes) == 4
    assert_spells_out(changes, html(old), html(new))


def test_paragraph_inserted_in_a_long_text_is_one_inserted_block():
    old = paragraphs(300)
    new = [*old[:120], "Een nieuwe alinea over de leesclub in de wijk.", *old[120:]]
    changes = diff_html(html(old), html(new))
    assert ops(changes)[1] == ("insert", "\n Een nieuwe alinea over de leesclub in de wijk.")
    assert [c.op for c in changes] == ["equal", "insert", "equal"]
    assert_spells_out(changes, html(old), html(new))


def test_paragraph_deleted_from_a_long_text_is_one_deleted_block():
    old = paragraphs(300)
    new = old[:200] + old[201:]
    changes = diff_html(html(old), html(new))
    assert ops(changes)[1] == ("delete", "\n " + old[200])
    assert [c.op for c in changes] == ["equal", "delete", "equal"]


def test_long_run_of_edited_paragraphs_shows_each_edit():
    # Forty paragraphs in a row, each with one word changed: too long to compare as one
    # text, so the paragraphs are paired and compared one by one.
    old = paragraphs(300)
    new = list(old)
    for k in range(100, 140):
        new[k] = new[k].replace(f"alinea{k}.", f"herschreven{k}.")
    assert diff.WORD_DIFF_BUDGET < (40 * 25) ** 2
    changes = diff_html(html(old), html(new))
    assert [(c.op, c.words) for c in changes if c.op != "equal"] == [
        change
        for k in range(100, 140)
        for change in [("delete", (f"alinea{k}.",)), ("insert", (f"herschreven{k}.",))]
    ]
    assert_spells_out(changes, html(old), html(new))


def test_edited_and_inserted_paragraphs_in_a_long_run_are_told_apart():
    old = paragraphs(300)
    new = list(old)
    for k in range(100, 140):
        new[k] = new[k].replace(f"alinea{k}.", f"herschreven{k}.")
    new.insert(120, "Een nieuwe alinea.")
    changes = diff_html(html(old), html(new))
    edits = [(op, words) for op, words in ops(changes) if op != "equal"]
    assert edits[38:42] == [
        ("delete", "alinea119."),
        ("insert", "herschreven119. \n Een nieuwe alinea."),  # up to the next equal word
        ("delete", "alinea120."),
        ("insert", "herschreven120."),
    ]
    assert len(edits) == 80
    assert_spells_out(changes, html(old), html(new))


def test_rewritten_long_text_is_deleted_and_inserted():
    old = paragraphs(300, seed=1)
    new = [f"Herschreven tekst {k} zonder enig woord uit vorige versie" for k in range(300)]
    changes = diff_html(html(old), html(new))
    assert [(c.op, c.words) for c in changes] == [
        ("delete", tuple(tokens(html(old)))),
        ("insert", tuple(tokens(html(new)))),
    ]


def test_huge_paragraph_changed_in_two_places_shows_both_words():
    # One block of 9,000 words: too long to compare word by word, so its sentences are
    # matched first.
    text = " ".join(paragraphs(360))
    words = text.split()
    words[100], words[-100] = "eerste", "laatste"
    changes = diff_html(f"<p>{text}</p>", f"<p>{' '.join(words)}</p>")
    assert [(c.op, c.words) for c in changes if c.op != "equal"] == [
        ("delete", (text.split()[100],)),
        ("insert", ("eerste",)),
        ("delete", (text.split()[-100],)),
        ("insert", ("laatste",)),
    ]
    assert_spells_out(changes, f"<p>{text}</p>", f"<p>{' '.join(words)}</p>")


def test_huge_paragraph_rewritten_is_deleted_and_inserted():
    old = " ".join(paragraphs(360))
    new = " ".join(f"Herschreven zin {k} met andere woorden." for k in range(1800))
    changes = diff_html(f"<p>{old}</p>", f"<p>{new}</p>")
    assert [(c.op, " ".join(c.words)) for c in changes] == [("delete", old), ("insert", new)]


def row(activity, lead="provision:BIB", quarters=("Q1",), result="Resultaat"):
    return {"activity": activity, "lead": lead, "quarters": list(quarters), "result": result}


def test_added_and_removed_rows():
    changes = diff_actions([row("Leesclubs"), row("Campagne")], [row("Leesclubs"), row("Training")])
    assert [(c.kind, c.row["activity"]) for c in changes] == [
        ("unchanged", "Leesclubs"),
        ("added", "Training"),
        ("removed", "Campagne"),
    ]


def test_changed_row_shows_which_fields_changed():
    changes = diff_actions(
        [row("Leesclubs", result="Tien clubs")], [row("Leesclubs", result="Twintig clubs")]
    )
    assert changes[0].kind == "changed"
    assert has_changes(changes[0].fields["result"])
    assert not has_changes(changes[0].fields["lead"])
    assert ops(changes[0].fields["result"]) == [
        ("delete", "Tien"),
        ("insert", "Twintig"),
        ("equal", "clubs"),
    ]


def test_moved_rows_are_recognised():
    old = [row("Eerste"), row("Tweede"), row("Derde")]
    new = [row("Derde"), row("Eerste"), row("Tweede")]
    changes = diff_actions(old, new)
    assert [(c.kind, c.row["activity"]) for c in changes] == [
        ("moved", "Derde"),
        ("unchanged", "Eerste"),
        ("unchanged", "Tweede"),
    ]


def test_unchanged_table_has_no_changes():
    rows = [row("Eerste"), row("Tweede")]
    assert {c.kind for c in diff_actions(rows, [dict(r) for r in rows])} == {"unchanged"}
