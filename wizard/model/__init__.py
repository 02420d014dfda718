"""Pure domain: the request, its rules (findings), naming and export.

Never imports textual. Kept import-light on purpose: `balorg validate` must
start fast, so the rules work on plain JSON data and pydantic is imported only
by the modules that need the models.
"""
