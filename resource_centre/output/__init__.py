"""Writing output safely: the one atomic write, the staging of the site's Markdown, the publication of site/.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
