"""Small notebooks built in the test, the way other courses write them."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

__all__ = ["code", "md"]


def md(text: str):
    """A markdown cell."""
    return new_markdown_cell(text)


def code(source: str, printed: str | None = None, tags: tuple[str, ...] = ()):
    """A code cell that printed `printed`, with these cell tags (`nbval-ignore-output`, ...)."""
    outputs = [new_output("stream", name="stdout", text=printed)] if printed is not None else []
    cell = new_code_cell(source, outputs=outputs, execution_count=1)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell
