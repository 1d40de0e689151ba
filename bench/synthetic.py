"""A deterministic synthetic store for the dashboard benchmarks: years of nights, many sources per night.

Every night from 2022-02-24 Russia attacks with drones (most nights), missiles and glide bombs, and
Ukraine with drones and now and then missiles; each attack has a true launched / shot down / suppressed
figure per class, split over types and models. The reports about it look like the real sources: one
national-record row per model (as the Kaggle table has), regional-command rows with part of the night,
one or two official Air Force posts (uk, en) with type breakdowns, then press retellings in three
languages, exact or "about", now and then misprinted, until the strike claims reach the rows asked for.
Some claims cover a month, a few reports have no published date, some name regions that lost power.
The attacks table is reconciled from the claims by etl.reconcile, as a refresh does.

Everything comes from one seeded generator (and joins keep their order), so a seed and a size always
give the same tables.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import polars as pl

from etl.schemas import TABLES, polars_schema

__all__ = ["generate", "START", "END"]

START, END = date(2022, 2, 24), date(2026, 5, 31)
# attacker, weapon, share of nights, launches at the start, added by the end, share stopped, (type, model, share)
CAMPAIGNS = (
    ("RU", "drone", 0.93, 15, 260, 0.86, (("attack_drone", "Shahed-136", 0.62), ("decoy_drone", "Gerbera", 0.33),
                                          ("reconnaissance_drone", "Orlan-10", 0.05))),
    ("RU", "missile", 0.33, 12, 20, 0.72, (("cruise_missile", "Kh-101", 0.4), ("cruise_missile", "Kalibr", 0.15),
                                           ("ballistic_missile", "Iskander-M", 0.25),
                                           ("hypersonic_missile", "Kinzhal", 0.05), ("guided_missile", "Kh-59", 0.1),
                                           ("anti_aircraft_missile", "S-300", 0.05))),
    ("RU", "glide_bomb", 0.22, 20, 60, 0.0, ()),
    ("UA", "drone", 0.55, 10, 150, 0.85, (("attack_drone", "Liutyi", 1.0),)),
    ("UA", "missile", 0.05, 2, 6, 0.6, (("cruise_missile", "Neptune", 0.6), ("ballistic_missile", "ATACMS", 0.4))),
)
OFFICIAL = (("kpszsu", "uk"), ("Air Force of Ukraine", "en"), ("Ministry of Defence of Ukraine", "uk"))
PRESS = (("Kyiv Independent", "en"), ("Ukrainska Pravda", "uk"), ("Suspilne", "uk"), ("Ukrinform", "en"),
         ("RBC-Ukraine", "uk"), ("Reuters", "en"), ("Tagesschau", "de"), ("Der Spiegel", "de"),
         ("Deutsche Welle", "de"), ("NV", "uk"), ("Euromaidan Press", "en"), ("Kyiv Post", "en"))
REGIONAL = ("PvKPivden", "pvkshid", "PvkZahid", "PvkCenter")
REGIONS = ("UA-05", "UA-12", "UA-14", "UA-18", "UA-23", "UA-30", "UA-32", "UA-46", "UA-48", "UA-51", "UA-53",
           "UA-59", "UA-63", "UA-65", "UA-71", "UA-74")
FILLER = (" The air defence worked in several regions; debris fell on residential buildings and the emergency "
          "services are at work. Further details will follow as the regional administrations report damage.")
CHUNK = 40_000  # press reports generated at a time
UNDATED_EVERY = 500  # one report in this many has no published date
NO_DATE = "no published date: dates relative to it cannot be resolved, claims are kept undated"
SEEN = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
KEYS = ["attack_date", "attacker", "weapon"]
CLAIM_COLUMNS = [col for col in polars_schema(TABLES["strike_claims"])
                 if col not in ("period_start", "period_end", "evidence", "figure_spans", "fallbacks")]
c = pl.col


def generate(rows: int, seed: int) -> dict[str, pl.DataFrame]:
    """Every table of a synthetic store whose strike_claims table has `rows` rows."""
    from etl.reconcile import reconcile

    rng = np.random.default_rng(seed)
    events, types = _events(rng)
    reports, claims = _table_rows(rng, events, types)
    more_reports, more_claims = _official_posts(rng, events, types)
    reports, claims = pl.concat([reports, more_reports]), pl.concat([claims, more_claims])
    first = 0
    while claims.height < rows:
        more_reports, more_claims = _press(rng, events, types, first, CHUNK)
        reports, claims = pl.concat([reports, more_reports]), pl.concat([claims, more_claims])
        first += CHUNK
    claims = claims.head(rows)
    last = claims["report_id"][-1]
    reports = reports.filter((c("source_kind") != "press") | (c("report_id") <= last)).with_row_index("i")
    undated = reports.filter(c("i") % UNDATED_EVERY == 7)["report_id"]
    claims = _with_periods(rng, claims).with_columns(
        pl.when(c("report_id").is_in(undated.implode())).then(None).otherwise(c("published")).alias("published"))
    tables = {
        "reports": _report_table(reports, claims, undated),
        "strike_claims": claims,
        "outage_claims": _outages(rng, reports),
        "problems": pl.DataFrame({"report_id": undated}).with_columns(
            pl.format("synthetic/{}.md", c("report_id")).alias("path"), pl.lit(None, pl.Utf8).alias("item"),
            pl.lit("extract").alias("stage"), pl.lit(NO_DATE).alias("problem")),
        "refresh_runs": _runs(reports.height),
    }
    tables = {name: _fit(name, frame) for name, frame in tables.items()}
    tables["attacks"] = reconcile(tables["strike_claims"])
    return tables


def _fit(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The table's columns, in order and with their types."""
    return frame.select([c(col).cast(dtype) for col, dtype in polars_schema(TABLES[name]).items()])


def _events(rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The true attacks (night, attacker, class and figures) and their split over types and models."""
    days = pl.date_range(START, END, "1d", eager=True)
    n = days.len()
    trend = np.linspace(0.0, 1.0, n)
    frames, splits = [], []
    for attacker, weapon, share, base, growth, stop, kinds in CAMPAIGNS:
        on = pl.Series(rng.random(n) < share)
        massive = np.where(rng.random(n) < 0.04, rng.uniform(2.5, 5.0, n), 1.0)
        launched = np.maximum(1, rng.poisson((base + growth * trend) * massive))
        shot = rng.binomial(launched, np.clip(rng.normal(stop, 0.08, n), 0, 1))
        jammed = rng.binomial(launched - shot, 0.5) if weapon == "drone" else np.zeros(n, dtype=np.int64)
        frame = pl.DataFrame({"attack_date": days, "attacker": attacker, "weapon": weapon, "launched": launched,
                              "shot_down": shot, "suppressed": jammed}).filter(on)
        frames.append(frame)
        if kinds:
            shares = np.array([k[2] for k in kinds])
            per_type = rng.multinomial(frame["launched"].to_numpy(), shares / shares.sum())
            for i, (wtype, model, _) in enumerate(kinds):
                t_launched = per_type[:, i]
                splits.append(frame.select(KEYS).with_columns(
                    pl.lit(wtype).alias("type"), pl.lit(model).alias("model"), pl.Series("launched", t_launched),
                    pl.Series("shot_down", rng.binomial(t_launched, stop))).filter(c("launched") > 0))
    events = pl.concat(frames).with_columns(
        pl.when(c("weapon") != "glide_bomb").then(c("shot_down")).alias("shot_down")).sort(KEYS)
    return events, pl.concat(splits).sort([*KEYS, "type", "model"])


def _published(rng: np.random.Generator, days: pl.Series, hours_from: float, hours_to: float) -> pl.Series:
    """A publication time between `hours_from` and `hours_to` after 06:00 Kyiv the morning after (UTC)."""
    offset = rng.uniform(hours_from, hours_to, days.len()) * 3_600e6
    start = days.cast(pl.Datetime("us")).to_numpy().astype("int64") + 27 * 3_600e6  # 06:00 Kyiv is about 03:00 UTC
    return pl.Series("published", (start + offset).astype("int64")).cast(pl.Datetime("us", "UTC"))


def _report_id(prefix: str, n: pl.Expr) -> pl.Expr:
    """A 16-character report id, unique per prefix and number."""
    return pl.format("{}{}", pl.lit(prefix), n.cast(pl.Utf8).str.zfill(15)).alias("report_id")


def _picks(rng: np.random.Generator, options: tuple, n: int) -> tuple[pl.Series, pl.Series]:
    """Sources and their languages drawn from (source, language) options."""
    pick = rng.integers(0, len(options), n)
    return (pl.Series("source", np.array([o[0] for o in options])[pick]),
            pl.Series("language", np.array([o[1] for o in options])[pick]))


def _table_rows(rng: np.random.Generator, events: pl.DataFrame, types: pl.DataFrame):
    """The national record, one report per RU attack and model (as the Kaggle table has), and the regional
    commands, one report with part of the night on about a third of the RU attacks."""
    glide = events.filter((c("attacker") == "RU") & (c("weapon") == "glide_bomb")).select(
        *KEYS, pl.lit(None, pl.Utf8).alias("type"), pl.lit(None, pl.Utf8).alias("model"), "launched", "shot_down")
    record = pl.concat([types.filter(c("attacker") == "RU"), glide])
    record = record.filter(pl.Series(rng.random(record.height) < 0.92)).with_columns(
        pl.lit("record").alias("source_kind"), pl.lit("kpszsu").alias("source"))
    regional = events.filter((c("attacker") == "RU") & pl.Series(rng.random(events.height) < 0.3))
    part = pl.Series(rng.uniform(0.05, 0.4, regional.height))
    regional = regional.with_columns(
        (c("launched") * part).cast(pl.Int64).clip(lower_bound=1).alias("launched"),
        (c("shot_down") * part).cast(pl.Int64).alias("shot_down"), pl.lit(None, pl.Utf8).alias("type"),
        pl.lit(None, pl.Utf8).alias("model"), pl.lit("regional").alias("source_kind"),
        pl.Series("source", np.array(REGIONAL)[rng.integers(0, len(REGIONAL), regional.height)]))
    table = pl.concat([record, regional.select(record.columns)]).with_row_index("n").with_columns(
        _report_id("t", c("n")), pl.lit(None, pl.Utf8).alias("language"))
    table = table.with_columns(_published(rng, table["attack_date"], 0, 4))
    exact = {f"q_{m}": pl.when(c(m).is_not_null()).then(pl.lit("exact")) for m in ("launched", "shot_down")}
    classes = table.with_columns(
        pl.lit("class").alias("row_kind"), (c("report_id") + "-s0").alias("claim_id"),
        c("shot_down").alias("neutralized"), pl.lit(None, pl.Int64).alias("suppressed"), **exact,
        q_neutralized=exact["q_shot_down"], q_suppressed=pl.lit(None, pl.Utf8))
    type_rows = classes.filter(c("type").is_not_null()).with_columns(pl.lit("type").alias("row_kind"))
    claims = pl.concat([classes.with_columns(pl.lit(None, pl.Utf8).alias("type"), pl.lit(None, pl.Utf8).alias("model")),
                        type_rows]).sort("n", "row_kind")
    return table.select(_REPORT_COLUMNS), claims.select(CLAIM_COLUMNS)


_REPORT_COLUMNS = ["report_id", "attack_date", "attacker", "source", "source_kind", "language", "published"]


def _official_posts(rng: np.random.Generator, events: pl.DataFrame, types: pl.DataFrame):
    """One or two official posts per attack night (the morning post, sometimes an update), every class."""
    nights = events.select("attack_date", "attacker").unique(maintain_order=True)
    posts = nights.with_columns(pl.Series("posts", 1 + (rng.random(nights.height) < 0.4).astype(np.int64)))
    posts = posts.with_columns(pl.int_ranges(0, "posts").alias("post")).explode("post").with_row_index("n")
    source, language = _picks(rng, OFFICIAL, posts.height)
    posts = posts.with_columns(_report_id("o", c("n")), source, language, pl.lit("official").alias("source_kind"),
                               _published(rng, posts["attack_date"], 0, 3))
    posts = posts.with_columns(c("published") + pl.duration(hours=c("post") * 5)).select(_REPORT_COLUMNS)
    return posts, _stated(rng, posts, events, types, exact_share=0.97, typed_share=0.8)


def _press(rng: np.random.Generator, events: pl.DataFrame, types: pl.DataFrame, first: int, count: int):
    """`count` press retellings, each about one attack night (larger attacks are retold more often)."""
    nights = events.group_by("attack_date", "attacker", maintain_order=True).agg(c("launched").sum())
    weight = np.sqrt(nights["launched"].to_numpy().astype(float))
    chosen = nights.select(pl.all().gather(rng.choice(nights.height, count, p=weight / weight.sum())))
    source, language = _picks(rng, PRESS, count)
    reports = chosen.with_columns(
        _report_id("p", pl.int_range(first, first + count)), source, language, pl.lit("press").alias("source_kind"),
        _published(rng, chosen["attack_date"], 2, 30)).select(_REPORT_COLUMNS)
    return reports, _stated(rng, reports, events, types, exact_share=0.7, typed_share=0.35, keep=0.75)


def _stated(rng, reports: pl.DataFrame, events: pl.DataFrame, types: pl.DataFrame, exact_share: float,
            typed_share: float, keep: float = 1.0) -> pl.DataFrame:
    """The claims of official posts or press reports: classes of their night, exact, "about" or misprinted;
    from 2025 some give one combined "shot down or jammed" figure, as the Air Force does."""
    pairs = reports.join(events, on=["attack_date", "attacker"], how="inner", maintain_order="left")
    pairs = pairs.filter(pl.Series(rng.random(pairs.height) < keep))
    n = pairs.height
    exact = rng.random(n) < exact_share
    noise = np.where(exact, 1.0, rng.uniform(0.9, 1.1, n))
    misprint = np.where(rng.random(n) < 0.02, rng.integers(1, 10, n), 0)
    launched = np.maximum(1, np.rint(pairs["launched"].to_numpy() * noise).astype(np.int64) + misprint)
    shot = np.minimum(np.rint(pairs["shot_down"].to_numpy().astype(float) * noise), launched)
    jammed = np.minimum(pairs["suppressed"].to_numpy(), launched - np.nan_to_num(shot)).astype(np.int64)
    stated = pl.Series(np.isfinite(shot))
    combined = stated & pl.Series(rng.random(n) < 0.3) & (pairs["attack_date"] >= date(2025, 1, 1))
    shot_n, jam_n = pl.Series(np.nan_to_num(shot).astype(np.int64)), pl.Series(jammed)
    q = pl.Series(np.where(exact, "exact", "approx"))
    classes = pairs.with_columns(
        pl.int_range(pl.len()).over("report_id").alias("k"), pl.lit("class").alias("row_kind"),
        pl.lit(None, pl.Utf8).alias("type"), pl.lit(None, pl.Utf8).alias("model"), pl.Series("launched", launched),
        pl.when(stated & ~combined).then(shot_n).alias("shot_down"),
        pl.when(stated & ~combined & (c("weapon") == "drone")).then(jam_n).alias("suppressed"),
        pl.when(combined).then(shot_n + jam_n).alias("neutralized"))
    classes = classes.with_columns(
        (c("report_id") + "-s" + c("k").cast(pl.Utf8)).alias("claim_id"),
        c("neutralized").clip(upper_bound=c("launched")),
        **{f"q_{m}": pl.when(c(m).is_not_null()).then(q) for m in ("launched", "shot_down", "suppressed", "neutralized")})
    typed = classes.filter(pl.Series(rng.random(classes.height) < typed_share))
    type_rows = typed.drop("type", "model", "launched", "shot_down").join(
        types, on=KEYS, how="inner", maintain_order="left").with_columns(
        pl.lit("type").alias("row_kind"), pl.lit(None, pl.Int64).alias("suppressed"),
        pl.lit(None, pl.Int64).alias("neutralized"), pl.lit("exact").alias("q_launched"),
        pl.lit("exact").alias("q_shot_down"), pl.lit(None, pl.Utf8).alias("q_suppressed"),
        pl.lit(None, pl.Utf8).alias("q_neutralized"))
    out = pl.concat([classes, type_rows.select(classes.columns)])
    return out.sort("report_id", "k", "row_kind", "type", "model", maintain_order=True).select(CLAIM_COLUMNS)


def _with_periods(rng: np.random.Generator, claims: pl.DataFrame) -> pl.DataFrame:
    """One class claim in a hundred becomes a month aggregate; evidence and figure spans are added."""
    month = pl.Series(rng.random(claims.height) < 0.01) & (c("row_kind") == "class")
    return claims.with_columns(
        pl.when(month).then(c("attack_date").dt.month_start()).alias("period_start"),
        pl.when(month).then(c("attack_date").dt.month_end()).alias("period_end"),
        pl.when(month).then(None).otherwise(c("attack_date")).alias("attack_date"),
        pl.lit("[[0, 160]]").alias("evidence"), pl.lit('{"launched": [[0, 160]]}').alias("figure_spans"),
        pl.lit(None, pl.Utf8).alias("fallbacks"))


def _report_table(reports: pl.DataFrame, claims: pl.DataFrame, undated: pl.Series) -> pl.DataFrame:
    """The reports, each with a text that states its figures."""
    said = claims.filter(c("row_kind") == "class").group_by("report_id", maintain_order=True).agg(
        pl.format("{} {}s launched, {} shot down", c("launched"), c("weapon"), c("shot_down").fill_null(0))
        .str.join("; ").alias("said"))
    return reports.join(said, on="report_id", how="left", maintain_order="left").with_columns(
        pl.format("synthetic/{}/{}.md", c("source").str.replace_all(" ", "-"), c("report_id")).alias("path"),
        pl.lit("synthetic").alias("origin"), pl.lit(None, pl.Utf8).alias("item"),
        pl.when(c("source_kind") == "official").then(pl.format("https://example.org/{}", c("report_id"))).alias("url"),
        pl.when(c("report_id").is_in(undated.implode())).then(None).otherwise(c("published")).alias("published"),
        pl.format("Attack overnight into {}", c("attack_date")).alias("title"),
        pl.format("Overnight into {} the {} attacked: {}.{}", c("attack_date"), c("attacker"),
                  c("said").fill_null("no figures given"), pl.lit(FILLER)).alias("text"),
        c("report_id").alias("content_hash"), pl.lit(SEEN).alias("first_seen"), pl.lit(SEEN).alias("last_seen"),
        pl.lit(None, pl.Datetime("us", "UTC")).alias("withdrawn"),
    ).with_columns(c("published").dt.convert_time_zone("Europe/Kyiv").dt.date().alias("published_date"))


def _outages(rng: np.random.Generator, reports: pl.DataFrame) -> pl.DataFrame:
    """Regions that lost power, heating or water, named by about one official or press report in twelve."""
    named = reports.filter(c("source_kind").is_in(["official", "press"])
                           & pl.Series(rng.random(reports.height) < 0.08))
    n = named.height
    extents, kinds = np.array(["full", "partial", ""]), np.array(["power", "heating", "water", ""])
    return named.with_columns(
        pl.format("{}-o0", c("report_id")).alias("claim_id"), c("attack_date").alias("date"),
        pl.Series("region", np.array(REGIONS)[rng.integers(0, len(REGIONS), n)]),
        pl.Series("extent", extents[rng.integers(0, 3, n)]).replace("", None),
        pl.Series("kind", kinds[rng.choice(4, n, p=[0.6, 0.2, 0.15, 0.05])]).replace("", None),
        pl.lit("[[0, 60]]").alias("evidence"), pl.lit(None, pl.Utf8).alias("region_from"))


def _runs(read: int) -> pl.DataFrame:
    """One refresh run that read every report."""
    return pl.DataFrame([{"run_id": "synthetic", "started": SEEN, "finished": SEEN.replace(minute=5), "read": read,
                          "new": read, "changed": 0, "unchanged": 0, "withdrawn": 0, "failed": 0,
                          "code_version": "synthetic", "sources": '["synthetic"]'}],
                        schema=polars_schema(TABLES["refresh_runs"]), orient="row")
