"""The editions beyond the site's pages: open data and feeds, the offline zip, printed books, the Kiwix ZIM, the web app.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
