"""The site engine's adapter: the only code that imports MkDocs, Material or ProperDocs.

``config`` holds the plugin's settings, ``compat`` every use of another package's internals
(each with the version it was written against), ``plugin`` the hooks that call the core.
"""
