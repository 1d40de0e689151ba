"""Method markers on time charts: a vertical line at the day the reporting changed, numbered at the top, with its
title and note on hover. Pure: (figure, markers) -> the same figure with them drawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import plotly.graph_objects as go

from dashboard import i18n, markers
from dashboard.markers import Marker

__all__ = ["with_markers", "marker_hover", "CURATED", "DETECTED"]

CURATED = "#333333"  # a curated annotation: a solid dark line
DETECTED = "#8a8a8a"  # a change detected in the data: a dashed grey line


def marker_hover(m: Marker, ui: str) -> str:
    """A marker's hover card: number, day, title, what it means, and where it is documented."""
    _ = i18n.gettext(ui)
    kind = _("curated") if m.curated else _("detected in the data")
    lines = [f"<b>{m.number}. {markers.title(m, ui)}</b>", f"{i18n.day(m.day, ui, 'long')} · {kind}",
             _wrap(markers.note(m, ui))]
    if m.url:
        lines.append(_("source: {url}").format(url=m.url.split("//", 1)[-1][:60]))
    return "<br>".join(lines)


def _wrap(text: str, width: int = 60) -> str:
    """A long note on several lines of a hover card."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line] if line else lines)


def with_markers(fig: go.Figure, found: list[Marker], ui: str, first: date | None = None,
                 last: date | None = None, x_of: Callable[[date], object] | None = None,
                 axes: tuple[str, ...] = ("x",)) -> go.Figure:
    """Draws the markers between `first` and `last` (all when not given) across the whole plot area: a line
    from the bottom to the top and the marker's number in a box at the top, its card on hover. The x of a marker
    is its day, or what `x_of` makes of it (the day of the month on a chart of one month); a chart of panels side
    by side names each panel's x axis in `axes`."""
    if not any(getattr(t, "x", None) is not None and len(t.x) for t in fig.data):
        return fig  # nothing drawn ("no data"): no axis to put a day on
    shown = [m for m in found if not (first and m.day < first) and not (last and m.day > last)]
    for x, group in _by_x(shown, x_of):
        colour = CURATED if any(m.curated for m in group) else DETECTED
        text = ",".join(str(m.number) for m in group)
        hover = "<br><br>".join(marker_hover(m, ui) for m in group)
        for axis in axes:
            fig.add_shape(type="line", x0=x, x1=x, xref=axis, yref="paper", y0=0, y1=1, layer="above",
                          line={"color": colour, "width": 1.2, "dash": "solid" if colour == CURATED else "dash"},
                          name=f"marker-{text}")
            fig.add_annotation(x=x, xref=axis, y=1, yref="paper", yanchor="top", text=text, showarrow=False,
                               font={"size": 10, "color": "white"}, bgcolor=colour, borderpad=2, hovertext=hover,
                               name=f"marker-{text}", hoverlabel={"bgcolor": "white", "font": {"size": 12,
                                                                                          "color": "#222"}})
    return fig


def _by_x(found: list[Marker], x_of: Callable[[date], object] | None) -> list[tuple[object, list[Marker]]]:
    """The markers grouped by where they are drawn (markers of one day share a line and a label: "5,6")."""
    groups: dict[object, list[Marker]] = {}
    for m in found:
        groups.setdefault(x_of(m.day) if x_of else m.day.isoformat(), []).append(m)
    return list(groups.items())
