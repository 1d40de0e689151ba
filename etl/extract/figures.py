"""Units -> figures: a count of weapons with its class, type, measure, qualifier and attacker.

A figure is a number followed by a weapon phrase ("94 missiles", "56 Kh-101 cruise missiles",
"81 of the missiles"), or a number that refers back to weapons already named ("47 of them",
"35 weitere", "Von den Drohnen seien 35 abgeschossen"). Its measure comes from
etl.extract.measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from etl.extract.measures import Clauses, has_own_predicate, is_rate, measure_of_span, relative_clause_after
from etl.extract.phrases import Phrase, resolve, weapon_phrase, weaponish
from etl.extract.view import Number, UnitView

__all__ = ["Figure", "unit_figures", "weapon_mentions"]


@dataclass
class Figure:
    """One stated count of weapons."""

    value: int | None  # None when the number cannot be a count (see `doubt`)
    qualifier: str
    measure: str
    weapon: str | None
    type: str | None
    model: str | None
    attacker: str | None
    unit: int  # index of the unit in the report
    span: tuple[int, int]  # characters of the number and its weapon phrase
    total: bool = False  # introduced by "a total of", "insgesamt", "загалом"
    extras: dict = field(default_factory=dict)
    doubt: str | None = None  # why the number is not a count of weapons ("it is negative")

    @property
    def specific(self) -> bool:
        """True when the figure is about one weapon type (a type row), not the whole class."""
        return self.type is not None and not (self.type == "attack_drone" and self.model is None)


@dataclass
class _Found:
    num: Number
    phrase: Phrase


def unit_figures(view: UnitView, context: dict) -> list[Figure]:
    """The figures of one unit. `context` carries the previous unit's weapon and the header's measure."""
    found: list[_Found] = []
    for num in view.numbers:
        if _ratio(view, num):
            continue
        phrase = _phrase_at(view, num, context, found)
        if phrase is not None:
            found.append(_Found(num, phrase))
    clauses = Clauses(view)
    header = context.get("header_measure")
    figures: list[Figure] = []
    for group in _coordinated(view, found):
        shared = measure_of_span(clauses, group[0].num.start, group[-1].phrase.end, header, view.unit.item)
        one_clause = clauses.bounds(group[0].num.start, group[0].phrase.end) == clauses.bounds(
            group[-1].num.start, group[-1].phrase.end)
        for f in group:
            own = shared
            if len(group) > 1 and (not one_clause and has_own_predicate(clauses, f.num.start, f.phrase.end)
                                   or _predicate_follows(view, f.phrase.end)):  # "... and 20 more were jammed"
                own = measure_of_span(clauses, f.num.start, f.phrase.end, header, view.unit.item)
            own = _own_measure(view, f, own)
            if own == "none" or is_rate(clauses, f.num.start, f.phrase.end) or _hypothetical(view, clauses, f):
                continue
            fig = _figure(view, f, own, context.get("unit_index", 0))
            fig.extras["refers"] = f.phrase.refers
            fig.extras["complement"] = _after(view, f.num.start, "all_but")
            fig.extras["further"] = _further(view, f.num, {x.num.start for x in found})
            figures.append(fig)
            extra = relative_clause_after(clauses, f.phrase.end)
            if extra and extra not in ("none", own):
                figures.append(replace(fig, measure=extra, extras={"relative": True}))
    return figures


def _hypothetical(view: UnitView, clauses: Clauses, f: _Found) -> bool:
    """True when the clause says what could or may happen ("capable of launching 1,000 drones")."""
    lo, _ = clauses.bounds(f.num.start, f.phrase.end)
    return any(m.has("hypothetical") and lo <= m.start < f.num.start for m in view.matches)


def _ratio(view: UnitView, num: Number) -> bool:
    """"three in four missiles": both numbers make a ratio, not counts."""
    before = view.match_covering(num.start - 1)
    if before is not None and before.end == num.start and before.has("ratio"):
        return any(n.end == before.start for n in view.numbers)
    after = view.match_at(num.end)
    return after is not None and after.has("ratio") and view.number_at(after.end) is not None


def _own_measure(view: UnitView, f: _Found, clause_measure: str) -> str:
    """A base count ("of the 63 drones", "з 12 дронів") is what was launched; a participle in the
    phrase ("29 abgefangene Raketen") says its own measure; else the clause's."""
    if f.phrase.measure and not (clause_measure == "none" and f.num.weak):
        return f.phrase.measure  # "29 abgefangene Raketen", but "Trümmer einer abgeschossenen Drohne" is none
    if _base_before(view, f.num.start):
        return "launched"
    return clause_measure


def _base_before(view: UnitView, i: int) -> bool:
    """"of the 63 drones", "von den 93 Drohnen"; a one-word marker only opening a clause ("З 27 дронів")."""
    m = view.match_covering(i - 1)
    if m is None or m.end != i or not (m.has("base") or m.has("partitive")):
        return False
    if any(n.end == m.start for n in view.numbers):
        return True  # "9 з 12 дронів", "5 of 6 drones": the second number is the whole
    return m.has("base") and (m.end - m.start > 1 or m.start == 0 or view.tokens[m.start - 1].kind == "punct")


def _further(view: UnitView, num: Number, figure_starts: set[int]) -> bool:
    """True for a count of further weapons ("a further six", "35 weitere", "ще 9"): it adds to the figure
    before it, unless a number that is no figure stands between ("зокрема 23 – над ... і ще 9": a split)."""
    after = view.match_at(num.end)
    if not (_after(view, num.start, "more") or (after is not None and after.has("more"))):
        return False
    before = [n for n in view.numbers if n.start < num.start]
    return not before or before[-1].start in figure_starts


def _after(view: UnitView, i: int, kind: str) -> bool:
    """True when a phrase of this kind ends right before token i."""
    m = view.match_covering(i - 1)
    return m is not None and m.end == i and m.has(kind)


def _phrase_at(view: UnitView, num: Number, context: dict, found: list[_Found]) -> Phrase | None:
    """The weapon phrase of a number, or the weapons it refers back to."""
    after = num.end
    if after < len(view.tokens) and view.tokens[after].norm == "%":
        return None
    phrase = weapon_phrase(view, after, num.weak)
    if phrase is not None:
        return phrase
    weapon = _referred_weapon(view, num, context, found, strict=num.weak)
    if weapon is None:
        return None
    referred = next((f for f in reversed(found) if f.phrase.weapon == weapon), None)
    phrase = Phrase(end=_referring_end(view, num), weapon=weapon,
                    attacker=referred.phrase.attacker if referred else None, refers=True)
    if referred is not None and _base_before(view, referred.num.start):
        phrase.type, phrase.model = referred.phrase.type, referred.phrase.model  # "Of the 58 Iskander-M ..., 21"
    return phrase


def _coordinated(view: UnitView, found: list[_Found]) -> list[list[_Found]]:
    """Figures listed together ("94 missiles and 193 drones", "7 Kh-101, 6 Kalibr") share a predicate."""
    groups: list[list[_Found]] = []
    for f in found:
        if groups and _only_joiners(view, groups[-1][-1].phrase.end, f.num.start):
            groups[-1].append(f)
        else:
            groups.append([f])
    return groups


def _only_joiners(view: UnitView, start: int, end: int) -> bool:
    if start > end:
        return False  # "5 of 6 drones": the second number is inside the first one's phrase
    k = start
    while k < end:
        m = view.match_at(k)
        if m is not None and (m.has("conjunctions") or m.has("qual") or m.has("more") or m.has("determiners")):
            k = m.end
        elif view.tokens[k].norm == ",":
            k = _aside_end(view, k, end) + 1
        else:
            return False
    return True


def _aside_end(view: UnitView, k: int, end: int) -> int:
    """The comma closing an aside that opens at comma k ("three of the missiles, all of them Kh-59s, and 41
    of the drones"): one without a number or a predicate, closed before `end`; else k itself."""
    for j in range(k + 1, end):
        if view.tokens[j].norm == ",":
            return j
        m = view.match_at(j)
        if view.number_at(j) is not None or (m is not None and m.has("measure")):
            return k
    return k


def _figure(view: UnitView, f: _Found, measure: str, unit_index: int) -> Figure:
    toks = view.tokens
    qual, qual_start = _qualifier(view, f.num.start)
    first = qual_start if qual_start is not None else f.num.start
    return Figure(
        value=f.num.value,
        qualifier=qual,
        measure=measure,
        weapon=f.phrase.weapon,
        type=f.phrase.type,
        model=f.phrase.model,
        attacker=f.phrase.attacker,
        unit=unit_index,
        span=(toks[first].start, toks[max(f.phrase.end, f.num.end) - 1].end),
        total=_is_total(view, first),
        doubt=f.num.doubt,
    )


def _referred_weapon(view: UnitView, num: Number, context: dict, found: list[_Found],
                     strict: bool = False) -> str | None:
    """The weapon class a bare number refers back to, if it does.

    A bare number counts when it is tied to weapons already named: "47 of them", "35 weitere",
    "weitere 62 seien ...", "Von den Drohnen seien 35 abgeschossen", "shot down 60,". A word
    like "both" or "keine" counts only with "of them" or a predicate ("обидві збиті").
    """
    toks = view.tokens
    j = num.end
    nxt = view.match_at(j)
    prev = view.match_covering(num.start - 1)
    # "47 of them"; "у кількості 273 одиниці" (a count of the weapons just named); "Davon seien 88 ..."
    refers_back = (nxt is not None and nxt.has("anaphora")) or (
        prev is not None and prev.end == num.start and prev.has("quantity")) or (
        _fronted_anaphora(view, num.start) and _predicate_in_clause(view, j))
    if nxt is not None and nxt.has("more"):  # "35 weitere seien ...", "47 weitere hätten ... nicht erreicht"
        elided = _predicate_in_clause(view, nxt.end)
    else:  # "weitere 62 seien ...", "ще 21 – над ...", "59 drones ... and a further six over the sea"
        elided = prev is not None and prev.has("more") and (
            _predicate_in_clause(view, j) or j >= len(toks) or toks[j].kind == "punct"
            or (bool(found) and (prev.has("conjunctions") or _joined_before(view, prev.start))))
    after_predicate = (
        prev is not None and prev.end == num.start and prev.has("measure")
        and (j >= len(toks) or toks[j].kind == "punct" or (nxt is not None and nxt.has("conjunctions")))
    )
    refers_back = refers_back or _counted(view, num.start)
    # "15 abgeschossen, zwei seien durch Störung abgelenkt worden": the subject of its own clause's predicate
    clause_subject = (_opens_clause(view, num.start) and nxt is not None and nxt.has("aux")
                      and _predicate_in_clause(view, j))
    # "Von den Drohnen holte die Flugabwehr 101 vom Himmel": the weapons of a partitive opening the sentence
    start = _clause_start(view, num.start)
    fronted = (_fronted_partitive(view, num.start, view.dateline_end()) and _predicate_in_clause(view, start)) or (
        # "..., von den Drohnen 474": a clause that opens with its weapons and gaps the predicate before it
        start > view.dateline_end() and _fronted_partitive(view, num.start, start, weapon_first=False)
        and any(m.has("measure") and m.end <= start for m in view.matches))
    if strict:
        elided = after_predicate = clause_subject = fronted = False
    if not (refers_back or elided or after_predicate or clause_subject or fronted
            or _predicate_follows(view, j, skip_words=0 if strict else 1)):
        return None
    weapon = _last_weapon(view, num.start)
    if weapon is None and found:
        weapon = found[-1].phrase.weapon
    if weapon is None and (refers_back or _last_weapon(view, len(toks)) is None):
        weapon = context.get("last_weapon")
    return weapon


def _joined_before(view: UnitView, i: int) -> bool:
    """True when a conjunction stands before token i, one short word ("a", "the") at most between."""
    for k in (i - 1, i - 2):
        m = view.match_covering(k)
        if m is not None and m.end == k + 1 and m.has("conjunctions"):
            return True
        if k < 0 or view.tokens[k].kind != "word" or len(view.tokens[k].text) > 3:
            return False
    return False


def _clause_start(view: UnitView, i: int) -> int:
    """The first token of the clause that token i is in (clauses end at commas and semicolons)."""
    while i > 0 and view.tokens[i - 1].norm not in (",", ";"):
        i -= 1
    return i


def _opens_clause(view: UnitView, i: int) -> bool:
    """True when token i opens a clause: the sentence, or what follows a comma or a semicolon."""
    return i == view.dateline_end() or i > 0 and view.tokens[i - 1].norm in (",", ";")


def _counted(view: UnitView, i: int) -> bool:
    """True when token i is the figure of "the number of <weapons>" said before it, with no number between
    ("bezifferte die Zahl der eingesetzten Drohnen auf 689", "the number of drones rose to 689"), not
    "... um 13 Prozent gestiegen"."""
    num = view.number_at(i)
    if num is None or not _bare(view, num.end):
        return False
    for m in view.matches:
        if m.start >= i:
            return False
        if not m.has("count_nouns"):
            continue
        k = m.end
        while k < i and k < m.end + 3:  # "der eingesetzten Drohnen": a participle or a word before the weapon
            head = view.match_at(k)
            if head is not None and weaponish(head):
                return not any(m.end <= n.start < i for n in view.numbers)
            k = head.end if head is not None else k + 1
    return False


def _bare(view: UnitView, j: int) -> bool:
    """True when nothing that could be a counted noun follows a number ending before token j ("... 4 600 –
    переважно", "101 vom Himmel"), unlike "12 buildings" or "12 Häuser"."""
    if j >= len(view.tokens):
        return True
    tok = view.tokens[j]
    if tok.kind == "punct":
        return tok.norm != "%"
    m = view.match_at(j)
    if m is not None:
        return not (m.has("noncount") or m.has("platform") or weaponish(m))  # "six MiG-31K jets" count jets
    return tok.text.islower() and len(tok.text) <= 3  # a particle or preposition ("vom", "over", "на")


def _fronted_anaphora(view: UnitView, i: int) -> bool:
    """True when the sentence opens with "of them" ("Davon seien 88 abgeschossen worden") and no number
    stands between it and token i."""
    k = view.dateline_end()
    m = view.match_at(k)
    if m is None or not m.has("anaphora") or m.end > i:
        return False
    return not any(m.end <= n.start < i for n in view.numbers)


def _fronted_partitive(view: UnitView, i: int, k: int, weapon_first: bool = True) -> bool:
    """True when the sentence (or clause) starting at token k opens with "of the <weapons>" ("Von den
    Drohnen ...", "З дронів ...") or with the weapons themselves ("Керованих авіабомб окупанти скинули ...
    близько 4 600"), token i is a bare number and no number stands between."""
    m = view.match_at(k)
    if m is None or not _bare(view, view.number_at(i).end if view.number_at(i) else i + 1):
        return False
    if weapon_first and weaponish(m) and not (m.has("partitive") or m.has("base")):
        return m.end <= i and not any(k <= n.start < i for n in view.numbers)
    if not (m.has("partitive") or m.has("base")) or view.number_at(m.end) is not None:
        return False
    head = view.match_at(m.end)
    if head is None or not weaponish(head) or head.end > i:
        return False
    return not any(head.end <= n.start < i for n in view.numbers)


def _predicate_in_clause(view: UnitView, j: int) -> bool:
    """True when a measure word follows token j before the clause ends ("... nicht erreicht")."""
    k = j
    while k < len(view.tokens) and view.tokens[k].norm not in (",", ";", ".") and view.number_at(k) is None:
        m = view.match_at(k)
        if m is not None and m.has("measure"):
            return True
        k = m.end if m is not None else k + 1
    return False


def _predicate_follows(view: UnitView, j: int, skip_words: int = 0) -> bool:
    """True when a predicate comes right after a number ("35 abgeschossen", "1 – залишив", "26 were downed").

    Auxiliaries, quotes and dashes are skipped, and up to `skip_words` unknown words ("gingen"),
    but not a counting unit ("15 разів обстріляв" counts shellings, not weapons).
    """
    k, skipped = j, 0
    toks = view.tokens
    unit = view.match_at(j)
    if unit is not None and unit.has("noncount"):
        return False
    while k < len(toks) and k < j + 6:
        m = view.match_at(k)
        if m is not None:
            if m.has("measure"):
                return True
            if not (m.has("aux") or m.has("more")):
                return False
            k = m.end
        elif toks[k].kind == "punct" and toks[k].norm in "–—" and _closing_dash(toks, k) is not None:
            k = _closing_dash(toks, k) + 1  # "one – the Kh-59 – was shot down"
        elif toks[k].kind == "punct" and toks[k].norm in "–-—\"'«»„“”":
            k += 1
        elif toks[k].kind == "word" and skipped < skip_words:
            k, skipped = k + 1, skipped + 1
        else:
            return False
    return False


def _closing_dash(toks, k: int) -> int | None:
    """The dash that closes a short parenthesis opened at token k, if any."""
    for j in range(k + 1, min(len(toks), k + 6)):
        if toks[j].norm == toks[k].norm:
            return j
    return None


def _referring_end(view: UnitView, num: Number) -> int:
    nxt = view.match_at(num.end)
    if nxt is not None and (nxt.has("anaphora") or nxt.has("more") or nxt.has("units")):
        return nxt.end
    return num.end


def _last_weapon(view: UnitView, before: int) -> str | None:
    """The class of the last weapon named in the unit before token `before`."""
    for m in reversed(view.matches):
        if m.end <= before and weaponish(m):
            weapon = resolve(m.end, [m]).weapon
            if weapon:
                return weapon
    return None


def weapon_mentions(view: UnitView) -> str | None:
    """The class of the last weapon named anywhere in the unit (for the next unit's "of them")."""
    return _last_weapon(view, len(view.tokens))


def _qualifier(view: UnitView, i: int) -> tuple[str, int | None]:
    """The qualifier written right before token i ("about", "mehr als", "понад")."""
    m = view.match_covering(i - 1)
    if m is not None and m.end == i and m.has("qual"):
        return m.get("qual"), m.start
    return "exact", None


def _is_total(view: UnitView, i: int) -> bool:
    return any((m := view.match_covering(k)) is not None and m.has("totals") for k in (i - 1, i - 2, i - 3))
