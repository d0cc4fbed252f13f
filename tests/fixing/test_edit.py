"""Applying fixes to a file's text: only the fixed scalar or key changes, whatever the
file around it looks like, and a fix that cannot be made exactly is refused."""

from __future__ import annotations

import pytest

from catalog_lint.findings import Fix
from catalog_lint.fixing import edit as edit_module
from catalog_lint.fixing.edit import apply_fixes
from catalog_lint.rules._fixes import reference_fix


def replace(path: tuple[str | int, ...], value: str, document: int = 0) -> Fix:
    return Fix("replace", path, value, "test", document=document)


def rename(path: tuple[str | int, ...], value: str, document: int = 0) -> Fix:
    return Fix("rename", path, value, "test", document=document)


def test_only_the_fixed_scalar_changes_in_a_crlf_file_with_tabs_in_comments() -> None:
    text = ("# top\t comment\r\nkind: component\t# tab before the comment\r\n"
            "metadata:\r\n  name: x   #\tkeep\r\n")
    result = apply_fixes(text, [replace(("kind",), "Component")])
    assert result.text == text.replace("kind: component", "kind: Component")
    assert result.applied and not result.refused


def test_documents_are_addressed_by_index_and_separators_stay() -> None:
    text = "%YAML 1.2\n---\nkind: a\n...\n---  # second\nkind: b\n--- \nkind: c\n"
    result = apply_fixes(text, [replace(("kind",), "B", document=1),
                                replace(("kind",), "C", document=2)])
    assert result.text == "%YAML 1.2\n---\nkind: a\n...\n---  # second\nkind: B\n--- \nkind: C\n"


def test_flow_collections_keep_their_spacing_and_get_quotes_where_needed() -> None:
    text = "tags: [ a ,b,  c ]  # flow\nmap: {k: v,  other: w}\n"
    result = apply_fixes(text, [replace(("tags", 1), "x, y"), replace(("tags", 2), "C"),
                                replace(("map", "other"), "no")])
    assert result.text == 'tags: [ a ,"x, y",  C ]  # flow\nmap: {k: v,  other: "no"}\n'


def test_quoting_styles_are_kept_when_they_still_hold_the_value() -> None:
    text = "a: 'x'\nb: \"y\"\nc: z\nd: 1\n"
    result = apply_fixes(text, [replace(("a",), "it's"), replace(("b",), "tab\there"),
                                replace(("c",), "no"), replace(("d",), "1")])
    assert result.text == "a: 'it''s'\nb: \"tab\\there\"\nc: \"no\"\nd: \"1\"\n"


def test_a_multi_line_plain_scalar_is_replaced_whole() -> None:
    text = "description: one\n  two\nnext: x\n"
    result = apply_fixes(text, [replace(("description",), "one two!")])
    assert result.text == "description: one two!\nnext: x\n"


def test_keys_are_renamed_in_place_with_their_comments() -> None:
    text = "spec:\n  # the kind of thing\n  lifecyle: production  # sure\n  owner: a\n"
    result = apply_fixes(text, [rename(("spec", "lifecyle"), "lifecycle")])
    assert result.text == "spec:\n  # the kind of thing\n  lifecycle: production  # sure\n  owner: a\n"


def test_a_key_yaml_11_reads_as_a_boolean_is_quoted() -> None:
    result = apply_fixes("labels:\n  on: x\n  'y': z\n", [rename(("labels", "on"), "on")])
    assert result.text == 'labels:\n  "on": x\n  \'y\': z\n'


@pytest.mark.parametrize(("text", "fix", "reason"), [
    ("a: &anchor x\nb: *anchor\n", replace(("b",), "y"), "anchor or a tag"),
    ("a: !!str 1\n", replace(("a",), "2"), "anchor or a tag"),
    ("a: |\n  text\n", replace(("a",), "x"), "block scalar"),
    ("a: 1\na: 2\n", replace(("a",), "x"), "more than once"),
    ("lifecyle: 1\nlifecycle: 2\n", rename(("lifecyle",), "lifecycle"), "already"),
    ("a: [1]\n", replace(("a",), "x"), "not a single value"),
    ("a: 1\n", replace(("b",), "x"), "missing"),
    ("a: 1\n", replace(("a",), "x", document=3), "does not parse"),
])
def test_fixes_that_are_not_plain_edits_are_refused(text: str, fix: Fix, reason: str) -> None:
    result = apply_fixes(text, [fix])
    assert result.text == text and not result.applied
    assert len(result.refused) == 1 and reason in result.refused[0][1]


#: 100 more keys: a mapping this large is looked up through an index (yaml_reader)
_MANY = "".join(f"k{i}: {i}\n" for i in range(100))


@pytest.mark.parametrize(("text", "fix", "reason"), [
    (_MANY + "a: 1\na: 2\n", replace(("a",), "x"), "more than once"),
    (_MANY + "lifecyle: 1\nlifecycle: 2\n", rename(("lifecyle",), "lifecycle"), "already"),
    ("lifecyle: 1\n" + _MANY + "lifecyle: 2\n", rename(("lifecyle",), "lifecycle"), "once"),
    (_MANY, replace(("b",), "x"), "missing"),
])
def test_a_large_mapping_refuses_what_a_small_one_refuses(text: str, fix: Fix, reason: str) -> None:
    result = apply_fixes(text, [fix])
    assert result.text == text and not result.applied
    assert len(result.refused) == 1 and reason in result.refused[0][1]


def test_a_large_mapping_is_edited_in_place() -> None:
    result = apply_fixes(_MANY + "lifecyle: production\nowner: 7\n",
                         [rename(("lifecyle",), "lifecycle"), replace(("owner",), "7")])
    assert result.text == _MANY + 'lifecycle: production\nowner: "7"\n'


def test_a_broken_document_does_not_stop_the_others_being_fixed() -> None:
    text = "kind: a\n---\nkind: [broken\n---\nkind: c\n"
    result = apply_fixes(text, [replace(("kind",), "A"), replace(("kind",), "C", document=2),
                                replace(("kind",), "B", document=1)])
    assert result.text == "kind: A\n---\nkind: [broken\n---\nkind: C\n"
    assert [f.document for f, _ in result.refused] == [1]


def test_the_same_edit_asked_twice_is_made_once_and_clashing_ones_wait() -> None:
    text = "a: 012\nb: x\n"
    result = apply_fixes(text, [replace(("a",), "012"), replace(("a",), "012"),
                                replace(("b",), "u"), replace(("b",), "w")])
    assert result.text == 'a: "012"\nb: u\n'
    assert [f.value for f in result.deferred] == ["w"]


def test_json_files_get_json_strings_and_keep_their_layout() -> None:
    text = '{\n  "identifier": "cart",\n  "properties": {"lifecyle": 1,   "b": "x"}\n}\n'
    result = apply_fixes(text, [rename(("properties", "lifecyle"), "lifecycle"),
                                replace(("properties", "b"), 'say "hi"\n')], json_file=True)
    assert result.text == ('{\n  "identifier": "cart",\n  "properties": {"lifecycle": 1,   '
                           '"b": "say \\"hi\\"\\n"}\n}\n')


def test_port_list_items_are_addressed_through_their_index() -> None:
    text = "- identifier: a\n  properties: {language: 3.10}\n- identifier: b\n"
    result = apply_fixes(text, [replace((0, "properties", "language"), "3.10")])
    assert result.text == '- identifier: a\n  properties: {language: "3.10"}\n- identifier: b\n'


def test_placeholders_around_the_fix_are_left_alone() -> None:
    text = "metadata:\n  description: {$text: ./README.md}\n  title: 2024\n"
    result = apply_fixes(text, [replace(("metadata", "title"), "2024")])
    assert result.text == 'metadata:\n  description: {$text: ./README.md}\n  title: "2024"\n'


def test_hostile_values_are_escaped_not_written_raw() -> None:
    value = "x: y # z\n\x1b[2J\u202e{{ values.name }}"
    result = apply_fixes("a: b\n", [replace(("a",), value)])
    assert "\n" not in result.text.rstrip("\n") and "\x1b" not in result.text
    assert result.applied


@pytest.mark.parametrize(("written", "meant", "expected"), [
    ("team-kart", "team-cart", "team-cart"),
    ("group:team-kart", "team-cart", "group:team-cart"),
    ("group:default/team-kart", "team-cart", "group:default/team-cart"),
    ("default/team-kart", "team-cart", "default/team-cart"),
])
def test_a_reference_typo_is_mended_in_the_form_it_is_written(
        written: str, meant: str, expected: str) -> None:
    text = f"spec:\n  owner: {written}   # who\n  dependsOn: [resource:cart-bd, x]\n"
    fixes = [reference_fix(written, meant, ("spec", "owner")),
             reference_fix("resource:cart-bd", "cart-db", ("spec", "dependsOn", 0))]
    result = apply_fixes(text, fixes)
    assert result.text == f"spec:\n  owner: {expected}   # who\n  dependsOn: [resource:cart-db, x]\n"


def test_a_result_that_does_not_read_back_as_intended_is_not_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net: were the renderer wrong (here it writes 1 unquoted, a number),
    the check after the edit catches it and the text stays as it was."""
    monkeypatch.setattr(edit_module, "render", lambda value, *args, **kwargs: value)
    text = "lifecycle: one\n"
    result = apply_fixes(text, [replace(("lifecycle",), "1")])
    assert result.text == text and not result.applied
    assert "read differently" in result.refused[0][1]
