"""The record types: where their files live, which schema checks them, where their pages go.

Everything that differs between record types is data here, so loaders, validators,
scaffolds and page planners loop over KINDS instead of repeating themselves.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str          # used in x-ref and on the command line
    folder: str        # where the YAML files live, relative to the content root
    schema: str        # file name in schemas/
    section: str = ""  # folder of generated pages under docs/<lang>/ ("" = none)


TAXONOMY = Kind("taxonomy", "taxonomies", "taxonomy.schema.json", "browse")
CASE_STUDY = Kind("case-study", "casestudies", "case-study.schema.json", "case-studies")
TOOL = Kind("tool", "tools", "tool.schema.json", "tools")
TERM = Kind("term", "glossary", "term.schema.json", "glossary")
TRAINING = Kind("training", "trainings", "training.schema.json", "trainings")
EVENT = Kind("event", "events", "event.schema.json", "events")
SPECIALIST = Kind("specialist", "specialists", "specialist.schema.json", "specialists")

# Taxonomies first: the others refer to their terms.
KINDS: tuple[Kind, ...] = (TAXONOMY, CASE_STUDY, TOOL, TERM, TRAINING, EVENT, SPECIALIST)
BY_NAME = {kind.name: kind for kind in KINDS}
DOWNLOADS_FOLDER = "tools/files"
