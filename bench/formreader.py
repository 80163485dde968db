"""The fields of a page's post forms, read as a browser would send them (the load test
posts the edit form the way the editor does)."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The fields of the page's post forms, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.forms.append({"method": attributes.get("method", "get").lower(), "fields": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        kind = attributes.get("type", "text").lower()
        if tag == "input" and name and kind not in {"submit", "image", "button", "file", "reset"}:
            if kind not in {"checkbox", "radio"} or "checked" in attributes:
                fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attributes:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.forms[-1]["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or [self._select["first"] or ""]
            self.forms[-1]["fields"] += [(self._select["name"], value) for value in chosen]
            self._select = None


def edit_form(html: str) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if form["method"] == "post" and any(n == "base_revision" for n, _ in form["fields"]):
            return form["fields"]
    raise ValueError("no edit form with base_revision on the page")
