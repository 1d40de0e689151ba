"""Size and time limits of the readers, from the settings: what keeps one hostile input from
stopping a run (a 20 MB one-line file, a 50 MB answer, a server that never finishes)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from etl.model import Report

__all__ = ["Limits", "cut_report", "too_big"]


@dataclass(frozen=True)
class Limits:
    """The settings the readers obey (see etl/settings.py for their meaning)."""

    max_file_bytes: int = 50_000_000
    max_download_bytes: int = 20_000_000
    max_page_bytes: int = 5_000_000
    max_report_chars: int = 1_000_000
    http_timeout: float = 30.0

    @classmethod
    def from_settings(cls) -> Limits:
        """The limits in force: environment, strikes.toml, defaults."""
        from etl.settings import load_settings

        s = load_settings()
        return cls(max_file_bytes=s.max_file_bytes, max_download_bytes=s.max_download_bytes,
                   max_page_bytes=s.max_page_bytes, max_report_chars=s.max_report_chars,
                   http_timeout=float(s.http_timeout))


def too_big(name: str, size: int, setting: str, limit: int, what: str) -> str:
    """The problem of an input over a size limit: the file, its size, the limit and what to do."""
    return (f"{name} is {size:,} bytes, more than {setting} ({limit:,} bytes): {what}; split it, or raise "
            f"the limit with STRIKES_{setting.upper()} if the file is right")


def cut_report(report: Report, limit: int) -> Report:
    """The report with its text cut to `limit` characters (at a paragraph or line break when there is
    one in the last half), and a problem saying so; unchanged when the text is short enough."""
    text = report.text
    if len(text) <= limit:
        return report
    end = limit
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, limit // 2, limit)
        if at > 0:
            end = at
            break
    problem = (f"{report.path}: the text is {len(text):,} characters, more than max_report_chars ({limit:,}): "
               f"only the first {end:,} were read; split the report, or raise STRIKES_MAX_REPORT_CHARS")
    return replace(report, text=text[:end], problems=[*report.problems, problem])
