"""`python -m nbtruth`: see cli.py."""

import sys

from .cli import main

sys.exit(main(prog="python -m nbtruth"))
