"""Persistence: drafts and known addresses. Never imports textual."""
