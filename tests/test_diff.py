"""Word diffs on Dutch text, and the action table compared row by row."""

from agenda.diff import diff_actions, diff_html, has_changes, render, text_blocks


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
