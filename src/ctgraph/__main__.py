"""Run the command line with ``python -m ctgraph``."""

from .cli import main

raise SystemExit(main())
