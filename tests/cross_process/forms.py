"""What a page's form would send: its fields and their values, as a browser would post them."""

from __future__ import annotations

from html.parser import HTMLParser

SENT_INPUTS = {"text", "hidden", "number", "email", "url", "date", "datetime-local", "search"}


class _FormReader(HTMLParser):
    def __init__(self, action_of_page: str):
        super().__init__(convert_charrefs=True)
        self.action_of_page = action_of_page
        self.data: dict[str, list[str]] = {}
        self.inside = False
        self.done = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            action = attrs.get("action") or ""
            self.inside = method == "post" and action in ("", self.action_of_page)
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SENT_INPUTS or (kind in ("checkbox", "radio") and "checked" in attrs):
                self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self._add(self.select, value)
                self.select_chosen = True

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.select_chosen and self.select_first:
                self._add(self.select, self.select_first)
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.done = bool(self.data)


def form_data(html: str, page_path: str) -> dict[str, list[str]]:
    """The fields of the page's first form that posts back to the page itself."""
    reader = _FormReader(page_path)
    reader.feed(html)
    return {k: v for k, v in reader.data.items() if k != "csrfmiddlewaretoken"}
