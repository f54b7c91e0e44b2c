"""The knowledge base: load and check data/, link records, render pages.

Nothing in this package depends on MkDocs; hooks/build.py wires it into the
build, and the tests call it directly.
"""
