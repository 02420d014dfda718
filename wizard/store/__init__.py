"""Persistence, never imports textual: two systems that share nothing.

- :mod:`wizard.store.drafts`: the drafts store (drafts, their index, autosave, import).
- :mod:`wizard.store.directory`: the known MSSanté addresses (the imported list, this store's exports).
"""
