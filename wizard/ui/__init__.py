"""What the screens and the widgets share: the interface's texts, the step help, the key descriptions.

Widgets import this package, never :mod:`wizard.screens` or the App (import-linter checks it).
"""
