"""The loaded content: valid records by type, and the relations derived from them.

Relations a contributor writes once (a case study lists its tools; A lists B as
related) are turned here into both directions, so no one types them twice.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .schema import values_at


def year_text(value: Any) -> Any:
    """A period bound as text: YAML reads ``start: 2019`` as the number 2019, contributors mean '2019'.

    The schema accepts a year written either way (and ``YYYY-MM`` as text); this is the one
    place where a number becomes the text every page, filter, book and data file expects.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):04d}"
    return value


def with_text_years(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``period.start``/``period.end`` as text (a shallow copy when anything changes)."""
    period = data.get("period")
    if not isinstance(period, dict) or all(isinstance(v, str) for v in period.values()):
        return data
    return {**data, "period": {key: year_text(value) for key, value in period.items()}}


@dataclass
class Record:
    kind: str
    id: str
    data: dict[str, Any]
    file: str  # path relative to the content root, for messages

    def __post_init__(self) -> None:
        self.data = with_text_years(self.data)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def published(self) -> bool:
        return self.data.get("status", "published") == "published"

    @property
    def last_reviewed(self) -> str:
        return (self.data.get("review") or {}).get("last_reviewed", "")


@dataclass
class Taxonomy:
    id: str
    label: dict[str, str]
    terms: dict[str, dict[str, Any]]  # term id -> term mapping (label, description, group)
    description: dict[str, str] = field(default_factory=dict)


@dataclass
class Content:
    root: Path
    case_studies: dict[str, Record] = field(default_factory=dict)
    tools: dict[str, Record] = field(default_factory=dict)
    terms: dict[str, Record] = field(default_factory=dict)
    trainings: dict[str, Record] = field(default_factory=dict)  # training modules (trainings/)
    events: dict[str, Record] = field(default_factory=dict)  # dated runs of modules and other events (events/)
    # Partnership specialists as published (specialists.published_record): consented fields only,
    # never a withdrawn person.
    specialists: dict[str, Record] = field(default_factory=dict)
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)
    # kind -> taxonomy -> field path patterns, read from the schemas (x-taxonomy)
    taxonomy_fields: dict[str, dict[str, list[tuple]]] = field(default_factory=dict)
    _index: "_Index | None" = field(default=None, init=False, repr=False, compare=False)

    def table(self, kind: str) -> dict[str, Record]:
        """The records of kind ``kind`` (a :class:`kinds.Kind` name, not ``taxonomy``) by id: the one
        place that knows which field holds which kind (KeyError for a kind that has none)."""
        return {"case-study": self.case_studies, "tool": self.tools, "term": self.terms, "training": self.trainings,
                "event": self.events, "specialist": self.specialists}[kind]

    def records(self) -> Iterable[Record]:
        yield from self.case_studies.values()
        yield from self.tools.values()
        yield from self.terms.values()
        yield from self.trainings.values()
        yield from self.events.values()
        yield from self.specialists.values()

    def only_published(self) -> "Content":
        """The content a public build shows: drafts and references to them removed."""
        keep = Content(self.root, taxonomies=self.taxonomies, taxonomy_fields=self.taxonomy_fields,
                       terms=dict(self.terms),
                       case_studies={k: r for k, r in self.case_studies.items() if r.published},
                       tools={k: r for k, r in self.tools.items() if r.published},
                       trainings={k: r for k, r in self.trainings.items() if r.published})
        # An event has no draft state of its own (its status says whether it takes place); it is
        # shown with or without its module, whose link is left out while the module is a draft.
        keep.events = dict(self.events)
        keep.specialists = {k: r for k, r in self.specialists.items() if r.get("status") == "active"}
        return keep

    # Derived relations -------------------------------------------------

    def _relations(self) -> "_Index":
        """The reverse maps, rebuilt only if records were added or removed since they were made."""
        key = (len(self.case_studies), len(self.tools), len(self.terms), len(self.taxonomies))
        if self._index is None or self._index.key != key:
            self._index = _Index.build(self, key)
        return self._index

    def tool_users(self) -> dict[str, list[str]]:
        """tool id -> ids of case studies that used it."""
        return self._relations().tool_users

    def related(self, case_id: str) -> list[str]:
        """Related case studies both ways: those A lists, and those that list A."""
        out = list(self.case_studies[case_id].get("related") or [])
        for other in self._relations().listed_by.get(case_id, ()):
            if other not in out:
                out.append(other)
        return [i for i in out if i in self.case_studies and i != case_id]

    def see_also(self, term_id: str) -> list[str]:
        out = list(self.terms[term_id].get("see_also") or [])
        for other in self._relations().see_also_by.get(term_id, ()):
            if other not in out:
                out.append(other)
        return [i for i in out if i in self.terms and i != term_id]

    def term_values(self, record: Record, taxonomy: str) -> list[str]:
        """The ids of ``taxonomy`` that ``record`` is tagged with (field paths come from the schema)."""
        values: list[str] = []
        for pattern in self.taxonomy_fields.get(record.kind, {}).get(taxonomy, []):
            values.extend(v for v in values_at(record.data, pattern) if isinstance(v, str))
        return list(dict.fromkeys(values))

    def tagged(self, taxonomy: str, term: str) -> tuple[list[Record], list[Record]]:
        """Case studies and tools tagged with a taxonomy term."""
        cases, tools = self._relations().tagged.get((taxonomy, term), ((), ()))
        return list(cases), list(tools)

    def newest_review(self) -> str:
        return max((r.last_reviewed for r in self.records() if r.last_reviewed), default="")


@dataclass
class _Index:
    """Every reverse relation of a Content, made in one pass over its records."""

    key: tuple
    tool_users: dict[str, list[str]]
    listed_by: dict[str, list[str]]  # case id -> ids of case studies listing it as related, by id
    see_also_by: dict[str, list[str]]  # term id -> ids of terms listing it in see_also, by id
    tagged: dict[tuple[str, str], tuple[list[Record], list[Record]]]

    @classmethod
    def build(cls, content: Content, key: tuple) -> "_Index":
        users: dict[str, list[str]] = defaultdict(list)
        listed_by: dict[str, list[str]] = defaultdict(list)
        cases = sorted(content.case_studies.values(), key=lambda r: r.id)
        for cs in cases:
            for tool in cs.get("tools_used") or []:
                if tool in content.tools:
                    users[tool].append(cs.id)
            for other in dict.fromkeys(cs.get("related") or []):
                listed_by[other].append(cs.id)
        see_also_by: dict[str, list[str]] = defaultdict(list)
        for term in sorted(content.terms.values(), key=lambda r: r.id):
            for other in dict.fromkeys(term.get("see_also") or []):
                see_also_by[other].append(term.id)
        tagged: dict[tuple[str, str], tuple[list[Record], list[Record]]] = {}
        tools = sorted(content.tools.values(), key=lambda r: r.id)
        for slot, records in ((0, cases), (1, tools)):
            for record in records:
                for taxonomy in content.taxonomy_fields.get(record.kind, {}):
                    for term in content.term_values(record, taxonomy):
                        tagged.setdefault((taxonomy, term), ([], []))[slot].append(record)
        return cls(key, dict(users), dict(listed_by), dict(see_also_by), tagged)
