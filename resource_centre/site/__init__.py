"""The site's pages: building blocks, record pages, explorers and lists, search index, addresses, preview banner.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
