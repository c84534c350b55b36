"""Change a few values of a YAML file and leave every other byte as it was.

Records are written by hand: their comments, key order, quoting, flow maps (``{en: ..., km: ...}``)
and line wrapping are the contributors'. A YAML library that loads and dumps the file (even a
round-trip one) re-indents, re-wraps or re-quotes some of it, and the pull request then shows lines
nobody meant to change. Here the file is composed (libyaml, which knows where every node starts and
ends) and only the spans of the changed values are replaced, or new lines inserted after a
mapping's last entry; the result is parsed again and compared with what was meant before anyone
writes it (:func:`apply`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditError(Exception):
    """The file cannot take the change (a value is not where it should be)."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def compose(text: str) -> Node:
    node = yaml.compose(text, Loader=_Loader)
    if not isinstance(node, MappingNode):
        raise EditError("the file is not a mapping of fields")
    return node


def find(node: Node, path: tuple) -> Node | None:
    """The node at a data path (mapping keys and list indexes), or None."""
    for part in path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node


# --- writing values ------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_PLAIN_BLOCK_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\[\]-]*$")  # partners[0].role: brackets are plain outside {...}


def _key(key: str, *, block: bool = False) -> str:
    return key if (_PLAIN_BLOCK_KEY if block else _PLAIN_KEY).match(key) else json.dumps(key, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    """True when ``text`` reads back as itself written plain after ``key: ``."""
    if not text or text != text.strip() or "\n" in text or text[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    try:
        return yaml.load(f"k: {text}\n", Loader=_Loader) == {"k": text}
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's), readable in any editor."""
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """``value`` (text or a mapping of them) written on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    return value if _plain_ok(value) and not any(c in value for c in ",[]{}") else _quoted(value)


def _block_scalar(text: str, indent: int) -> str | None:
    """``text`` as a literal block (``|``) indented by ``indent``, or None when a block cannot hold it."""
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    first = next((line for line in lines if line), "")
    if body.endswith("\n") or not first or first[0] == " " or any(line != line.rstrip() or line.startswith("\t")
                                                                  for line in lines) or "\r" in body:
        return None  # trailing blank lines, leading spaces (they would set the block's indentation), a line
        # starting with a tab, trailing spaces: said exactly only in quotes
    head = "|" if text.endswith("\n") else "|-"
    return head + "".join("\n" + (" " * indent + line if line else "") for line in lines)


def scalar(text: str, indent: int, style: str | None = None) -> str:
    """``text`` as the value of a key in block context whose entries start at column ``indent``."""
    if "\n" in text or style in ("|", ">"):
        written = _block_scalar(text, indent + 2)
        if written is not None:
            return written
    elif style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    elif style != '"' and _plain_ok(text):
        return text
    return _quoted(text)


def _block(value: dict[str, Any], indent: int) -> str:
    """A mapping as block lines at ``indent``; a mapping of text (``{state: draft, source: ...}``)
    goes on one line, a mapping of mappings on lines of its own."""
    lines = []
    for key, item in value.items():
        if isinstance(item, dict) and any(isinstance(v, dict) for v in item.values()):
            lines.append(f"{' ' * indent}{_key(key, block=True)}:\n" + _block(item, indent + 2))
            continue
        text = flow(item) if isinstance(item, dict) else scalar(item, indent)
        lines.append(f"{' ' * indent}{_key(key, block=True)}: {text}")
    return "\n".join(lines)


# --- where a mapping ends -------------------------------------------------------------------------

def _last_end(node: Node, text: str) -> int:
    """Where the text of ``node`` really ends (block scalars and collections end with trailing blank
    and comment lines in libyaml's marks: those belong to what follows)."""
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\n":
                end -= 1
        return end
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _last_end(last[1] if isinstance(node, MappingNode) else last, text)


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one holding ``index`` (len(text) at the end of the file)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


# --- edits ------------------------------------------------------------------------------------

def set_entries(text: str, root: Node, mapping: MappingNode, entries: dict[str, Any]) -> list[Edit]:
    """Edits that give ``mapping`` these entries (text, or mappings of text); others are left alone."""
    edits: list[Edit] = []
    new: dict[str, Any] = {}
    indent = mapping.value[0][0].start_mark.column if mapping.value else mapping.start_mark.column
    for key, value in entries.items():
        found = next(((k, v) for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)
        if found is None:
            new[key] = value
            continue
        key_node, node = found
        if mapping.flow_style:
            edits.append(Edit(node.start_mark.index, _last_end(node, text), flow(value)))
        elif isinstance(value, dict):
            if isinstance(node, MappingNode) and not node.flow_style and node.value:
                edits += set_entries(text, root, node, value)
            else:  # a one-word or flow value becomes lines of its own, from the end of the key's line
                start = node.start_mark.index
                while start > 0 and text[start - 1] in " \t":
                    start -= 1
                edits.append(Edit(start, _last_end(node, text), "\n" + _block(value, key_node.start_mark.column + 2)))
        else:
            style = node.style if isinstance(node, ScalarNode) else None
            edits.append(Edit(node.start_mark.index, _last_end(node, text),
                              scalar(value, key_node.start_mark.column, style)))
    if new:
        if mapping.flow_style:
            items = ", ".join(f"{_key(k)}: {flow(v)}" for k, v in new.items())
            if mapping.value:
                edits.append(Edit(*(2 * [_last_end(mapping.value[-1][1], text)]), text=", " + items))
            else:
                at = mapping.end_mark.index - 1
                edits.append(Edit(at, at, items))
        else:
            at = _line_end(text, _last_end(mapping, text)) if mapping.value else len(text)
            lead = "" if at == 0 or text[at - 1] == "\n" else "\n"
            edits.append(Edit(at, at, lead + _block(new, indent) + "\n"))
    return edits


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping edits made (from the end, so offsets stay true)."""
    out = text
    last = len(text) + 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last:
            raise EditError("two changes overlap")
        out = out[:edit.start] + edit.text + out[edit.end:]
        last = edit.start
    return out
