"""Figures -> strike claims: one row per (attack date or period, attacker, weapon class).

Within a report the same figure is often stated twice (headline and body); the more precise
statement wins and both sentences go into the evidence. Class totals never double count: a
stated class figure wins over the sum of its types, and a breakdown with no stated total sums
to the class total. A combined "shot down or suppressed" figure and a separate "locationally
lost" figure are disjoint, so the total stopped is their sum.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from etl.extract.figure import RESTATED, ROUNDING, Figure, Role
from etl.model import DEFENSIVE, MEASURES, Span, StrikeClaim, TypeRow

OUTCOMES = MEASURES[1:]  # what became of what was launched

__all__ = ["strike_claims", "pick", "not_counts"]

SAID_CHARS = 120  # the most characters of a report's words quoted in a problem
KINDS = "*kinds"  # the key of a part that names several kinds, beside the type rows: no type row of its own


def pick(figures: list[Figure]) -> Figure:
    """The figure to keep among several for one measure: a correction's, then exact, then not said in tens or
    dozens ("шість десятків" in a headline over the body's 59), then marked as a total, then largest (the last
    correction when there are several)."""
    return max(enumerate(figures), key=lambda nf: (nf[1].revision, nf[1].qualifier == "exact", not nf[1].rounded,
                                                   nf[1].total, nf[1].value, nf[0]))[1]


def strike_claims(figures: list[Figure]) -> tuple[list[StrikeClaim], list[str]]:
    """The strike claims of one report's dated figures, and the contradictions found while building them.

    Figures that cannot be counts (see `not_counts`) and regional parts of a national count are left out."""
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for fig in figures:
        if fig.weapon is None or fig.attacker is None or fig.doubt is not None or fig.role is Role.REGIONAL:
            continue
        groups[(fig.when.key, fig.attacker, fig.weapon)].append(fig)
    claims, problems = [], []
    for key, members in groups.items():
        members = _hits_as_launched(members)
        if not members:
            continue  # only hits: no claim (decision 9)
        claim, issues = _claim(members[0].when, key[1], key[2], members)
        claims.append(claim)
        problems.extend(issues)
    claims.sort(key=_order)
    return claims, problems


def not_counts(text: str, figures: list[Figure]) -> list[str]:
    """A problem for each figure whose number cannot be a count of weapons, quoting the words that state it."""
    problems: list[str] = []
    for fig in figures:
        if fig.doubt is None:
            continue
        said = text[fig.span[0] : fig.span[1]]
        if len(said) > SAID_CHARS:
            said = said[: SAID_CHARS // 2] + "…" + said[-(SAID_CHARS // 2) :]
        problem = f"{said!r} is not a count of weapons ({fig.doubt}); it was left out: check the figure in the report"
        if problem not in problems:
            problems.append(problem)
    return problems


def _order(c: StrikeClaim):
    day = c.attack_date or c.period_start or c.period_end
    return (c.is_aggregate, day.isoformat() if day else "", c.attacker, c.weapon)


def _claim(when, attacker: str, weapon: str, members: list[Figure]) -> tuple[StrikeClaim, list[str]]:
    figures = members
    complements = [f for f in figures if f.role is Role.COMPLEMENT]
    generic: dict[str, list[Figure]] = defaultdict(list)
    typed: dict[tuple, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for fig in figures:
        if fig.role is Role.COMPLEMENT:
            continue
        if fig.kinds and any(f.specific and f.measure == fig.measure and f.unit == fig.unit and not (f.included or f.refers)
                             for f in figures):
            # "понад 10 ракет Х-22, не менше 15 ракет «Циркон» та «Іскандер»": a part beside the type, not the total
            typed[(KINDS, fig.span)][fig.measure].append(fig)
        elif fig.specific:
            typed[(fig.type, fig.model)][fig.measure].append(fig)
        else:
            generic[fig.measure].append(fig)
    _merge_unnamed_types(typed)
    claim = StrikeClaim(
        attacker=attacker,
        weapon=weapon,
        attack_date=None if when.period else when.day,
        period_start=when.start if when.period else None,
        period_end=when.end if when.period else None,
        evidence=sorted({Span(*fig.unit_span) for fig in members}),
    )
    claim.types = [
        TypeRow(t, m, **{measure: pick(figs).value for measure, figs in by_measure.items()})
        for (t, m), by_measure in typed.items() if t != KINDS
    ]
    problems: list[str] = []
    for measure in MEASURES:
        problems += _class_figure(claim, measure, generic[measure], typed)
        if measure == "launched":
            problems += _resolve_complements(claim, complements, generic)
    within = bool(generic["suppressed"]) and all(f.included for f in generic["suppressed"])  # "Davon seien neun ..."
    _derive_neutralized(claim, combined=bool(generic["neutralized"]) or any(b.get("neutralized") for b in typed.values()),
                        within=within)
    _single_type(claim)
    return claim, problems


def _class_figure(claim: StrikeClaim, measure: str, stated: list[Figure], typed) -> list[str]:
    """Set one class figure: stated for the class, else the sum of its types (never less than that sum)."""
    typed_figures = [f for by in typed.values() for f in by.get(measure, [])]
    stated = _with_further(stated, typed_figures)
    listed = _list_items(stated, typed_figures)
    if listed:
        _set(claim, measure, sum(f.value for f in listed),
             "exact" if all(f.qualifier == "exact" for f in listed) else "approx", listed)
        return []
    parts = [pick(by[measure]) for by in typed.values() if by.get(measure)]
    part_sum = sum(p.value for p in parts)
    parts_exact = bool(parts) and all(p.qualifier == "exact" for p in parts)
    if stated:
        chosen = pick(stated)
        if parts_exact and not _partial_breakdown(claim, measure, typed) and _rounds(chosen, part_sum):
            _set(claim, measure, part_sum, "exact", parts)  # "more than two dozen drones" beside "28 Shahed drones"
            return []
        if chosen.qualifier == "exact" and parts_exact and part_sum > chosen.value:
            _set(claim, measure, part_sum, "exact", parts)  # "two missiles crossed ..." is not the total
            return _breakdown_exceeds(claim, measure, typed, chosen)
        _set(claim, measure, chosen.value, chosen.qualifier, [chosen])
    elif (parts and not _partial_breakdown(claim, measure, typed) and not _launches_untold(measure, typed)
          and not (measure == "launched" and all(p.included or p.refers for p in parts))):
        # not "Понад 100 із них становили «Шахеди»": launches of one type, a part of a total not said
        _set(claim, measure, part_sum, "exact" if parts_exact else "approx", parts)
    return []


def _rounds(stated: Figure, exact: int) -> bool:
    """True when a class's approximate figure says what its types' exact sum says more precisely: "more than two
    dozen" of 28, "about 40" of 38, "up to 30" of 27 (spec: the more precise statement wins)."""
    if stated.qualifier == "at_least":
        return stated.value < exact
    if stated.qualifier == "at_most":
        return exact <= stated.value
    return stated.qualifier == "approx" and abs(stated.value - exact) <= ROUNDING * exact


def _list_items(stated: list[Figure], typed: list[Figure]) -> list[Figure]:
    """The figures of a class when they are all items of one list ("противник атакував:" then "– 2 ракетами
    «Циркон»", "– 154 ударними БпЛА та дронами-імітаторами", "– 2 розвідувальними БпЛА"): each item is a part,
    and the class's figure is their sum; else empty."""
    members = [*stated, *typed]
    lists = {f.list_header for f in members}
    if len(members) < 2 or len(lists) != 1 or None in lists or any(f.total for f in members):
        return []
    return members


def _launches_untold(measure: str, typed) -> bool:
    """True when a type the report counts an outcome of has no launch count: the launches of the others are not
    the class's ("two Iskander-K and one Iskander-M" beside "two Kh-59 ... were destroyed" is no 3 launched)."""
    return measure == "launched" and any(not by.get("launched") and any(by.get(m) for m in OUTCOMES)
                                         for key, by in typed.items() if key[0] != KINDS)  # not "one of unknown type"


def _partial_breakdown(claim: StrikeClaim, measure: str, typed) -> bool:
    """True when the outcomes are said of a part of what was launched ("182 missiles ... of the 58 ballistic
    ones, 21 were intercepted"): not the class's. A list of what was shot down, type by type ("збито: 3 Х-59"),
    is the whole."""
    if measure == "launched" or claim.launched is None:
        return False
    stating = [by for by in typed.values() if by.get(measure)]
    if not stating or not all(by.get("launched") and pick(by[measure]).refers for by in stating):
        return False
    return sum(pick(by["launched"]).value for by in typed.values() if by.get("launched")) < claim.launched


def _with_further(figures: list[Figure], typed: list[Figure] = ()) -> list[Figure]:
    """"59 drones ... and a further six": a further count adds to the figure stated last before it; the
    sum joins the candidates (a headline's stated total still wins when it is the same or larger). With no
    class figure before it, it adds to the types counted before it in its sentence ("six Kinzhal missiles and
    12 other missiles" is 18)."""
    further = [f for f in figures if f.role is Role.FURTHER]
    if not further:
        return figures
    out = [f for f in figures if f.role is not Role.FURTHER]
    said: set[tuple] = set()  # the sentences of types and a further count seen: a quote restating one adds nothing
    for extra in sorted(further, key=lambda f: f.span):
        own_types = tuple(f.value for f in typed if f.unit == extra.unit and f.span[0] < extra.span[0])
        if own_types and (extra.value, own_types) in said:
            continue  # "SIX ... Kinzhal missiles and 12 other missiles" as a subheading and again in the body
        said.add((extra.value, own_types))
        # not a heading the body restates ("Ortung von 38 weiteren verloren" over "Weitere 38 ...")
        before = [f for f in out if f.span[0] < extra.span[0] and f.date_cue.kind != RESTATED]
        if not before:
            types = [f for f in typed if f.unit == extra.unit and f.span[0] < extra.span[0]]
            if types:
                value = sum(f.value for f in types) + extra.value
                exact = all(f.qualifier == "exact" for f in (*types, extra))
                out.append(replace(extra, value=value, qualifier="exact" if exact else "approx", role=Role.SUM,
                                   parts=(*types, extra)))
            else:
                out.append(extra)
            continue
        # the last count of its own, not a part of one ("two over Kursk ... and another one over Voronezh")
        anchor = max([f for f in before if not f.refers] or before, key=lambda f: f.span)
        parts = (anchor.parts or (anchor,)) + (extra,)
        qualifier = anchor.qualifier if extra.qualifier == "exact" else "approx"
        out.append(replace(anchor, value=anchor.value + extra.value, qualifier=qualifier, role=Role.SUM, parts=parts))
    return out


def _hits_as_launched(figures: list[Figure]) -> list[Figure]:
    """Hits are no figure (spec decision 9: "52 drones managed to strike"), except in a breakdown by type whose
    own launches nobody else counts ("7 of 10 cruise missiles were intercepted ... three Iskander-M hit
    Zaporizhzhia"): there the type's hits are what was launched of it, a part of the class total."""
    # a type counted as stopped too is not one whose hits are all that was launched of it ("six Kinzhals shot down"
    # beside "at least one Kinzhal had hit a Patriot system": no launch count of 1)
    launched = {(f.type, f.model) for f in figures if f.measure in ("launched", *DEFENSIVE) and f.specific}
    breakdown = any(f.measure != "hit" for f in figures)  # alone, "трьома ракетами Х-101" hit one target: no figure
    out = []
    for f in figures:
        if f.measure != "hit":
            out.append(f)
        elif breakdown and f.specific and (f.type, f.model) not in launched:
            out.append(replace(f, measure="launched"))
    return out


def _resolve_complements(claim: StrikeClaim, complements: list[Figure], generic) -> list[str]:
    """"all but four of the 32 missiles were intercepted": 28; "all but 40 of the 32" is a contradiction."""
    if claim.launched is None or claim.qualifier.get("launched") != "exact":
        return []
    problems = []
    for f in complements:
        if f.value > claim.launched:
            problems.append(f"{claim.weapon} {f.measure}: all but {f.value} of {claim.launched} launched is fewer "
                            "than none; the figure was left out: check the report")
            continue
        generic[f.measure].append(replace(f, value=claim.launched - f.value, role=Role.STATED))
    return problems


def _merge_unnamed_types(typed: dict) -> None:
    """"one ballistic missile" after "three Iskander-M ballistic missiles": the same type row."""
    for wtype, model in list(typed):
        if model is not None:
            continue
        named = [k for k in typed if k[0] == wtype and k[1] is not None]
        if len(named) == 1:
            for measure, figs in typed.pop((wtype, None)).items():
                typed[named[0]][measure].extend(figs)


def _set(claim: StrikeClaim, measure: str, value: int, qualifier: str, figures: list[Figure]) -> None:
    setattr(claim, measure, value)
    claim.qualifier[measure] = qualifier
    claim.figure_spans[measure] = [Span(*span) for f in figures for span in f.spans()]
    fallen = _fallbacks(figures)
    if fallen:
        claim.fallbacks[measure] = fallen
    else:
        claim.fallbacks.pop(measure, None)


def _fallbacks(figures: list[Figure]) -> dict[str, str]:
    """What of these figures no words of their own sentence decided: "measure", "attacker" or "date" -> the cue
    kind it fell back to (the first figure's, for a sum of several)."""
    out: dict[str, str] = {}
    for fig in (p for f in figures for p in (f.parts or (f,))):
        for name, cue in (("measure", fig.measure_cue), ("attacker", fig.attacker_cue), ("date", fig.date_cue)):
            if cue.fallback:
                out.setdefault(name, cue.kind)
    return out


def _derive_neutralized(claim: StrikeClaim, combined: bool, within: bool = False) -> None:
    """The total stopped: stated, or shot down + suppressed, or combined + separately lost (not when the lost are
    said to be part of the combined figure: "50 unschädlich gemacht. Davon seien neun ... umgeleitet worden")."""
    q = claim.qualifier
    both_exact = "exact" if q.get("shot_down") == "exact" and q.get("suppressed") == "exact" else "approx"
    if combined and claim.suppressed is not None and claim.shot_down is None and not within:
        claim.neutralized += claim.suppressed
        if q.get("neutralized") == "exact" and q.get("suppressed") != "exact":
            q["neutralized"] = "approx"
        claim.figure_spans["neutralized"] = claim.figure_spans.get("neutralized", []) + claim.figure_spans["suppressed"]
        _derived_fallbacks(claim, ("neutralized", "suppressed"))
    elif not combined and claim.shot_down is not None and claim.suppressed is not None:
        claim.neutralized = claim.shot_down + claim.suppressed
        q["neutralized"] = both_exact
        claim.figure_spans["neutralized"] = claim.figure_spans["shot_down"] + claim.figure_spans["suppressed"]
        _derived_fallbacks(claim, ("shot_down", "suppressed"))


def _derived_fallbacks(claim: StrikeClaim, measures: tuple[str, ...]) -> None:
    """The total stopped, as the sum of two figures, falls back wherever either of them does."""
    fallen = {name: kind for m in reversed(measures) for name, kind in claim.fallbacks.get(m, {}).items()}
    if fallen:
        claim.fallbacks["neutralized"] = fallen
    else:
        claim.fallbacks.pop("neutralized", None)


def _single_type(claim: StrikeClaim) -> None:
    """When every weapon of the class was of one type, the class outcomes are that type's too."""
    if len(claim.types) != 1:
        return
    row = claim.types[0]
    if row.launched is None or row.launched != claim.launched:
        return
    derived = claim.shot_down is not None and claim.suppressed is not None
    for measure in ("shot_down", "suppressed", "neutralized"):
        if measure == "neutralized" and derived:
            continue
        if getattr(row, measure) is None and claim.qualifier.get(measure) == "exact":
            setattr(row, measure, getattr(claim, measure))


def _breakdown_exceeds(claim: StrikeClaim, measure: str, typed, chosen: Figure) -> list[str]:
    parts = [pick(by[measure]) for by in typed.values() if by.get(measure)]
    if chosen.qualifier != "exact" or not parts or any(p.qualifier != "exact" for p in parts):
        return []
    total = sum(p.value for p in parts)
    if total > chosen.value:
        when = claim.attack_date or f"{claim.period_start}..{claim.period_end}"
        return [
            f"{claim.weapon} {measure} on {when}: the types add up to {total}, "
            f"more than the stated total of {chosen.value}"
        ]
    return []
