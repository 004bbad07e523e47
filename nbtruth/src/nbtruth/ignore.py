"""The ignore markers: how a course tells nbtruth to leave one cell or one line alone.

- a cell tagged `nbtruth-ignore` (cell metadata `tags`, as nbval's tags are written);
- a markdown cell containing the comment `<!-- nbtruth: ignore -->` (invisible when rendered);
- a code line whose comment contains `nbtruth: ignore` (`print(x)  # 3  nbtruth: ignore`): its
  expected output is not compared.

Nothing in an ignored cell is reported. Its equations are still read, so that the definitions it
makes stay in force, and they are counted as unchecked, with the marker as the reason.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MARKER", "TAG", "ignored_cells", "ignored_line"]

TAG = "nbtruth-ignore"
MARKER = "nbtruth: ignore"
MARKER_RE = re.compile(r"nbtruth\s*:\s*ignore", re.IGNORECASE)


def _ignored(cell: Any) -> bool:
    """Whether one cell carries the tag, or is markdown with the marker in an HTML comment."""
    if TAG in cell.get("metadata", {}).get("tags", []):
        return True
    return cell.cell_type == "markdown" and re.search(r"<!--[^>]*nbtruth\s*:\s*ignore[^>]*-->", cell.source,
                                                      re.IGNORECASE) is not None


def ignored_cells(nb: Any) -> set[int]:
    """The indices of the notebook's cells that nbtruth leaves alone."""
    return {i for i, cell in enumerate(nb.cells) if _ignored(cell)}


def ignored_line(comment: str) -> bool:
    """Whether a code line's comment carries the marker."""
    return MARKER_RE.search(comment) is not None
