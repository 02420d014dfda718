"""The committed JSON Schema of format v1, shipped in the wheel as package ``wizard.schema``.

`balorg schema` prints it and `balorg validate` walks it (see
:mod:`wizard.model.structural`); :mod:`wizard.model.schema` generates it from
the models (``make schema``), and a test fails when it drifts.
"""
