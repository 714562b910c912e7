"""``python -m pipeline`` is ``factpipe``."""

from .cli import main

raise SystemExit(main())
