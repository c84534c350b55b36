"""The pipeline: load and check the records, plan every page, stage the Markdown for an engine.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
