"""`python -m wizard` runs the `balorg` command."""

from wizard.cli import main

raise SystemExit(main())
