"""Partnership Resource Centre: YAML records in, a bilingual static site out."""

__version__ = "0.1.0"
