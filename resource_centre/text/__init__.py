"""Text in any language: the site's languages and interface words, localisation with fallbacks, contributor Markdown.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
