"""`python -m chainrule_helpers.grading`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
