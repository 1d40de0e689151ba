"""Units -> figures: a count of weapons with its class, type, measure, qualifier and attacker.

A figure is a number followed by a weapon phrase ("94 missiles", "56 Kh-101 cruise missiles",
"81 of the missiles"), or a number that refers back to weapons already named ("47 of them",
"35 weitere", "Von den Drohnen seien 35 abgeschossen"). Its measure comes from
etl.extract.measures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from etl.extract.clauses import clause_map
from etl.extract.entirety import entirety_after
from etl.extract.figure import (
    BASE,
    DEFAULT,
    ENTIRETY,
    LISTED,
    OWN_WORDS,
    PARTICIPLE,
    PERSPECTIVE,
    PREDICATE,
    RELATIVE,
    Cue,
    Figure,
    Role,
)
from etl.extract.measures import (
    cue_of,
    defence_of,
    has_own_predicate,
    is_rate,
    launch_modifier,
    measure_of_span,
    refine,
    relative_clause_after,
)
from etl.extract.notcounts import (
    agent_of_one,
    attacks_on_one_place,
    hypothetical,
    one_attack,
    one_of_a_kind,
    ratio,
    weapons_of_attacks,
)
from etl.extract.phrases import Phrase, resolve, weapon_follows, weapon_phrase
from etl.extract.referring import (
    last_weapon,
    predicate_follows,
    referred_weapon,
    referring_end,
    whole_after_weapons,
)
from etl.extract.view import Number, UnitView
from etl.lexicon import weapon_types
from etl.model import DEFENSIVE

__all__ = ["Figure", "UnitContext", "unit_figures", "weapon_mentions"]


@dataclass(frozen=True)
class UnitContext:
    """What the units before tell the figures of this one."""

    unit_index: int = 0
    header_measure: str | None = None  # the measure of the list header above an item
    last_weapon: str | None = None  # the class named last before the unit (for "47 of them")
    same_as_before: bool = False  # the unit says the same happened ("The same goes for 40 of 109 drones")
    report_classes: frozenset[str] = frozenset()  # the weapon classes the units before named


@dataclass
class _Found:
    num: Number
    phrase: Phrase


def unit_figures(view: UnitView, context: UnitContext) -> list[Figure]:
    """The figures of one unit, each with its measure and the cue that decided it."""
    found: list[_Found] = []
    for num in view.numbers:
        if ratio(view, num):
            continue
        phrase = _phrase_at(view, num, context, found)
        if phrase is not None:
            found.append(_Found(num, phrase))
    clauses = clause_map(view)
    header = context.header_measure
    figures: list[Figure] = []
    counted = {x.num.start for x in found}
    for group in _coordinated(view, found):
        named = next((f.phrase for f in group if f.phrase.attacker), None)  # the side one member of the list names
        attributive = frozenset(k for f in group if f.phrase.measure for k in range(f.num.end, f.phrase.end)
                                ) if len(group) > 1 else frozenset()
        shared = measure_of_span(clauses, group[0].num.start, group[-1].phrase.end, header, view.unit.item,
                                 attributive)
        one_clause = clauses.bounds(group[0].num.start, group[0].phrase.end) == clauses.bounds(
            group[-1].num.start, group[-1].phrase.end)
        for f in group:
            own = shared
            if len(group) > 1 and (not one_clause and has_own_predicate(clauses, f.num.start, f.phrase.end)
                                   or predicate_follows(view, f.phrase.end, hits=False)):  # "... and 20 more were jammed"
                own = measure_of_span(clauses, f.num.start, f.phrase.end, header, view.unit.item)
            measure, cue = _own_measure(view, f, own)
            if cue.kind == DEFAULT and len(group) == 1 and (said := relative_clause_after(clauses, f.phrase.end)):
                measure, cue = said, Cue(RELATIVE)  # "von insgesamt 18 Drohnen ..., die abgeschossen worden seien"
            elif cue.kind == DEFAULT and _by_electronic_warfare(view, clauses, f):
                measure = "suppressed"  # "Weitere 38 Drohnen seien durch elektronische Störsender aus der Luft (...) geholt"
            if one_of_a_kind(view, f.num) or agent_of_one(view, f.num) or attacks_on_one_place(view, f.num, f.phrase.end):
                continue  # "one of the largest drone attacks", "einer der größten Drohnenangriffe"
            if (cue.kind == DEFAULT and _part_of_named(view, f) and not context.same_as_before
                    and not _after(view, f.num.start, "there_were")):  # not "there were 129 of these drones"
                continue  # "One of the UAVs was heading toward Moscow": a part of a count, and nothing counted of it
            if measure == "launched" and f.num.value == 1 and _part_of_named(view, f):
                continue  # "identified our energy sector as one of the key targets for its attacks": one among others
            if (cue.kind == DEFAULT and f.num.weak and len(group) == 1
                    and relative_clause_after(clauses, f.phrase.end) is None):
                continue  # an article alone with no predicate: a caption ("Eine iranische Drohne ist am Himmel")
            if f.num.weak and f.num.value == 1 and view.tagged_in("depiction", 0, f.num.start):
                continue  # "Videos, die zeigten, wie er eine russische Rakete abgeschossen haben soll": a picture
            if measure == "none" or is_rate(clauses, f.num.start, f.phrase.end) or hypothetical(view, clauses, f.num, f.phrase.end):
                continue
            described = None
            # "all of the 13 drones and 12 of the 16 missiles launched by Russia": the modifier describes the list
            tail = group[-1].phrase.end if own is shared else f.phrase.end
            described_whole = cue.kind != BASE and (launch_modifier(view, tail) or f.phrase.measure == "launched")
            defence = defence_of(clauses, f.num.start, f.phrase.end) if described_whole else None
            if defence is not None and measure == "launched":  # "destroyed 15 drones targeting Kyiv": stopped
                lo, hi = clauses.bounds(f.num.start, f.phrase.end)
                refined = refine(view, defence, lo, hi)
                if refined != "none":  # "the 35 S-300 missiles launched at Kharkiv weren't shot down": launched
                    measure, cue = refined, cue_of(view, defence, PREDICATE)
            if measure in DEFENSIVE and not f.phrase.refers and _all_of(view, f.num):
                described = "launched"  # "shot down all 17 drones", "both missiles were intercepted" (decision 4)
            fig = _named_after_dash(view, f, _figure(view, f, measure, cue, context.unit_index, counted))
            if fig.attacker is None and named is not None:  # "mit 23 russischen Kampfdrohnen und einer Rakete"
                fig = replace(fig, attacker=named.attacker, attacker_cue=Cue(PERSPECTIVE if named.perspective else LISTED))
            if not fig.type and not fig.model and _of_unknown_type(view, f.phrase.end):
                fig = replace(fig, kinds=True)  # "п'ять БпЛА невстановленого типу": a part beside the typed counts
            figures.append(fig)
            # "eight drones and three cruise missiles which were shot down": a relative clause after a list that
            # shares its verb describes every item of it
            extra, extra_cue = described or relative_clause_after(clauses, f.phrase.end) or (
                relative_clause_after(clauses, tail) if own is shared else None), RELATIVE
            if not extra and measure == "launched":
                extra, extra_cue = entirety_after(clauses, f.phrase.end), ENTIRETY  # "5 missiles, all of which ..."
            if extra and extra not in ("none", measure):
                figures.append(replace(fig, measure=extra, measure_cue=Cue(extra_cue), role=Role.DERIVED,
                                       refers=False))
    return figures


DASHES = ("—", "–", "-", ":")


def _of_unknown_type(view: UnitView, end: int) -> bool:
    """True when the words after a count's weapons say their type is not known ("невстановленого типу", "des nicht
    identifizierten Typs", "of an unidentified type")."""
    phrases = view.lang.data["text"].get("unknown_type", ())
    return end < len(view.words) and (view.phrase_at(end, phrases) is not None or (
        view.tokens[end].norm == "(" and view.phrase_at(end + 1, phrases) is not None))


def _named_after_dash(view: UnitView, f: _Found, fig: Figure) -> Figure:
    """"близько 90 з них — «шахеди»", "Близько 60 дронів — шахеди", "etwa 70 davon – Shahed": a dash then a named
    type or model of the figure's class (and nothing more in the clause) says what the counted weapons are."""
    toks, k = view.tokens, f.phrase.end
    if fig.type or fig.model or k >= len(toks) or toks[k].norm not in DASHES:
        return fig
    k += 1
    while k < len(toks) and toks[k].kind == "punct" and toks[k].norm not in (",", ";", "."):
        k += 1  # quotation marks
    m = view.match_at(k)
    if m is None or not (m.has("model") or m.has("type")):
        return fig
    end = m.end
    while end < len(toks) and toks[end].kind == "punct" and toks[end].norm not in (",", ";", "."):
        end += 1
    if end < len(toks) and toks[end].norm not in (",", ";", ".", ")"):
        return fig
    named = resolve(m.end, [m])
    if named.weapon != fig.weapon:
        return fig
    return replace(fig, type=named.type, model=named.model, refers=True)  # a part of the class: of what type


def _by_electronic_warfare(view: UnitView, clauses, f: _Found) -> bool:
    """True when the clause of a count with no predicate read says it was stopped by electronic warfare ("Weitere
    38 Drohnen seien durch elektronische Störsender aus der Luft (ohne negative Folgen) geholt worden")."""
    lo, hi = clauses.bounds(f.num.start, f.phrase.end)
    return bool(view.tagged_in("electronic_warfare", lo, hi))


def _part_of_named(view: UnitView, f: _Found) -> bool:
    """True when a figure is a part of weapons named before and names no type of its own: "one of the UAVs",
    "two of them", "одна з них", "eine davon", or stands after "including" ("в тому числі", "darunter")."""
    after = view.match_at(f.num.end)
    if _after(view, f.num.start, "inclusion"):
        return True  # "в тому числі один БПЛА, що летів на Москву", "including one heading for Moscow"
    return (f.phrase.refers and not (f.phrase.type or f.phrase.model) and after is not None
            and (after.has("partitive") or after.has("anaphora")))


def _all_of(view: UnitView, num: Number) -> bool:
    """True when a count says it is all of them: "all 17", "alle 17", "усі 17", "both", "beide", "обидві"."""
    if num.weak and num.value == 2:
        return True
    m = view.match_covering(num.start - 1)
    return m is not None and m.end == num.start and m.has("all_of")


def _own_measure(view: UnitView, f: _Found, clause_measure: tuple[str, Cue]) -> tuple[str, Cue]:
    """A base count ("of the 63 drones", "з 12 дронів") is what was launched; a participle in the
    phrase ("29 abgefangene Raketen") or a noun of hits right after the number says its own measure; else the
    clause's."""
    if _base_before(view, f.num.start):
        return "launched", Cue(BASE)  # also "39 of 55 launched missiles"
    noun = view.match_at(f.num.end)
    if noun is not None and "hit" in noun.values("measure"):
        return "hit", Cue(PARTICIPLE)  # "Зафіксовано два влучання", "zwei Treffer": it counts hits, whatever the verb
    if f.phrase.measure and not (clause_measure[0] == "none" and f.num.weak):
        return f.phrase.measure, Cue(PARTICIPLE)  # "29 abgefangene Raketen", not "Trümmer einer abgeschossenen Drohne"
    return clause_measure


def _base_before(view: UnitView, i: int) -> bool:
    """"of the 63 drones", "von den 93 Drohnen"; a one-word marker only opening a clause ("З 27 дронів")."""
    q = view.match_covering(i - 1)
    if q is not None and q.end == i and q.has("qual"):
        i = q.start  # "50 von mehr als 70 Drohnen", "з понад 70 дронів"
    m = view.match_covering(i - 1)
    if m is None or m.end != i or not (m.has("base") or m.has("partitive")):
        return False
    if any(n.end == m.start for n in view.numbers) or whole_after_weapons(view, i):
        return True  # "9 з 12 дронів", "5 of 6 drones", "41 Drohnen von 58": the second number is the whole
    num = view.number_at(i)
    if not m.has("base"):
        return False
    if not (m.end - m.start > 1 or m.start == 0 or view.tokens[m.start - 1].kind == "punct"):
        # inside a clause, a whole only with its part after it: "dass landesweit von 73 angreifenden Drohnen 67
        # abgeschossen worden seien"
        hi = clause_map(view).bounds(i)[1]
        return num is not None and any(num.start < n.start < hi for n in view.numbers)
    # a bare number after it is a whole only when a part follows: "von 24 sei die Ortung verloren gegangen" is 24
    # lost, "З 27 – 25 збито" a base
    return num is None or weapon_follows(view, num.end) or any(n.start > num.start for n in view.numbers)


def _further(view: UnitView, num: Number, figure_starts: set[int]) -> bool:
    """True for a count of further weapons ("a further six", "35 weitere", "ще 9"): it adds to the figure
    before it, unless a number that is no figure stands between ("зокрема 23 – над ... і ще 9": a split)."""
    after, own = view.match_at(num.end), view.match_at(num.start)
    if not (_after(view, num.start, "more") or any(m is not None and m.has("more") for m in (after, own))):
        return False
    before = view.numbers_in(0, num.start)
    return not before or before[-1].start in figure_starts


def _opened_by_anaphora(view: UnitView, i: int) -> bool:
    """True when the sentence opens with "of them" and the count at token i is its first ("Davon seien neun Drohnen
    ... umgeleitet worden", "Of these, nine were jammed"): a part of the count said before it, as "з них 100" is."""
    m = view.match_at(0)
    return (m is not None and m.has("anaphora") and m.has("partitive") and m.end <= i
            and not any(m.end <= n.start < i for n in view.numbers))


def _after(view: UnitView, i: int, kind: str) -> bool:
    """True when a phrase of this kind ends right before token i."""
    m = view.match_covering(i - 1)
    return m is not None and m.end == i and m.has(kind)


def _phrase_at(view: UnitView, num: Number, context: UnitContext, found: list[_Found]) -> Phrase | None:
    """The weapon phrase of a number, or the weapons it refers back to."""
    after = num.end
    if after < len(view.tokens) and view.tokens[after].norm == "%":
        return None
    if one_attack(view, num):
        return None
    phrase = weapon_phrase(view, after, num.weak) or weapons_of_attacks(view, num)
    if phrase is not None and phrase.weapon is None and phrase.refers and not num.weak:
        # "Neun der Fluggeräte", "12 of the objects": a part of the one class named before, if only one was
        named = {f.phrase.weapon for f in found if f.phrase.weapon} or {context.last_weapon} - {None}
        if len(named) == 1:
            phrase.weapon = named.pop()
    if phrase is not None and phrase.weapon is None and not phrase.refers and not found:
        # "einen ... Drohnenangriff gemeldet - und zwar 135 Flugobjekte"; not after a count of a class ("6 дронів та
        # ще один об'єкт": something else)
        before = _classes_before(view, num.start)
        if len(before) == 1 and not _classes_before(view, len(view.tokens)) - before:
            phrase.weapon = before.pop()
    if phrase is not None and phrase.weapon is not None and _contextual(view, phrase):
        named = (_classes_before(view, len(view.tokens)) or set(context.report_classes)) - {phrase.weapon}
        if len(named) == 1 and phrase.weapon not in context.report_classes:
            phrase.weapon, phrase.type, phrase.model = named.pop(), None, None  # "15 ... gestartete Flugkörper"
    if phrase is not None:
        return phrase
    weapon = _respective(view, num, found) or referred_weapon(view, num, context, [f.phrase.weapon for f in found],
                                                             strict=num.weak)
    if weapon is None:
        return None
    referred = next((f for f in reversed(found) if f.phrase.weapon == weapon), None)
    phrase = Phrase(end=referring_end(view, num), weapon=weapon,
                    attacker=referred.phrase.attacker if referred else None, refers=True)
    if referred is not None and _base_before(view, referred.num.start):
        phrase.type, phrase.model = referred.phrase.type, referred.phrase.model  # "Of the 58 Iskander-M ..., 21"
    return phrase


def _contextual(view: UnitView, phrase: Phrase) -> bool:
    """True when the phrase's head is a class word the report's other weapon words decide ("Flugkörper")."""
    return view.words[phrase.end - 1] in view.lang.data["weapons"].get("contextual", ())


def named_classes(view: UnitView) -> set[str]:
    """The weapon classes a unit names anywhere (not "any")."""
    return _classes_before(view, len(view.tokens))


def _classes_before(view: UnitView, end: int) -> set[str]:
    """The weapon classes the unit names before token end (not "any": "air targets")."""
    types = weapon_types()
    contextual = view.lang.data["weapons"].get("contextual", ())
    out: set[str] = set()
    for m in view.matches:
        if m.start >= end:
            break
        if view.words[m.end - 1] in contextual:
            continue  # "Flugkörper" names no class of its own
        out.update(c for c in m.values("class") + m.values("mention") if c != "any")
        out.update(types[t] for t in m.values("type") if t in types)
    return out


def _respective(view: UnitView, num: Number, found: list[_Found]) -> str | None:
    """"465 Drohnen und 32 Raketen, von denen 405 beziehungsweise 27 abgefangen worden seien": the bare
    numbers of a clause that says "respectively" count the weapons named before, in their order."""
    clauses = clause_map(view)
    lo, hi = clauses.bounds(num.start, num.end)
    if not any(m.has("respectively") and lo <= m.start < hi for m in view.matches):
        return None
    run = [n for n in view.numbers if lo <= n.start < hi and weapon_phrase(view, n.end) is None]
    named = [f.phrase.weapon for f in found if f.phrase.weapon and not f.phrase.refers and f.num.start < lo]
    named = [w for k, w in enumerate(named) if w not in named[:k]][-len(run):]
    if len(run) < 2 or len(named) != len(run) or num not in run:
        return None
    return named[run.index(num)]


def _coordinated(view: UnitView, found: list[_Found]) -> list[list[_Found]]:
    """Figures listed together ("94 missiles and 193 drones", "7 Kh-101, 6 Kalibr") share a predicate. The
    whole inside a part ("405 of the 465 drones and 27 of the 32 missiles") is no member of the list."""
    groups: list[list[_Found]] = []
    listed: list[_Found] | None = None  # the group the next figure may join
    for f in found:
        if listed and f.num.start < listed[-1].phrase.end:
            groups.append([f])  # "of the 465 drones": inside the part before it
        elif listed and _only_joiners(view, listed[-1].phrase.end, f.num.start):
            listed.append(f)
        else:
            listed = [f]
            groups.append(listed)
    return groups


def _only_joiners(view: UnitView, start: int, end: int) -> bool:
    if start > end:
        return False  # "5 of 6 drones": the second number is inside the first one's phrase
    k = start
    while k < end:
        m = view.match_at(k)
        if m is not None and (m.has("conjunctions") or m.has("qual") or m.has("more") or m.has("determiners")
                              or m.has("respectively")):
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


def _figure(view: UnitView, f: _Found, measure: str, cue: Cue, unit_index: int, figure_starts: set[int]) -> Figure:
    toks = view.tokens
    qual, qual_start = _qualifier(view, f.num.start)
    first = qual_start if qual_start is not None else f.num.start
    if _after(view, f.num.start, "all_but"):
        role = Role.COMPLEMENT
    elif _further(view, f.num, figure_starts):
        role = Role.FURTHER
    else:
        role = Role.STATED
    return Figure(
        value=f.num.value,
        qualifier=qual,
        measure=measure,
        measure_cue=cue,
        weapon=f.phrase.weapon,
        type=f.phrase.type,
        model=f.phrase.model,
        attacker=f.phrase.attacker,
        attacker_cue=Cue(PERSPECTIVE if f.phrase.perspective else OWN_WORDS) if f.phrase.attacker else Cue(DEFAULT),
        unit=unit_index,
        span=(toks[first].start, toks[max(f.phrase.end, f.num.end) - 1].end),
        role=role,
        refers=f.phrase.refers,
        total=_is_total(view, first),
        unit_span=view.span,
        doubt=f.num.doubt,
        kinds=f.phrase.kinds,
        included=_after(view, first, "inclusion") or _after(view, first, "anaphora") or _opened_by_anaphora(view, first),
        definite=f.num.definite,
        rounded=f.num.rounded,
    )


def weapon_mentions(view: UnitView) -> str | None:
    """The class of the last weapon named anywhere in the unit (for the next unit's "of them")."""
    return last_weapon(view, len(view.tokens))


def _qualifier(view: UnitView, i: int) -> tuple[str, int | None]:
    """The qualifier written right before token i ("about", "mehr als", "понад")."""
    m = view.match_covering(i - 1)
    if m is not None and m.end == i and m.has("qual"):
        return m.get("qual"), m.start
    return "exact", None


def _is_total(view: UnitView, i: int) -> bool:
    return any((m := view.match_covering(k)) is not None and m.has("totals") for k in (i - 1, i - 2, i - 3))
