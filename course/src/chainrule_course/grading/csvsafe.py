"""One rule for every CSV the grader writes: a cell a spreadsheet could read as a formula is neutralised.

Guards against CSV injection (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
A student names their own folder, and their reasons quote what they wrote; a cell that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel, LibreOffice and Google
Sheets when the instructor opens the file. OWASP's rule, followed exactly: prefix such a cell with a
single quote, which those programs show as text. Numbers the grader writes itself (scores, points)
are not text and pass unchanged, so a negative score stays a number.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TRIGGERS", "safe_cell", "safe_row"]

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The cell as written to a CSV: text that a spreadsheet would evaluate gets a leading single quote."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of a csv.DictWriter row through `safe_cell`."""
    return {key: safe_cell(value) for key, value in row.items()}
