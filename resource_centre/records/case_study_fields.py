"""The facts of a case study, each named once: its label, how its page shows it, its open-data columns.

A case study's "At a glance" table (record_pages.case_study_page) and its rows in the open-data
spreadsheets (opendata.CSV_COLUMNS) both read this table, so adding or renaming a fact field is one
line here (plus its schema in schemas/ and its words in locales/), not a string in each module.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    field: str                  # the record's field (schemas/case-study.schema.json)
    label: str                  # locale key of its label in the fact table
    shows: str                  # how the page shows it: "terms" (chips of ``taxonomy``), "partners", "place", "period"
    columns: tuple[str, ...]    # its columns in the open-data spreadsheets (CSV, xlsx)
    taxonomy: str = ""          # the taxonomy of its terms ("terms" only)


# In the order of the page's fact table.
FACTS = (
    Fact("partners", "partners", "partners", ("partners", "partner_types")),
    Fact("twgs", "twgs", "terms", ("twgs",), taxonomy="twgs"),
    Fact("location", "location", "place", ("scope", "provinces", "countries")),
    Fact("period", "period", "period", ("start", "end")),
    Fact("principles", "principles", "terms", ("principles",), taxonomy="principles"),
    Fact("stages", "stages", "terms", ("stages",), taxonomy="stages"),
)
BY_FIELD = {fact.field: fact for fact in FACTS}
# The spreadsheets have kept their columns in this order since they were first published (a reuser's
# script may read them by position), which puts the working groups before the partners.
COLUMN_ORDER = ("twgs", "partners", "location", "period", "principles", "stages")


def open_data_columns() -> list[str]:
    """The fact fields' spreadsheet columns, in the published order."""
    return [column for field in COLUMN_ORDER for column in BY_FIELD[field].columns]
