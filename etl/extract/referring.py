"""Bare numbers that count weapons named elsewhere: "47 of them", "35 weitere", "Davon seien 88
abgeschossen worden", "у кількості 273 одиниці", "von den Drohnen 474". A number counts weapons only when
something ties it to them; the class it counts is the last weapon named before it.
"""

from __future__ import annotations

from etl.extract.clauses import clause_map
from etl.extract.daydates import year_at
from etl.extract.phrases import resolve, weapon_follows
from etl.extract.places import located_places, regions_with_index
from etl.extract.view import Number, UnitView, weaponish
from etl.lexicon import weapon_types

__all__ = ["referred_weapon", "referring_end", "last_weapon", "predicate_follows", "passive_agent_end", "whole_after_weapons"]


def referred_weapon(view: UnitView, num: Number, context, found: list[str | None],
                    strict: bool = False) -> str | None:
    """The weapon class a bare number refers back to, if it does (`found`: the classes of the unit's
    figures so far).

    A bare number counts when it is tied to weapons already named: "47 of them", "35 weitere",
    "weitere 62 seien ...", "Von den Drohnen seien 35 abgeschossen", "shot down 60,". A word
    like "both" or "keine" counts only with "of them" or a predicate ("обидві збиті").
    """
    unit = view.match_at(num.end)
    if unit is not None and unit.has("more"):
        unit = view.match_at(unit.end)  # "two other videos": the noun after "other"
    elif unit is not None and (unit.has("partitive") or unit.has("anaphora")):
        after = view.match_at(unit.end)  # "11 of these bombers": the noun after "of these", if it is no weapon
        if after is not None and (after.has("platform") or after.has("noncount")):
            unit = after
    if unit is not None and unit.has("platform"):
        return None  # "11 of these bombers had just taken off": aircraft, no weapons
    if unit is not None and unit.has("noncount") or _counts_other_noun(view, num):
        return None  # "запустила дрони з трьох напрямків", "from three directions": a count of something else
    if _totals_classes_after(view, num):
        return None  # "neutralized 120 of them: 8 missiles and 112 drones": a total of several classes
    if _shares_other_noun(view, num) or _more_of_other_noun(view, num):
        return None  # "61 Luftangriffe und 52 mit Mehrfachraketenwerfern": 52 more of those attacks
    if _year_of_month(view, num):
        return None  # "the largest since February 2022", "seit Kriegsbeginn im Februar 2022": a date
    if num.weak and num.value == 0 and unit is not None and unit.has("measure"):
        return None  # "There was no fire", "keine Abschüsse": the determiner of a verbal noun, no count of weapons
    back = _refers_back(view, num)
    if not (back or (not strict and _tied(view, num, bool(found)))
            or predicate_follows(view, num.end, skip_words=0 if strict else 1)):
        return None
    weapon = last_weapon(view, num.start)
    if weapon is None and _sums_classes_last(view, num.start):
        return None  # "Von den 550 Geschossen hätten 478 ...", "Of the 550 projectiles, 478 ...": no one class
    if weapon is None and found:
        weapon = found[-1]
    later = last_weapon(view, len(view.tokens)) if weapon is None and not back else None
    if weapon is None and (back or later is None or later == context.last_weapon and predicate_follows(view, num.end)):
        weapon = context.last_weapon  # also "Four were shot down, three more missiles did not reach ...": the same class
    return weapon


def _year_of_month(view: UnitView, num: Number) -> bool:
    """True when the number is a year right after a month's name ("February 2022", "лютого 2022")."""
    month = view.match_covering(num.start - 1)
    return month is not None and month.end == num.start and month.has("month") and year_at(view, num.start) is not None


def _refers_back(view: UnitView, num: Number) -> bool:
    """"47 of them"; "у кількості 273 одиниці"; "Davon seien 88 ..."; "die Zahl der Drohnen ... auf 689"; "seien es
    2.736 gewesen"; "Усі, крім одного, збито" (all but so many of them)."""
    nxt = view.match_at(num.end)
    prev = view.match_covering(num.start - 1)
    return ((nxt is not None and nxt.has("anaphora"))
            or (prev is not None and prev.end == num.start and (prev.has("quantity") or prev.has("all_but")))
            or (prev is not None and prev.end == num.start and prev.has("there_were") and not _raised(view, num)
                and (_bare(view, num.end) or (view.match_at(num.end) is not None and view.match_at(num.end).has("aux"))))
            or (prev is not None and prev.end == num.start and prev.has("totals") and not weapon_follows(view, num.end)
                and last_weapon(view, num.start) is not None)  # "mit Drohnenangriffen überzogen - insgesamt 145"
            or whole_after_weapons(view, num.start)
            or (_fronted_anaphora(view, num.start) and clause_map(view).predicate_ahead(num.end))
            or _counted(view, num.start))


RAISED_REACH = 5  # tokens from a bare count's comma to the next count whose noun it may share


def _raised(view: UnitView, num: Number) -> bool:
    """True when a comma and, shortly after, another count follow a bare count: the two share the noun said last
    ("waren es zehn, laut Militär elf abgefangene Drohnen"), and what the first counted is the second's to say."""
    if num.end >= len(view.tokens) or view.tokens[num.end].norm != ",":
        return False
    return any(num.end < n.start <= num.end + RAISED_REACH for n in view.numbers)


def whole_after_weapons(view: UnitView, i: int) -> bool:
    """True when the number at token i is the whole right after a count of weapons ("41 Drohnen von 58",
    "41 БпЛА із 58", "41 drones out of 58"): a base marker between the weapon word and the number."""
    base = view.match_covering(i - 1)
    if base is None or base.end != i or not (base.has("base") or base.has("partitive")) or base.start == 0:
        return False
    num = view.number_at(i)
    if num is None or (num.end < len(view.tokens) and view.month_at(num.end) is not None):
        return False  # "20 дронів з 12 березня": a date
    before = view.match_covering(base.start - 1)
    return before is not None and before.end == base.start and weaponish(before)


def _tied(view: UnitView, num: Number, after_figures: bool) -> bool:
    """True when a bare number is tied to weapons by its clause: an elided noun ("35 weitere seien ...",
    "and a further six"), a predicate right before it ("shot down 60,"), its own clause's predicate
    ("..., zwei seien ... abgelenkt worden"), or weapons opening the sentence or clause."""
    toks, j = view.tokens, num.end
    nxt = view.match_at(j)
    prev = view.match_covering(num.start - 1)
    if nxt is not None and nxt.has("more"):
        # "and three more over the Oryol Region": the predicate of the count before, gapped (not "and one more
        # object", which has a noun of its own)
        after = nxt.end
        counted = view.match_at(after)
        if counted is not None and counted.has("noncount"):
            return False  # "auf fünf weitere Regionen": a count of something else
        elided = clause_map(view).predicate_ahead(after) or (
            after_figures and prev is not None and prev.has("conjunctions") and not weapon_follows(view, after)
            and (after >= len(toks) or toks[after].kind == "punct" or view.match_at(after) is not None))
    else:
        elided = prev is not None and prev.has("more") and (
            clause_map(view).predicate_ahead(j) or j >= len(toks) or toks[j].kind == "punct"
            or (after_figures and (prev.has("conjunctions") or _joined_before(view, prev.start))))
    pred, at = prev, num.start
    while pred is not None and pred.end == at and (pred.has("qual") or pred.has("aux")) and pred.start > 0:
        pred, at = view.match_covering(pred.start - 1), pred.start  # "збито понад 40", "abgeschossen wurden 40"
    particle = nxt.end if nxt is not None and nxt.has("more") else j  # "jammed 24 more."
    if particle < len(toks) and view.words[particle] in view.lang.data["text"].get("verb_particles", ()):
        particle += 1
    after_predicate = (  # "shot down 60,", "fing 40 ab." (a separable verb's particle after the count)
        pred is not None and pred.end == at and pred.has("measure")
        and (particle >= len(toks) or toks[particle].kind == "punct"
             or (view.match_at(particle) is not None and view.match_at(particle).has("conjunctions"))))
    clause_subject = (clause_map(view).opens(num.start, view.dateline_end()) and nxt is not None and nxt.has("aux")
                      and clause_map(view).predicate_ahead(j))
    start = clause_map(view).start_of(num.start)
    fronted = (_fronted_partitive(view, num.start, view.dateline_end()) and clause_map(view).predicate_ahead(start)) or (
        # "..., von den Drohnen 474": a clause that opens with its weapons and gaps the predicate before it
        start > view.dateline_end() and _fronted_partitive(view, num.start, start, weapon_first=False)
        and any(m.has("measure") and m.end <= start for m in view.matches))
    return elided or after_predicate or clause_subject or fronted or (
        after_figures and (_gapped_with_date(view, num) or _gapped_with_place(view, num)))


def _gapped_with_date(view: UnitView, num: Number) -> bool:
    """A gapped coordinate that differs only in its date: "4,198 drones in March, 3,912 in February, and
    2,567 in January", "im März 4198 Drohnen, im Februar 3912", "у лютому – 3912": a clause after the first
    (between commas) that holds this number, a month, and no weapon, predicate or other number of its own."""
    lo, hi = _gapped(view, num)
    return lo < hi and any(view.month_at(j) is not None for j in range(lo, hi))


def _gapped_with_place(view: UnitView, num: Number) -> bool:
    """A gapped coordinate that differs only in its place: "72 drones over the Bryansk region, 20 over Moscow, 14
    over Kursk", "72 Drohnen über dem Gebiet Brjansk, 20 über Moskau", "72 над Брянською областю, 20 – над
    Московською": a clause after the first that holds this number, a place, and no weapon, predicate or other
    number of its own."""
    places = [k for k, _ in located_places(view) + regions_with_index(view)]
    lo, hi = _gapped(view, num)
    while lo < hi and any(lo <= k < hi for k in places):
        k = lo - 1
        while k > 0 and _separator(view, k):
            k -= 1  # ", and": back to the coordinate before
        plo, phi = _coordinate(view, k, k + 1)
        before = view.numbers_in(plo, phi)
        if len(before) != 1:
            return False
        if any(weaponish(m) for m in view.matches if plo <= m.start < phi):
            return any(plo <= p < phi for p in places)  # "72 drones over the Bryansk region": the count it gaps
        lo, hi = _gapped(view, before[0])  # "20 over Moscow": another gapped place before it
    return False


def _separator(view: UnitView, k: int) -> bool:
    m = view.match_covering(k)
    return view.tokens[k].norm in (",", ";") or (m is not None and m.has("conjunctions"))


def _gapped(view: UnitView, num: Number) -> tuple[int, int]:
    """The coordinate of a number that gaps the weapon and predicate of the one before it (empty when it has its
    own weapon, predicate or another number, or opens the sentence)."""
    lo, hi = _coordinate(view, num.start, num.end)
    if lo == 0 or len(view.numbers_in(lo, hi)) != 1:
        return 0, 0
    if any(weaponish(m) or m.has("measure") for m in view.matches if lo <= m.start < hi):
        return 0, 0
    return lo, hi


def _coordinate(view: UnitView, start: int, end: int) -> tuple[int, int]:
    """The tokens of the coordinate around [start, end): between commas, semicolons or conjunctions."""
    toks = view.tokens

    lo = start
    while lo > 0 and not _separator(view, lo - 1):
        lo -= 1
    hi = end
    while hi < len(toks) and not _separator(view, hi):
        hi += 1
    return lo, hi


def _joined_before(view: UnitView, i: int) -> bool:
    """True when a conjunction stands before token i, one short word ("a", "the") at most between."""
    for k in (i - 1, i - 2):
        m = view.match_covering(k)
        if m is not None and m.end == k + 1 and m.has("conjunctions"):
            return True
        if k < 0 or view.tokens[k].kind != "word" or len(view.tokens[k].text) > 3:
            return False
    return False


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


OTHER_NOUN_REACH = 5  # words of participles and adjectives between a number and the noun it counts


def _counts_other_noun(view: UnitView, num: Number) -> bool:
    """True when participles and adjectives after a number lead to a noun that is no weapon: "von 19 zerstörten
    oder beschädigten russischen Kampfflugzeugen", "12 destroyed or damaged Russian jets"."""
    k = num.end
    while k < min(num.end + OTHER_NOUN_REACH, len(view.tokens)) and view.tokens[k].kind == "word":
        m = view.match_at(k)
        if m is None:
            if not view.tokens[k].text.islower() or len(view.tokens[k].text) <= 3:
                return False  # a name, or a preposition: "ще 6 над іншими регіонами" counts no regions
            k += 1  # "beschädigten", "damaged"
            continue
        if m.has("platform") or m.has("noncount"):
            return True
        if weaponish(m) or not (m.has("measure") or m.has("conjunctions") or m.has("atk_weapon")):
            return False
        k = m.end
    return False


BREAKDOWN_REACH = 4  # tokens between a count and the colon that opens its breakdown ("120 of them: 8 missiles ...")


def _totals_classes_after(view: UnitView, num: Number) -> bool:
    """True for a count whose colon opens a breakdown into several classes ("Air defense neutralized 120 of them: 8
    missiles and 112 drones", "Збито/подавлено 120 цілей: 8 ракет і 112 БпЛА"): a total of no one class."""
    colon = next((k for k in range(num.end, min(num.end + BREAKDOWN_REACH, len(view.tokens)))
                  if view.tokens[k].norm == ":"), None)
    if colon is None or any(view.number_at(k) is not None for k in range(num.end, colon)):
        return False
    classes = {c for m in view.matches if m.start > colon for c in m.values("class")} - {"any"}
    types = weapon_types()
    classes |= {types[t] for m in view.matches if m.start > colon for t in m.values("type")}
    return len(classes) > 1


def _more_of_other_noun(view: UnitView, num: Number) -> bool:
    """True for "another N" whose sentence counted something that is no weapon last: N more of that ("800,000
    people in the capital and another 400,000 in the Chernihiv region", "weitere 400.000", "ще 400 тисяч")."""
    more = view.match_covering(num.start - 1) if num.start > 0 else None
    if more is None or not more.has("more") or more.end != num.start:
        return False
    before = [n for n in view.numbers if n.end <= more.start and n.value is not None]
    if not before or before[-1].end >= len(view.tokens) or view.tokens[before[-1].end].kind != "word":
        return False
    if view.words[before[-1].end] in view.lang.data["text"]["prepositions"]:
        return False  # "12 над Москвою ... та ще 6 над іншими регіонами": weapons gapped place by place
    noun = view.match_at(before[-1].end)
    return noun is None or noun.has("noncount") or noun.has("platform")


def _shares_other_noun(view: UnitView, num: Number) -> bool:
    """True for a bare number joined to a count of something that is no weapon: it counts the same thing ("Es
    wurden 61 Luftangriffe und 52 mit Mehrfachraketenwerfern gemeldet", "61 airstrikes and 52 ...", "61 авіаудар
    і 52 ...")."""
    before = [n for n in view.numbers if n.end <= num.start]
    if not before or before[-1].end + 2 != num.start:
        return False
    noun, joiner = view.match_at(before[-1].end), view.match_at(before[-1].end + 1)
    if view.tokens[before[-1].end].kind != "word" or joiner is None or not joiner.has("conjunctions"):
        return False
    return noun is None or not weaponish(noun)


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


def predicate_follows(view: UnitView, j: int, skip_words: int = 0, hits: bool = True) -> bool:
    """True when a predicate comes right after a number ("35 abgeschossen", "1 – залишив", "26 were downed").

    Auxiliaries, quotes and dashes are skipped, and up to `skip_words` unknown words ("gingen"),
    but not a counting unit ("15 разів обстріляв" counts shellings, not weapons). With `hits` False a hitting verb
    is no such predicate ("a wave of 408 drones and 39 missiles struck": the verb of the whole list).
    """
    k, skipped = j, 0
    toks = view.tokens
    unit = view.match_at(j)
    if unit is not None and unit.has("noncount"):
        return False
    limit = j + 6
    while k < len(toks) and k < limit:
        agent_end = passive_agent_end(view, k)
        if agent_end is not None:
            k, limit = agent_end, limit + agent_end - k  # "38 von unseren Schutzmitteln abgeschossen"
            continue
        m = view.match_at(k)
        if m is not None:
            if m.has("measure"):
                return hits or "hit" not in m.values("measure")
            agent = view.match_at(m.end) if m.has("partitive") or m.has("base") else None
            if agent is not None and agent.has("atk_defense"):
                k = agent.end  # "seien 14 von den ukrainischen Streitkräften abgewehrt worden": the passive's agent
                continue
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


def passive_agent_end(view: UnitView, k: int, most: int = 3) -> int | None:
    """The end of a passive's agent opening at token k, between a count and its participle ("38 von unseren
    Schutzmitteln abgeschossen", "zehn durch die Flugabwehr zerstört"): the language's agent preposition and at most
    `most` words up to a measure, none of them a number, a weapon or a predicate's auxiliary. None when there is none."""
    toks = view.tokens
    if toks[k].kind != "word" or view.words[k] not in (view.lang.data["text"].get("agents") or ()):
        return None
    e = k + 1
    while e < len(toks) and e <= k + most and toks[e].kind == "word" and view.number_at(e) is None:
        m = view.match_at(e)
        if m is None:
            e += 1
        elif m.has("measure"):
            return e if e > k + 1 else None
        elif weaponish(m) or m.has("aux"):
            return None
        else:
            e = m.end
    m = view.match_at(e) if e < len(toks) else None
    return e if e > k + 1 and m is not None and m.has("measure") else None


def _closing_dash(toks, k: int) -> int | None:
    """The dash that closes a short parenthesis opened at token k, if any."""
    for j in range(k + 1, min(len(toks), k + 6)):
        if toks[j].norm == toks[k].norm:
            return j
    return None


def referring_end(view: UnitView, num: Number) -> int:
    nxt = view.match_at(num.end)
    if nxt is not None and (nxt.has("anaphora") or nxt.has("more") or nxt.has("units")):
        return nxt.end
    return num.end


def last_weapon(view: UnitView, before: int) -> str | None:
    """The class of the last weapon named in the unit before token `before`."""
    for m in reversed(view.matches):
        if m.end <= before and weaponish(m):
            weapon = resolve(m.end, [m]).weapon
            if weapon:
                return weapon
    return None


def _sums_classes_last(view: UnitView, before: int) -> bool:
    """True when the last weapon word of the unit before token `before` names no one class but sums them
    ("Geschosse", "projectiles", "засоби повітряного нападу")."""
    last = next((m for m in reversed(view.matches) if m.end <= before and weaponish(m)), None)
    return last is not None and "any" in last.values("class") and not resolve(last.end, [last]).weapon


PLATFORM_REACH = 3  # words between a number and the platform it counts ("drei russische Kampfflugzeuge")


def counts_platforms_last(view: UnitView) -> bool:
    """True when the last thing the unit counts is launch platforms, after any weapon it names ("... drei
    russische Kampfflugzeuge abgeschossen", "shot down two Su-34 jets"): a bare number in the next unit
    ("zumindest einen Abschuss") counts those, not the weapons named before."""
    for m in reversed(view.matches):
        if weaponish(m):
            return False
        if m.has("platform") and any(m.start - PLATFORM_REACH <= n.end <= m.start for n in view.numbers):
            return True
    return False

