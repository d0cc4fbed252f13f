"""The README's first paragraph as a description."""

from __future__ import annotations

import pytest

from catalog_lint.scaffold.readme import MAX_DESCRIPTION, first_paragraph, readme_name


@pytest.mark.parametrize(("text", "expected"), [
    ("# Cart\n\n[![ci](b.svg)](ci) ![logo](l.png)\n\nKeeps the **carts**: adds `items`\n"
     "and [prices](http://x) them.\n\nMore.\n", "Keeps the carts: adds items and prices them."),
    ("---\ntitle: Cart\n---\n<p align=center><img src=x></p>\n\nThe cart.\n", "The cart."),
    ("Cart service\n============\n\n.. image:: badge.svg\n\nA *cart*, in rST.\n", "A cart, in rST."),
    ("```sh\nmake run\n```\n\nAfter the code.\n", "After the code."),
    ("> [!NOTE]\n> a note\n\nThe text.\r\nOn two lines.\r\n", "The text. On two lines."),
    ("# Only a title\n\n## And a heading\n", None),
    ("", None),
])
def test_first_paragraph(text: str, expected: str | None) -> None:
    assert first_paragraph(text) == expected


def test_control_characters_go_and_a_long_paragraph_is_cut_at_a_word() -> None:
    assert first_paragraph("bell\x07 esc\x1b[31m red \u202eflip\n") == "bell esc [31m red flip"
    long = first_paragraph("word " * 200)
    assert long is not None and len(long) <= MAX_DESCRIPTION and long.endswith("word…")


def test_readme_name_ignores_case_and_prefers_markdown() -> None:
    assert readme_name(["readme.rst", "README.md", "x"]) == "README.md"
    assert readme_name(["Readme.txt"]) == "Readme.txt"
    assert readme_name(["docs.md"]) is None
