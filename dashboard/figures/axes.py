"""Time axes and hover cards in the interface language. Pure.

Date axes get explicit ticks at the starts of days, weeks (Mondays) or months, labelled by Babel
("6 Jan", "січ. 2025"), so plotly never labels a weekly axis "23:59:59.999 Jan 4" and month names are
in the reader's language. Hover cards are written here whole, numbers formatted by Babel.
"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from dashboard import i18n
from dashboard.labels import label

__all__ = ["time_ticks", "set_time_axis", "period_name", "resolution_title", "MOST_TICKS"]

MOST_TICKS = 9
STEPS = (1, 2, 3, 4, 6, 12, 24, 36, 48)  # months between month ticks
DAY_STEPS = (1, 2, 7, 14, 28)  # days between day ticks on a short span


def _months(first: date, last: date) -> list[date]:
    out, day = [], date(first.year, first.month, 1)
    day = day if day >= first else date(day.year + day.month // 12, day.month % 12 + 1, 1)
    while day <= last:
        out.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def time_ticks(first: date, last: date, resolution: str, ui: str, most: int = MOST_TICKS
               ) -> tuple[list[date], list[str]]:
    """Tick positions and labels for a date axis from `first` to `last` showing periods of `resolution`."""
    if first > last:
        return [], []
    span = (last - first).days
    if resolution == "month" or span > 150:
        months = _months(first, last) or [first]
        step = next((s for s in STEPS if len(months) / s <= most), STEPS[-1])
        ticks = [m for m in months if (m.year * 12 + m.month - 1) % step == 0] or months[:1]
        return ticks, [i18n.day(t, ui, "month_short") for t in ticks]
    if resolution == "week" or span > 40:
        monday = first - timedelta(days=first.weekday())
        weeks = [monday + timedelta(weeks=n) for n in range(span // 7 + 2) if monday + timedelta(weeks=n) <= last]
        weeks = [w for w in weeks if w >= first] if resolution == "day" else weeks
        step = max(1, -(-len(weeks) // most))
        ticks = weeks[::step]
    else:
        step = next((s for s in DAY_STEPS if (span + 1) / s <= most), DAY_STEPS[-1])
        ticks = [first + timedelta(days=n) for n in range(0, span + 1, step)]
    labels = [i18n.day(t, ui, "short") for t in ticks]
    years = {t.year for t in ticks}
    if len(years) > 1 or ticks:  # the year once, on the first tick of each year shown
        seen: set[int] = set()
        for n, t in enumerate(ticks):
            if t.year not in seen:
                labels[n] = i18n.day(t, ui, "medium")
                seen.add(t.year)
    return ticks, labels


def set_time_axis(fig: go.Figure, first: date | None, last: date | None, resolution: str, ui: str,
                  title: str | None = None, **where) -> None:
    """Gives a figure's date axis the ticks of `time_ticks` (and a title), on the subplot `where` names."""
    if first is None or last is None:
        return
    ticks, labels = time_ticks(first, last, resolution, ui)
    fig.update_xaxes(tickmode="array", tickvals=[t.isoformat() for t in ticks], ticktext=labels,
                     title_text=title, **where)


def resolution_title(resolution: str, ui: str) -> str:
    """The title of a date axis at a resolution: "day", "week starting", "month"."""
    _ = i18n.gettext(ui)
    return {"day": _("attack night (Kyiv date)"), "week": _("week starting (Monday)"),
            "month": _("month")}[resolution]


def period_name(start: date, resolution: str, ui: str) -> str:
    """A period as a hover card names it: "12 January 2025", "week of 6 January 2025", "January 2025"."""
    _ = i18n.gettext(ui)
    if resolution == "day":
        return i18n.day(start, ui, "day_weekday")
    if resolution == "week":
        return _("week of {day}").format(day=i18n.day(start, ui, "long"))
    return i18n.day(start, ui, "month")


def measure_line(measure: str, value: float | None, ui: str, decimals: int = 0) -> str:
    """One line of a hover card: "shot down 1,234"."""
    return f"{label('measure', measure, ui)} {i18n.number(value, ui, decimals)}"
