"""The PDF/UA-1 gate of the tests, and its corpus: a known-good PDF and known-bad ones,
made by editing the good one with pikepdf (no binaries in the repository).

The gate is ``page-validation`` (the ``page`` package: PDF/UA-1, 100+ rules; alpha, so
pinned in pyproject.toml). A failure names each rule that failed and why.
"""

import io
from collections.abc import Callable

import page
import pikepdf

GOOD_HTML = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef van de poort'
    '</title><meta name="author" content="Netwerkagenda"></head><body><h1>Kop</h1>'
    "<p>Een alinea met <em>nadruk</em>.</p><ul><li>een</li><li>twee</li></ul>"
    "<table><thead><tr><th>Activiteit</th><th>Resultaat</th></tr></thead>"
    "<tbody><tr><td>Actie 1</td><td>Klaar</td></tr></tbody></table></body></html>"
)


def ua1_failures(data: bytes) -> list[str]:
    """Every PDF/UA-1 rule ``data`` fails, as "RULE-ID: message"; empty when it passes."""
    report = page.validate_pdf_bytes(data, profile="ua1")
    return sorted({f"{failure.rule_id}: {failure.message}" for failure in report.failures})


def failed_rules(data: bytes) -> set[str]:
    return {line.split(":", 1)[0] for line in ua1_failures(data)}


def assert_pdf_ua(data: bytes, what: str) -> None:
    """The gate: fail naming every rule ``data`` (the PDF of ``what``) breaks."""
    failures = ua1_failures(data)
    assert not failures, f"{what} is not PDF/UA-1:\n" + "\n".join(failures)


def _edited(data: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _elements(pdf: pikepdf.Pdf):
    """Every structure element, depth first."""
    tree = pdf.Root.StructTreeRoot
    todo = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    while todo:
        element = todo.pop()
        yield element
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        todo += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def without_language(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Lang"]


def without_title(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        del metadata["dc:title"]
    if "/Title" in pdf.docinfo:
        del pdf.docinfo["/Title"]


def without_tag_tree(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/StructTreeRoot"]


def unknown_tag(pdf: pikepdf.Pdf) -> None:
    """A paragraph tagged with a type that is neither standard nor role-mapped."""
    for element in _elements(pdf):
        if element.S == pikepdf.Name.P:
            element.S = pikepdf.Name("/Alinea")


def untagged_content(pdf: pikepdf.Pdf) -> None:
    """The first page's marked content removed: its text is in no tag."""
    first = pdf.pages[0]
    kept = [
        (operands, operator)
        for operands, operator in pikepdf.parse_content_stream(first)
        if str(operator) not in {"BDC", "BMC", "EMC"}
    ]
    first.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))


# Each broken file and the rule the gate must name for it.
BROKEN = {
    "no language": (without_language, "PDFUA1-TEXT-LANGUAGE-001"),
    "no title": (without_title, "PDFUA1-METADATA-TITLE-001"),
    "no tag tree": (without_tag_tree, "PDFUA1-STRUCT-TREE-ROOT-001"),
    "unknown tag": (unknown_tag, "PDFUA1-STRUCT-TREE-ROLE-MAP-001"),
    "untagged content": (untagged_content, "PDFUA1-CONTENT-TAGGING-001"),
}


def broken(good: bytes, name: str) -> bytes:
    change, _rule = BROKEN[name]
    return _edited(good, change)
