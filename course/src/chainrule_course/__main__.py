"""`python -m chainrule_course`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
