"""Records: their kinds, YAML with line numbers, schemas, validation and the model the rest of the generator reads.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
