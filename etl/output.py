"""Writing a command's output: to standard output, or to a file, where a failed write (a folder that does not
exist, a full disk, a read-only folder) is a one-line error naming the file and exit code 1, never a traceback."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

__all__ = ["emit", "print_tables"]


def emit(content: str | bytes, output: Path | None) -> None:
    """Text (or bytes) to the file, or to standard output when there is none."""
    if output is None:
        sys.stdout.write(content if isinstance(content, str) else content.decode())
    elif isinstance(content, bytes):
        _write(output, lambda: output.write_bytes(content))
    else:
        _write(output, lambda: output.write_text(content, encoding="utf-8"))


def print_tables(renderables, output: Path | None) -> None:
    """Rich tables to the file, or to standard output."""
    def write() -> None:
        with (output.open("w", encoding="utf-8") if output else nullcontext(sys.stdout)) as fh:
            console = Console(file=fh, width=160)
            for renderable in renderables:
                console.print(renderable)

    _write(output or Path("-"), write)


def _write(output: Path, write) -> None:
    """Run `write`; a failed write is a one-line error naming the file, exit 1."""
    from etl.cli import err
    from etl.diskerrors import write_reason

    try:
        write()
    except OSError as exc:
        err.print(f"[red]error:[/red] {escape(write_reason(exc, output))}")
        raise typer.Exit(1) from exc
