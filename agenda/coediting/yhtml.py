"""A chapter's live document (Yjs) and HTML, both ways.

Tiptap's Collaboration extension keeps the editor's document in a Y.XmlFragment, as
@tiptap/y-tiptap writes it:

- ``XmlElement(tag=<node name>)`` is a node, with the node's attributes (nulls left out),
  e.g. heading ``{"level": 3}``;
- ``XmlText`` is a run of text whose formatting attributes are its marks
  (``{"bold": {}, "link": {"href": ...}}``; marks that may overlap are ``name--<hash>``).

Only the nodes and marks of the portal's editor (``richtext.EDITOR_EXTENSIONS``) are
mapped. The HTML made here is sanitised again by the save (``services.contributions``):
a client can put anything into a Y document.
"""

import re
from html import escape

from pycrdt import Doc, XmlElement, XmlFragment, XmlText

from agenda.texts.html import parse

# ---------------------------------------------------------------- Y -> HTML
BLOCKS = {"paragraph": "p", "bulletList": "ul", "orderedList": "ol", "listItem": "li"}
HTML_TO_CSS_TYPE = {
    "1": "decimal",
    "a": "lower-alpha",
    "A": "upper-alpha",
    "i": "lower-roman",
    "I": "upper-roman",
}
CSS_TO_HTML_TYPE = {v: k for k, v in HTML_TO_CSS_TYPE.items()}
MARK_ORDER = ["link", "bold", "italic"]  # schema rank order of the marks -> nesting order
MARK_TAGS = {"bold": "strong", "italic": "em"}
LINK_ATTRS = ("href", "target", "rel", "class", "title")


def _attrs_html(attrs):
    return "".join(f' {k}="{escape(str(v))}"' for k, v in attrs if v is not None)


def _open_mark(name, attrs):
    if name == "link":
        attrs = attrs if isinstance(attrs, dict) else {}
        return "<a" + _attrs_html((k, attrs.get(k)) for k in LINK_ATTRS) + ">"
    return f"<{MARK_TAGS[name]}>"


def _close_mark(name):
    return "</a>" if name == "link" else f"</{MARK_TAGS[name]}>"


def _mark_name(key):
    return key.split("--", 1)[0]  # y-tiptap's hashed names of overlapping marks


def _inline_html(children, depth: int = 0) -> str:
    """Text runs and inline nodes, with ProseMirror DOMSerializer's mark nesting
    (outer marks stay open over adjacent runs that share them)."""
    out, open_marks = [], []  # open_marks: [(name, attrs)]
    runs = []
    for child in children:
        if isinstance(child, XmlText):
            for insert, attrs in child.diff():
                marks = sorted(
                    (
                        (_mark_name(k), v)
                        for k, v in (attrs or {}).items()
                        if _mark_name(k) in MARK_ORDER
                    ),
                    key=lambda m: MARK_ORDER.index(m[0]),
                )
                runs.append((escape(insert, quote=False) if isinstance(insert, str) else "", marks))
        elif isinstance(child, XmlElement) and child.tag == "hardBreak":
            runs.append(("<br>", []))  # marks of the break itself are not kept
        else:
            runs.append((_node_html(child, depth + 1), []))
    for html, marks in runs:
        keep = 0
        while keep < min(len(open_marks), len(marks)) and open_marks[keep] == marks[keep]:
            keep += 1
        while len(open_marks) > keep:
            out.append(_close_mark(open_marks.pop()[0]))
        for mark in marks[keep:]:
            out.append(_open_mark(*mark))
            open_marks.append(mark)
        out.append(html)
    while open_marks:
        out.append(_close_mark(open_marks.pop()[0]))
    return "".join(out)


MAX_DEPTH = 30
"""Nodes nested deeper than this are read as their text (as ``richtext`` flattens)."""


def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _node_html(node, depth: int = 0) -> str:
    if isinstance(node, XmlText):
        return _inline_html([node])
    if depth > MAX_DEPTH:
        return escape(str(node), quote=False)
    name = node.tag
    attrs = dict(node.attributes)
    if name == "heading":
        level = _number(attrs.get("level"), 3)
        tag, html_attrs = f"h{level if level in (3, 4) else 3}", []
    elif name in BLOCKS:
        tag, html_attrs = BLOCKS[name], []
        if name == "orderedList":  # django-prose-editor's OrderedList: type is a CSS name
            start, list_type = attrs.get("start"), attrs.get("type")
            html_attrs.append(("data-type", list_type))
            if start not in (None, 1, 1.0):
                html_attrs.append(("start", _number(start, 1)))
            html_attrs.append(("type", CSS_TO_HTML_TYPE.get(list_type)))
    elif name == "hardBreak":
        return "<br>"
    else:  # unknown node: keep its content
        return "".join(_node_html(c, depth + 1) for c in node.children)
    children = list(node.children)
    if name in ("paragraph", "heading"):
        inner = _inline_html(children, depth + 1)
    else:
        inner = "".join(_node_html(c, depth + 1) for c in children)
    return f"<{tag}{_attrs_html(html_attrs)}>{inner}</{tag}>"


def fragment_to_html(fragment: XmlFragment) -> str:
    html = "".join(_node_html(child) for child in fragment.children)
    return "" if html in ("", "<p></p>") else html


# ---------------------------------------------------------------- HTML -> Y
INLINE_MARKS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "a": "link"}
BLOCK_TAGS = {
    "p": "paragraph",
    "h3": "heading",
    "h4": "heading",
    "ul": "bulletList",
    "ol": "orderedList",
    "li": "listItem",
}


def _tree(element) -> tuple:
    """``element`` (of ``texts.html.parse``) as (tag, attrs, children) tuples and
    strings, the shape the walk below reads."""
    children = [element.text] if element.text else []
    for child in element:
        if isinstance(child.tag, str):
            children.append((child.tag, dict(child.attrib), _tree(child)[2]))
        if child.tail:
            children.append(child.tail)
    return (element.tag, dict(element.attrib), children)


def _inline_items(children, marks=()):
    """Flatten inline content into [("text", str, marks) | ("br",)]."""
    items = []
    for child in children:
        if isinstance(child, str):
            items.append(("text", child, marks))
        elif child[0] == "br":
            items.append(("br",))
        elif child[0] in INLINE_MARKS:
            name = INLINE_MARKS[child[0]]
            attrs = {}
            if name == "link":
                attrs = {k: child[1].get(k) for k in LINK_ATTRS}
            items += _inline_items(child[2], (*marks, (name, attrs)))
        else:
            items += _inline_items(child[2], marks)
    return items


def _collapse(items):
    # ProseMirror's parser collapses whitespace (preserveWhitespace off) and trims block edges.
    out = []
    for item in items:
        if item[0] == "text":
            text = re.sub(r"[ \t\r\n]+", " ", item[1])
            prev = out[-1][1] if out and out[-1][0] == "text" else ""
            if text.startswith(" ") and (not out or out[-1][0] == "br" or prev.endswith(" ")):
                text = text[1:]
            if text:
                out.append(("text", text, item[2]))
        else:
            out.append(item)
    if out and out[-1][0] == "text":
        out[-1] = ("text", out[-1][1].rstrip(" "), out[-1][2])
        if not out[-1][1]:
            out.pop()
    return out


def _inline_to_y(parent: XmlElement, items):
    text = None
    for item in _collapse(items):
        if item[0] == "br":
            parent.children.append(XmlElement("hardBreak"))
            text = None
            continue
        if text is None:
            text = parent.children.append(XmlText())
        attrs = {}
        for name, mark_attrs in item[2]:
            attrs[name] = {k: v for k, v in mark_attrs.items()} if name == "link" else {}
        text.insert(len(text), item[1], attrs or None)


def _is_block(node):
    return not isinstance(node, str) and node[0] in BLOCK_TAGS


def _blocks_to_y(parent, children, inline_wrapper="paragraph"):
    pending = []

    def flush():
        items = _inline_items(pending)
        if any(i[0] == "br" or i[1].strip() for i in items):
            p = parent.children.append(XmlElement(inline_wrapper))
            _inline_to_y(p, items)
        pending.clear()

    for child in children:
        if not _is_block(child):
            pending.append(child)
            continue
        flush()
        tag, attrs, kids = child
        name = BLOCK_TAGS[tag]
        if name == "heading":
            el = parent.children.append(XmlElement("heading", {"level": int(tag[1])}))
            _inline_to_y(el, _inline_items(kids))
        elif name == "paragraph":
            el = parent.children.append(XmlElement("paragraph"))
            _inline_to_y(el, _inline_items(kids))
        elif name in ("bulletList", "orderedList"):
            el_attrs = {}
            if name == "orderedList":
                el_attrs = {"start": int(attrs.get("start") or 1)}
                list_type = (attrs.get("data-type") or "").replace(
                    "latin", "alpha"
                ) or HTML_TO_CSS_TYPE.get(attrs.get("type") or "")
                if list_type:
                    el_attrs["type"] = list_type
            el = parent.children.append(XmlElement(name, el_attrs))
            for li in kids:
                if not isinstance(li, str) and li[0] == "li":
                    item = el.children.append(XmlElement("listItem"))
                    _blocks_to_y(item, li[2])
                    if len(item.children) == 0:
                        item.children.append(XmlElement("paragraph"))
        else:  # a stray <li>: Tiptap wraps it in a bullet list
            el = parent.children.append(XmlElement("bulletList"))
            item = el.children.append(XmlElement("listItem"))
            _blocks_to_y(item, kids)
    flush()


def html_to_fragment(html: str, fragment: XmlFragment) -> None:
    """Fill an (empty, integrated) XmlFragment from the editor's HTML."""
    tree = _tree(parse(html))
    with fragment.doc.transaction():
        _blocks_to_y(fragment, tree[2])


SEED_CLIENT_ID = 1
"""Fixed: seeding the same texts twice gives identical items, so two processes that seed
one chapter at once do not double its text."""


def seed_update(htmls: dict[str, str]) -> bytes:
    """The update that creates a document with these texts (fragment name -> HTML)."""
    doc = Doc(client_id=SEED_CLIENT_ID)
    for name, html in htmls.items():
        html_to_fragment(html, doc.get(name, type=XmlFragment))
    return doc.get_update()
