"""Method markers: where the reporting changed, so that a change of method is not read as a change of the war.

Two kinds, one list (pure, no I/O; the data come through dashboard/layers.py):

- **detected** from the data, per attacker and weapon class, month by month (months with at least
  MIN_NIGHTS attack nights): a measure that appears (stated on no night for BEFORE months, then on at
  least APPEARS of the nights: "suppressed" drones from July 2024), a measure that disappears (stated on at
  least REGULAR of the nights for BEFORE months, then on none for two months), a jump in the share of nights
  that give a launched figure but no stopped one (JUMP or more against the mean of the BEFORE months before),
  a source that stops (SOURCE_MIN_REPORTS reports or more, the last more than SOURCE_GAP_DAYS before the end
  of the data), and the end of the air-raid alert table;
- **curated** annotations from a data file (dashboard/annotations.py), with their source.

Each marker has a number: its place in the store's whole list by date, the same on every chart and page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard import i18n
from dashboard.annotations import Annotation
from dashboard.labels import label

__all__ = ["Marker", "detect", "measure_changes", "unstopped_jumps", "source_stops", "alerts_end", "numbered",
           "select", "title", "note", "MIN_NIGHTS", "BEFORE"]

MIN_NIGHTS = 4
BEFORE = 3  # months looked back
APPEARS = 0.10
REGULAR = 0.50
JUMP = 0.30
SOURCE_MIN_REPORTS = 20
SOURCE_GAP_DAYS = 60
ALERTS_GAP_DAYS = 30
MEASURED = ("launched", "shot_down", "suppressed", "neutralized")
c = pl.col


@dataclass(frozen=True)
class Marker:
    """One change in reporting, detected or curated."""

    day: date
    kind: str  # annotation, measure_appears, measure_disappears, unstopped_jump, source_stops, alerts_end
    attacker: str | None = None
    weapon: str | None = None
    measure: str | None = None
    source: str | None = None
    before: float | None = None  # a share before the change, and after it
    after: float | None = None
    annotation: Annotation | None = None
    number: int = 0

    @property
    def curated(self) -> bool:
        """True for an annotation from a data file."""
        return self.annotation is not None

    @property
    def url(self) -> str | None:
        """Where a curated marker is documented."""
        return self.annotation.url if self.annotation else None


def _monthly(rows: pl.DataFrame) -> pl.DataFrame:
    """Per attacker, class and month: nights, the share of nights stating each measure, the share with a launched
    figure and no stopped one, and the first night of the month (class rows only)."""
    stopped = c("shot_down").is_not_null() | c("suppressed").is_not_null() | c("neutralized").is_not_null()
    return rows.filter(c("row_kind") == "class").with_columns(c("attack_date").dt.truncate("1mo").alias("month")) \
        .group_by("attacker", "weapon", "month").agg(
            pl.len().alias("nights"), *(c(m).is_not_null().mean().alias(m) for m in MEASURED),
            (c("launched").is_not_null() & ~stopped).mean().alias("unstopped")).sort("attacker", "weapon", "month")


def _looked_back(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Adds the column's minimum, maximum and mean over the BEFORE months before (null unless all are there,
    consecutive and with MIN_NIGHTS nights), and the next month's value."""
    keys = ["attacker", "weapon"]
    prev = [c(column).shift(k).over(keys) for k in range(1, BEFORE + 1)]
    full = [(c("month").shift(k).over(keys) == c("month").dt.offset_by(f"-{k}mo"))
            & (c("nights").shift(k).over(keys) >= MIN_NIGHTS) for k in range(1, BEFORE + 1)]
    ok = pl.all_horizontal(full)
    nxt = pl.when((c("month").shift(-1).over(keys) == c("month").dt.offset_by("1mo"))
                  & (c("nights").shift(-1).over(keys) >= MIN_NIGHTS)).then(c(column).shift(-1).over(keys))
    return frame.with_columns(pl.when(ok).then(pl.min_horizontal(prev)).alias("_min"),
                              pl.when(ok).then(pl.max_horizontal(prev)).alias("_max"),
                              pl.when(ok).then(pl.mean_horizontal(prev)).alias("_mean"), nxt.alias("_next"))


def _first_night(rows: pl.DataFrame, attacker: str, weapon: str, month: date, cond: pl.Expr) -> date:
    """The first night of a month, of one attacker and class, where a condition holds (else the 1st)."""
    end = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    hit = rows.filter((c("row_kind") == "class") & (c("attacker") == attacker) & (c("weapon") == weapon)
                      & c("attack_date").is_between(month, end, closed="left") & cond)
    return hit["attack_date"].min() if hit.height else month


def measure_changes(rows: pl.DataFrame) -> list[Marker]:
    """A measure that starts or stops being stated for a class (attacks rows in)."""
    monthly = _monthly(rows)
    out = []
    for measure in MEASURED:
        looked = _looked_back(monthly, measure).filter(c("nights") >= MIN_NIGHTS)
        appears = looked.filter((c("_max") == 0) & (c(measure) >= APPEARS))
        gone = looked.filter((c("_min") >= REGULAR) & (c(measure) == 0) & (c("_next") == 0))
        for r in appears.iter_rows(named=True):
            day = _first_night(rows, r["attacker"], r["weapon"], r["month"], c(measure).is_not_null())
            out.append(Marker(day, "measure_appears", r["attacker"], r["weapon"], measure, before=0.0,
                              after=r[measure]))
        for r in gone.iter_rows(named=True):
            out.append(Marker(r["month"], "measure_disappears", r["attacker"], r["weapon"], measure,
                              before=r["_mean"], after=0.0))
    return out


def unstopped_jumps(rows: pl.DataFrame) -> list[Marker]:
    """A jump in the share of nights that give a launched figure but no stopped figure."""
    looked = _looked_back(_monthly(rows), "unstopped").filter(
        (c("nights") >= MIN_NIGHTS) & ((c("unstopped") - c("_mean")).abs() >= JUMP))
    return [Marker(r["month"], "unstopped_jump", r["attacker"], r["weapon"], before=r["_mean"], after=r["unstopped"])
            for r in looked.iter_rows(named=True)]


def source_stops(reports: pl.DataFrame, last_day: date | None) -> list[Marker]:
    """Sources with many reports whose last report is long before the end of the data (`reports`: source,
    published_date, one row per report or, with a `reports` column, per so many reports)."""
    if last_day is None or reports.is_empty():
        return []
    counted = c("reports").sum() if "reports" in reports.columns else pl.len()
    sources = reports.filter(c("source").is_not_null() & c("published_date").is_not_null()).group_by("source").agg(
        counted.alias("reports"), c("published_date").max().alias("last"))
    stopped = sources.filter((c("reports") >= SOURCE_MIN_REPORTS)
                             & (c("last") < last_day - timedelta(days=SOURCE_GAP_DAYS))).sort("last", "source")
    return [Marker(r["last"] + timedelta(days=1), "source_stops", source=r["source"])
            for r in stopped.iter_rows(named=True)]


def alerts_end(covered: tuple[date | None, date | None], last_day: date | None) -> list[Marker]:
    """The end of the air-raid alert table, when the attacks go on well after it."""
    end = covered[1]
    if end is None or last_day is None or last_day - end <= timedelta(days=ALERTS_GAP_DAYS):
        return []
    return [Marker(end + timedelta(days=1), "alerts_end")]


def detect(attacks: pl.DataFrame, reports: pl.DataFrame, covered: tuple[date | None, date | None]) -> list[Marker]:
    """Every detected marker of a store, by date."""
    last = attacks["attack_date"].max() if attacks.height else None
    found = measure_changes(attacks) + unstopped_jumps(attacks) + source_stops(reports, last) + alerts_end(covered, last)
    return sorted(found, key=_order)


def _order(m: Marker) -> tuple:
    return (m.day, not m.curated, m.attacker or "", m.weapon or "", m.measure or "", m.source or "")


def numbered(detected: list[Marker], annotations: list[Annotation]) -> list[Marker]:
    """Detected markers and curated annotations in one list by date, numbered from 1."""
    curated = [Marker(a.day, "annotation", a.attacker, a.weapon, annotation=a) for a in annotations]
    ordered = sorted(detected + curated, key=_order)
    return [Marker(**{**m.__dict__, "number": n}) for n, m in enumerate(ordered, start=1)]


def select(markers: list[Marker], start: date | None = None, end: date | None = None, attacker: str | None = None,
           weapons: tuple[str, ...] = ()) -> list[Marker]:
    """The markers between two days that concern the attacker and classes chosen (general ones always)."""
    return [m for m in markers if (start is None or m.day >= start) and (end is None or m.day <= end)
            and (m.attacker is None or attacker is None or m.attacker == attacker)
            and (m.weapon is None or not weapons or m.weapon in weapons)]


def title(m: Marker, ui: str) -> str:
    """A marker's title in the interface language."""
    _ = i18n.gettext(ui)
    if m.annotation is not None:
        return m.annotation.text("title", ui)
    what = {"weapon": label("weapon", m.weapon, ui) if m.weapon else "",
            "measure": label("measure", m.measure, ui) if m.measure else "",
            "source": label("account", m.source, ui) if m.source else ""}
    return {
        "measure_appears": _("{weapon}: “{measure}” figures appear"),
        "measure_disappears": _("{weapon}: “{measure}” figures disappear"),
        "unstopped_jump": _("{weapon}: the share of nights without a stopped figure changes"),
        "source_stops": _("{source} stops reporting"),
        "alerts_end": _("The air-raid alert table ends"),
    }[m.kind].format(**what)


def note(m: Marker, ui: str) -> str:
    """What a marker means for the charts, in the interface language."""
    _ = i18n.gettext(ui)
    if m.annotation is not None:
        return m.annotation.text("note", ui)
    shares = {"before": i18n.percent(m.before, ui, 0), "after": i18n.percent(m.after, ui, 0)}
    return {
        "measure_appears": _("Stated on {before} of the nights in the months before, {after} from this month: totals "
                             "of this figure before and after are not comparable."),
        "measure_disappears": _("Stated on {before} of the nights in the months before, on none from here: a total "
                                "of this figure stops counting, the war does not."),
        "unstopped_jump": _("Nights with a launched figure but no stopped one: {before} in the months before, "
                            "{after} this month. Shares stopped rest on fewer nights."),
        "source_stops": _("Its last report is the day before. Nights after it have fewer sources."),
        "alerts_end": _("The alert table read into the store ends the day before: alert hours after it are unknown, "
                        "not zero."),
    }[m.kind].format(**shares)
