"""Where a rendered page would put the CSRF token in a URL (tests/test_csrf_in_urls.py).

A GET carries its values in the URL, which reaches server logs, proxies and ``Referer`` headers;
the session's CSRF token must never be one of them. A page does that when an attribute holds
``csrf_token=`` (a link, a source, an ``hx-get``), when a GET form holds the token's input, or
when an element's ``hx-get`` includes it (``hx-include``, inherited as htmx 2 inherits it; htmx
adds the enclosing form's values to non-GET requests only). The selectors htmx is given are
resolved here for the simple forms the templates use; any other form fails the scan by name,
so that the scan is taught it rather than silently passing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TOKEN = "csrf_token"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
FIELDS = {"input", "select", "textarea", "button"}
NOT_GET = ("hx-post", "hx-put", "hx-patch", "hx-delete")
_SIMPLE = re.compile(
    r"(?P<tag>[a-z][a-z0-9-]*)?(?P<id>#[\w.-]+)?(?P<classes>(?:\.[\w-]+)*)"
    r"(?P<attrs>(?:\[[\w-]+(?:\^?=\"?[^\]\"]*\"?)?\])*)"
)
_ATTR = re.compile(r"\[([\w-]+)(?:(\^?=)\"?([^\]\"]*)\"?)?\]")


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found

    def ancestors(self) -> list[Node]:
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.open))

    def handle_endtag(self, tag: str) -> None:
        for node in self.open.ancestors():
            if node.tag == tag:
                self.open = node.parent or self.root
                return


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    return tree.root


def _matches(node: Node, selector: str) -> bool:
    found = _SIMPLE.fullmatch(selector)
    if found is None or not selector:
        raise ValueError(f"csrf_scan does not know the selector {selector!r}; teach it")
    if found["tag"] and node.tag != found["tag"]:
        return False
    if found["id"] and node.attrs.get("id") != found["id"][1:]:
        return False
    classes = node.attrs.get("class", "").split()
    if any(c not in classes for c in found["classes"].split(".")[1:]):
        return False
    for name, op, value in _ATTR.findall(found["attrs"]):
        if name not in node.attrs:
            return False
        if op == "=" and node.attrs[name] != value:
            return False
        if op == "^=" and not node.attrs[name].startswith(value):
            return False
    return True


def _targets(root: Node, node: Node, spec: str) -> list[Node]:
    found: list[Node] = []
    for part in (p.strip() for p in spec.split(",")):
        if part == "this":
            found.append(node)
        elif part.startswith("closest "):
            found += [a for a in node.ancestors() if _matches(a, part[8:].strip())][:1]
        elif part.startswith("find "):
            found += [d for d in node.walk()[1:] if _matches(d, part[5:].strip())][:1]
        else:
            found += [n for n in root.walk() if _matches(n, part)]
    return found


def _named(node: Node) -> set[str]:
    return {n.attrs["name"] for n in node.walk() if n.tag in FIELDS and "name" in n.attrs}


def _included(root: Node, node: Node) -> set[str]:
    """The names an ``hx-get`` on ``node`` sends."""
    names = {node.attrs["name"]} if node.tag in FIELDS and "name" in node.attrs else set()
    if node.tag == "form":
        names |= _named(node)
    spec = next((a.attrs["hx-include"] for a in node.ancestors() if "hx-include" in a.attrs), "")
    for target in _targets(root, node, spec) if spec else []:
        names |= _named(target)
    return names


def violations(html: str) -> list[str]:
    """Each place the page would send or show the CSRF token in a URL."""
    root = parse(html)
    found = []
    for node in root.walk():
        for name, value in node.attrs.items():
            if f"{TOKEN}=" in value:
                found.append(f"<{node.tag} {name}> holds {TOKEN}=")
        is_get_form = node.tag == "form" and node.attrs.get("method", "get").lower() == "get"
        if is_get_form and not any(a in node.attrs for a in NOT_GET) and TOKEN in _named(node):
            found.append(f"<form action={node.attrs.get('action', '')!r}> is a GET with {TOKEN}")
        if "hx-get" in node.attrs and TOKEN in _included(root, node):
            found.append(f"<{node.tag} hx-get={node.attrs['hx-get']!r}> sends {TOKEN}")
    return found
