"""Read one YAML record safely and remember where every value came from.

PyYAML alone is not enough for untrusted records: it silently keeps the last of
two duplicate keys, expands alias bombs, turns ``2024-05-01`` into a date and
``NO`` (Norway) into ``False``. This reader composes the node tree itself so it
can refuse those, bound the work done, and map each value to its line.

Speed: records are composed by libyaml (``yaml.CSafeLoader``, ~40x faster than
the pure-Python composer) and the node tree is then checked in Python. When that
check or libyaml finds anything wrong, the file is read again, carefully: libyaml's
events composed in Python, refusing as it goes with a position. Both paths read
libyaml's events, so they accept the same texts with the same data (a property
test holds them to it). libyaml follows YAML 1.2, where a tab may separate tokens
within a line (``status:<TAB>published``, YAML 1.2 section 6.2) but never indent;
PyYAML's pure-Python scanner refuses every such tab, so it only words the messages
of syntax errors (with tabs read as spaces), as contributors have always seen them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple  # a path into the data: keys and list indices


class LoadError(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


class _Refusals:
    """Composing that refuses aliases and deep nesting where they are met, with their position."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise LoadError(mark.line + 1, mark.column + 1,
                            "aliases (*name) are not allowed in records", "write the value out in full")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise LoadError(mark.line + 1, mark.column + 1, f"nesting is deeper than {MAX_DEPTH} levels",
                            "records need only a few levels; check the indentation")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PureLoader(_Refusals, yaml.SafeLoader):
    """PyYAML's pure-Python reader: the wording of syntax errors (and the reader when libyaml is missing)."""


class _Unsafe(Exception):
    """The fast path met something to refuse: read the file again with :class:`_Loader` for the message."""


_CLoader = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:
    from yaml._yaml import CParser

    class _FastLoader(_CLoader):  # type: ignore[misc, valid-type]
        """libyaml's composer with the same resolvers as :class:`_Loader`; aliases are caught afterwards."""

    class _Loader(_Refusals, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """libyaml's events composed in Python: the fast path's reading, refused step by step."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:  # PyYAML built without libyaml: the pure-Python loader does everything
    _FastLoader = None  # type: ignore[assignment, misc]
    _Loader = _PureLoader  # type: ignore[assignment, misc]

_RESOLVERS = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _cls in (_Loader, _PureLoader, _FastLoader):
    if _cls is None:
        continue
    _cls.yaml_implicit_resolvers = {key: list(value) for key, value in _RESOLVERS.items()}
    _cls.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )


@dataclass
class Document:
    """A parsed record: its data and the (line, column) of each value and key, 1-based."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written; falls back to the nearest enclosing value."""
        path = tuple(path)
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what an editor would not show plainly."""
    if len(raw) > MAX_BYTES:
        raise LoadError(1, 1, f"file is {len(raw):,} bytes; records are limited to {MAX_BYTES:,} bytes",
                        "split long text or move attachments to tools/files/")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise LoadError(1, 1, "file starts with a byte-order mark (BOM)", "save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_offset(raw, exc.start)
        raise LoadError(line, column, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                        "save the file with UTF-8 encoding") from None
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad:
        before = text[:bad.start()]
        line, column = before.count("\n") + 1, bad.start() - (before.rfind("\n") + 1) + 1
        raise LoadError(line, column, f"character U+{ord(bad.group()[0]):04X} is not allowed in a YAML file",
                        "delete it: control characters often come from copying out of a PDF or a word processor")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise LoadError(1, 1, "file is empty", "start from `resource-centre new`")
    return text


def parse(text: str) -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`LoadError`."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise LoadError(number, len(line) - len(stripped) + 1, "tab character used for indentation",
                                "indent with spaces only")
    if _FastLoader is not None:
        try:
            return _parse_fast(text)
        except _Unsafe:
            pass  # the careful path below says what is wrong, and where
    return _parse_careful(text)


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


def _parse_fast(text: str) -> Document:
    """libyaml composes; a Python walk refuses aliases, deep nesting, merge and duplicate keys."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        raise _Unsafe from None
    finally:
        loader.dispose()
    if node is None or not isinstance(node, MappingNode):
        raise _Unsafe
    doc = Document(data=None)
    doc.data = _build_fast(loader, node, (), doc, set(), 1)
    return doc


def _build_fast(loader: Any, node: Any, path: Path_, doc: Document, seen: set[int], depth: int) -> Any:
    # An alias is the same node object met twice (libyaml resolves it while composing).
    if depth > MAX_DEPTH or id(node) in seen:
        raise _Unsafe
    seen.add(id(node))
    mark = node.start_mark
    doc.values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, ScalarNode):
        if node.tag == _STR:
            return node.value
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise _Unsafe from None
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        keys = doc.keys
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE or id(key_node) in seen:
                raise _Unsafe
            seen.add(id(key_node))
            key = str(key_node.value)
            if key in result:
                raise _Unsafe
            key_path = path + (key,)
            keys[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build_fast(loader, value_node, key_path, doc, seen, depth + 1)
        return result
    return [_build_fast(loader, item, path + (i,), doc, seen, depth + 1) for i, item in enumerate(node.value)]


def _parse_careful(text: str) -> Document:
    """Compose in Python: slower, and the source of every message about unsafe or broken YAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, exc) from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError(1, 1, "file is empty", "start from `resource-centre new`")
    doc = Document(data=None)
    doc.data = _build(loader, node, (), doc)
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else f"a single value ({type(doc.data).__name__})"
        raise LoadError(node.start_mark.line + 1, node.start_mark.column + 1,
                        f"the file holds {kind}, but a record must be a mapping of fields",
                        "write `field: value` lines, e.g. `id: my-record`")
    return doc


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> LoadError:
    """The contributor's message for a text the reader refused.

    A refused tab is said as such. Other mistakes are worded by PyYAML's pure-Python
    scanner, which :func:`_explain` knows, reading the text with its tabs as spaces
    (the same columns) so that a tab YAML 1.2 allows is not what it complains about;
    when it finds nothing wrong there, libyaml's own words are kept. libyaml looks
    ahead past deep nesting (it stops at 1,000 levels), so the pure reader's refusal
    at our own limit, or of an alias on the way, is the better message.
    """
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    lines = _LINE_BREAK.split(text)
    at = lines[line - 1][column - 1:column] if line <= len(lines) else ""
    if at == "\t" or "tab character" in problem or "'\\t'" in problem:
        return LoadError(line, column, "YAML syntax error: tab character where YAML expects spaces",
                         "replace the tab with spaces")
    if _Loader is not _PureLoader:
        pure = _PureLoader(text.replace("\t", " "))
        try:
            pure.get_single_node()
        except yaml.MarkedYAMLError as worded:
            mark = worded.problem_mark or worded.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = worded.problem or worded.context or problem
        except LoadError as refused:  # an alias or deep nesting, met before libyaml's complaint
            return refused
        except yaml.YAMLError:
            pass
        finally:
            pure.dispose()
    hint = "check indentation, colons and quotes on this line or the one before"
    known = _explain(text.replace("\t", " ").splitlines(), line - 1, column - 1, problem)
    if known:
        line, column, problem, hint = known
    return LoadError(line, column, f"YAML syntax error: {problem}", hint)


# `key: value` on one line (also `- key: value`); ``value`` starts where the text starts.
_KEY_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#:'\"{}\[\],|>-][^:#]*?)[ ]*:(?:[ ]+(?P<value>\S.*?))?[ ]*$")
_BLOCK = re.compile(r"^[|>][1-9+-]{0,2}[ ]*(?:#.*)?$")
_FLOW_TEXT = re.compile(r"(?P<key>[^\s{},:]+):[ ]+(?P<value>[^{},:]*)$")


def _explain(lines: list[str], row: int, col: int, problem: str) -> tuple[int, int, str, str] | None:
    """A contributor's explanation of two syntax errors whose YAML wording does not say what to do.

    ``row`` and ``col`` (0-based) are where the parser gave up. Returns (line, column,
    message, hint), 1-based, or None to keep the parser's own message.
    """
    if problem == "mapping values are not allowed here" and row < len(lines):
        found = _KEY_LINE.match(lines[row])
        if found and found.group("value") and col >= found.start("value"):
            return _needs_quotes(row, col, found.group("key"), found.group("value"), block=True)
        above = _continued(lines, row)
        # `  en: ...` under `title: x` is a field indented too far, not text: keep YAML's message.
        if above and not (found and re.fullmatch(r"[A-Za-z_][\w-]*", found.group("key"))):
            return _needs_quotes(row, col, above[0], f"{above[1]} {lines[row].strip()}", block=True)
    if problem.startswith("expected ',' or '}'") and row < len(lines) and lines[row][col:col + 1] == ":":
        found = _FLOW_TEXT.search(lines[row][:col])
        if found:
            rest = re.match(r"[^,{}]*", lines[row][col:]).group()
            return _needs_quotes(row, col, found.group("key"), (found.group("value") + rest).strip(), block=False)
    if problem == "could not find expected ':'":
        return _unindented_block(lines, min(row, len(lines) - 1))
    return None


def _continued(lines: list[str], row: int) -> tuple[str, str] | None:
    """(key, text) when line ``row`` goes on with the unquoted text of a field above it."""
    indent = _indent(lines[row])
    for line in reversed(lines[:row]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _indent(line) >= indent:
            return None
        found = _KEY_LINE.match(line)
        value = found.group("value") if found else None
        if value and value[0] not in "'\"{[|>&*!":
            return found.group("key"), value
        return None
    return None


def _needs_quotes(row: int, col: int, key: str, value: str, *, block: bool) -> tuple[int, int, str, str]:
    """The message for a ': ' inside unquoted text, showing the field written the right way."""
    quote = '"' if '"' not in value else "'" if "'" not in value else ""
    shown = value if len(value) <= 60 else value[:50].rstrip() + " …"
    ways = [f"write {key}: {quote}{shown}{quote}"] if quote else []
    if block:
        ways.append(f"start a block with {key}: | and write the text on the lines below it, indented")
    return row + 1, col + 1, "text that contains ': ' must be in quotes", ", or ".join(ways)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unindented_block(lines: list[str], row: int) -> tuple[int, int, str, str] | None:
    """``key: |`` whose text lines are not indented further than ``key``: the parser only
    notices lines later, where the unindented text cannot be a field name."""
    for number in range(row, -1, -1):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _KEY_LINE.match(line)
        if found and found.group("value") and _BLOCK.match(found.group("value")):
            key_indent = len(found.group("lead"))
            following = next((text for text in lines[number + 1:] if text.strip()), None)
            if following is None or _indent(following) > key_indent:
                return None
            marker = f"{found.group('key')}: {found.group('value').split()[0]}"
            return (number + 1, found.start("value") + 1,
                    f"the text of the block '{marker}' is not indented",
                    f"indent each of its lines further than {found.group('key')}:, e.g. by 2 more spaces")
        if found and number != row:
            return None
    return None


def _build(loader: _Loader, node: Any, path: Path_, doc: Document) -> Any:
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise LoadError(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                "a field name must be plain text")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                "merge keys (<<) are not allowed in records")
            key = str(key_node.value)
            if key in result:
                first = doc.keys[path + (key,)]
                raise LoadError(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                f"duplicate field '{key}' (first given on line {first[0]})",
                                "keep one of them")
            doc.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(loader, value_node, path + (key,), doc)
        return result
    if isinstance(node, SequenceNode):
        return [_build(loader, item, path + (i,), doc) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise LoadError(node.start_mark.line + 1, node.start_mark.column + 1, f"invalid value: {exc}") from None


def load_file(path: Path) -> Document:
    """Read and parse a record file; raises :class:`LoadError` with a position."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LoadError(1, 1, f"file is {path.stat().st_size:,} bytes; records are limited to {MAX_BYTES:,} bytes",
                            "split long text or move attachments to tools/files/")
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(1, 1, f"cannot read file: {exc.strerror}") from None
    return parse(decode(raw))


def walk_strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text of a loaded record with its field path (keys and list indexes), for the checks that
    read all text alike (unsafe markup, Khmer spelling) and name the field with :meth:`Document.position`."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk_strings(value, path + (i,))
    elif isinstance(data, str):
        yield path, data
