"""Every text the admin shows has its Khmer translation, with the same placeholders."""

from __future__ import annotations

import re

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from web.admin.i18n import load_translations
from web.settings import PROJECT_ROOT

KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _messages() -> dict[str, str]:
    """msgid → where it is used, from the admin's templates and views."""
    found: dict[str, str] = {}
    sources = [
        (PROJECT_ROOT / "web" / "templates", [("admin/**.html", "jinja2")]),
        (PROJECT_ROOT / "web" / "admin", [("**.py", "python")]),
    ]
    for folder, method_map in sources:
        options = {"admin/**.html": {"extensions": "jinja2.ext.i18n,jinja2.ext.do"}}
        for filename, line, message, _comments, _context in extract_from_dir(
            folder, method_map, options, keywords=KEYWORDS
        ):
            for text in message if isinstance(message, tuple) else (message,):
                if text:
                    found.setdefault(text, f"{filename}:{line}")
    return found


def test_the_admin_has_texts_to_translate() -> None:
    messages = _messages()
    assert "Sign in" in messages and "Home" in messages


def test_every_admin_text_has_a_khmer_translation_with_the_same_placeholders() -> None:
    khmer = load_translations("km")
    missing, broken = [], []
    for text, where in sorted(_messages().items()):
        translated = khmer.gettext(text)
        if translated == text:
            missing.append(f"{where}: {text!r}")
        elif set(PLACEHOLDER.findall(translated)) != set(PLACEHOLDER.findall(text)):
            broken.append(f"{where}: {text!r} → {translated!r}")
    assert not missing, "no Khmer translation in web/locale/km/*.po:\n" + "\n".join(missing)
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_every_menu_label_has_a_khmer_translation() -> None:
    from web.admin import load_views
    from web.admin.pages import PAGES

    load_views()
    khmer = load_translations("km")
    labels = [p.menu for p in PAGES if p.menu]
    assert labels
    assert [label for label in labels if khmer.gettext(label) == label] == []
