"""The safe YAML reader: values keep their lines, and unsafe YAML is refused with a position."""
import pytest

from resource_centre.records import yamlload
from resource_centre.records.yamlload import LoadError, decode, parse


def test_values_and_keys_keep_their_line_and_column():
    doc = parse("id: x\ntitle:\n  en: Hello\nlist:\n  - a\n  - b\n")
    assert doc.data == {"id": "x", "title": {"en": "Hello"}, "list": ["a", "b"]}
    assert doc.position(("title", "en")) == (3, 7)
    assert doc.position(("title", "en"), key=True) == (3, 3)
    assert doc.position(("list", 1)) == (6, 5)
    assert doc.position(("missing", "deeper")) == (1, 1)


def test_dates_stay_text_and_only_true_false_are_booleans():
    doc = parse("d: 2024-05-01\nc: NO\nb: yes\nt: true\n")
    assert doc.data == {"d": "2024-05-01", "c": "NO", "b": "yes", "t": True}


@pytest.mark.parametrize("text, line, column, message", [
    ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate field 'a' (first given on line 1)"),
    ("a: &x [1]\nb: *x\n", 2, 4, "aliases (*name) are not allowed in records"),
    ("- 1\n- 2\n", 1, 1, "the file holds a list, but a record must be a mapping of fields"),
    ("a:\n\tb: 1\n", 2, 1, "tab character used for indentation"),
    ("a: [1, 2\n", 2, 1, "YAML syntax error: expected ',' or ']', but got '<stream end>'"),
    ("a: " + "[" * 60 + "]" * 60 + "\n", 1, 43, "nesting is deeper than 40 levels"),
    ("<<: {a: 1}\n", 1, 1, "merge keys (<<) are not allowed in records"),
])
def test_unsafe_or_broken_yaml_is_refused_with_position(text, line, column, message):
    with pytest.raises(LoadError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column, caught.value.message) == (line, column, message)


@pytest.mark.parametrize("raw, line, message", [
    (b"\xef\xbb\xbfid: x\n", 1, "file starts with a byte-order mark (BOM)"),
    (b"id: x\ntitle: caf\xe9\n", 2, "byte 0xe9 is not valid UTF-8"),
    (b"", 1, "file is empty"),
    (b"# only a comment\n\n", 1, "file is empty"),
    (b"a: " + b"x" * 1_100_000, 1, "file is 1,100,003 bytes; records are limited to 1,000,000 bytes"),
])
def test_bytes_that_are_not_clean_utf8_text_are_refused(raw, line, message):
    with pytest.raises(LoadError) as caught:
        decode(raw)
    assert (caught.value.line, caught.value.message) == (line, message)


@pytest.mark.parametrize("text, line, column, message, hint", [
    # Text with ': ' that is not quoted: YAML says "mapping values are not allowed here".
    ("sections:\n  results:\n    en: Result: The partners agreed.\n", 3, 15,
     "YAML syntax error: text that contains ': ' must be in quotes",
     'write en: "Result: The partners agreed.", or start a block with en: | and write the text on the lines '
     "below it, indented"),
    ("steps:\n  - en: He said \"yes\": we agreed\n", 2, 22,
     "YAML syntax error: text that contains ': ' must be in quotes",
     "write en: 'He said \"yes\": we agreed', or start a block with en: | and write the text on the lines below it, "
     "indented"),
    ("summary:\n  en: The partners agreed\n    on this: one plan.\n", 3, 12,
     "YAML syntax error: text that contains ': ' must be in quotes",
     'write en: "The partners agreed on this: one plan.", or start a block with en: | and write the text on the '
     "lines below it, indented"),
    ("summary: {en: ok, km: Result: the partners, x: y}\n", 1, 29,
     "YAML syntax error: text that contains ': ' must be in quotes", 'write km: "Result: the partners"'),
    ("a:\n  en: " + "word " * 20 + "end: now\n", 2, 110,
     "YAML syntax error: text that contains ': ' must be in quotes",
     'write en: "' + ("word " * 10).rstrip() + ' …", or start a block with en: | and write the text on the lines '
     "below it, indented"),
    # A field indented too far is not text: YAML's own message stays.
    ("title:\n  en: Joint review\n   km: x\n", 3, 6, "YAML syntax error: mapping values are not allowed here",
     "check indentation, colons and quotes on this line or the one before"),
    # A | block whose lines are not indented: YAML complains lines later, "could not find expected ':'".
    ("a:\n  results:\n    en: |\n    The partners agreed.\n    More.\nb: 1\n", 3, 9,
     "YAML syntax error: the text of the block 'en: |' is not indented",
     "indent each of its lines further than en:, e.g. by 2 more spaces"),
    ("a:\n  results:\n    en: |\n    The partners agreed.\n  lessons:\n    en: x\n", 3, 9,
     "YAML syntax error: the text of the block 'en: |' is not indented",
     "indent each of its lines further than en:, e.g. by 2 more spaces"),
    ("steps:\n  - en: >-\n    The partners agreed.\n    More\n", 2, 9,
     "YAML syntax error: the text of the block 'en: >-' is not indented",
     "indent each of its lines further than en:, e.g. by 2 more spaces"),
    # A well indented block followed by a different mistake keeps YAML's message.
    ("a:\n  results:\n    en: |\n      The partners agreed.\n  x\nb: 1\n", 6, 1,
     "YAML syntax error: could not find expected ':'",
     "check indentation, colons and quotes on this line or the one before"),
])
def test_syntax_errors_say_how_to_fix_them(text, line, column, message, hint):
    with pytest.raises(LoadError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column, caught.value.message, caught.value.hint) == (
        line, column, message, hint)


# YAML 1.2 (section 6.2, "Separation Spaces"): between tokens within a line, white space may include
# tabs; only indentation must be spaces. libyaml reads these; PyYAML's pure-Python scanner refused them.
@pytest.mark.parametrize("text, data", [
    ("status:\tpublished\n", {"status": "published"}),
    ("status: published\t\n", {"status": "published"}),
    ("status: published\t# checked\n", {"status": "published"}),
    ("title:\t\n  en:\tJoint review\n", {"title": {"en": "Joint review"}}),
    ("tags:\t[a,\tb]\n", {"tags": ["a", "b"]}),
    ("title:\t{en:\tx}\n", {"title": {"en": "x"}}),
    ("note: before\tafter\n", {"note": "before\tafter"}),
    ("note:\t|\n  text\n", {"note": "text\n"}),
])
def test_a_tab_between_tokens_separates_on_both_paths(text, data):
    assert parse(text).data == data
    assert yamlload._parse_careful(text).data == data


# Where YAML needs spaces (indentation, and where libyaml reads a tab as indentation: after '-'
# or '?'), both paths refuse the tab, at its position.
@pytest.mark.parametrize("text, line, column", [
    ("tags:\n  -\tx\n", 2, 4),
    ("- \tx\n", 1, 3),
    ("? a\n:\tb\n", 2, 2),
])
def test_a_tab_where_yaml_expects_spaces_is_refused_on_both_paths(text, line, column):
    for read in (parse, yamlload._parse_careful):
        with pytest.raises(LoadError) as caught:
            read(text)
        assert (caught.value.line, caught.value.column, caught.value.message, caught.value.hint) == (
            line, column, "YAML syntax error: tab character where YAML expects spaces",
            "replace the tab with spaces")
