"""Which measure a figure states: launched, shot_down, suppressed, neutralized (or none).

The predicate of a figure is the nearest measure word of its clause (between commas and
semicolons), else the nearest in the sentence, else the measure of the list header above it,
else "launched". Figures coordinated in one list ("94 missiles and 193 drones") share their
predicate. Predicates inside a relative clause ("eine Ch-59, die abgefangen wurde") belong to
that clause's antecedent only. "shot down or jammed" in any wording is the combined
`neutralized`; a stop "by electronic warfare" alone is `suppressed`.
"""

from __future__ import annotations

from etl.extract.clauses import ClauseMap as Clauses
from etl.extract.clauses import clause_map
from etl.extract.figure import DEFAULT, LIST_HEADER, PREDICATE, SENTENCE, Cue
from etl.extract.referring import passive_agent_end, predicate_follows
from etl.extract.view import UnitView, weaponish
from etl.model import DEFENSIVE

__all__ = ["measure_of_span", "cue_of", "refine", "launch_modifier", "defence_of", "relative_clause_after",
           "has_own_predicate", "is_rate"]

DISJUNCTION_REACH = 12  # tokens after a shooting-down cue in which "or <another way of stopping>" joins it


def measure_of_span(clauses: Clauses, start: int, end: int, header: str | None, item: bool,
                    attributive: frozenset[int] = frozenset()) -> tuple[str, Cue]:
    """The measure of a figure (or a list of coordinated figures) on tokens [start, end), and its cue; a cue at
    an `attributive` token describes one weapon phrase of the list ("усі з 18 запущених ракет") and is no
    predicate of the list."""
    view = clauses.view
    depth = view.tokens[start].depth
    inside_relative = start in clauses.relative
    adjacent = view.lang.adjacent_cues
    lo, hi = clauses.bounds(start, end)
    # "with 52 drones downed", "with nine more lost to jamming": the participle after the count is its predicate
    with_participle = predicate_follows(view, end)

    def usable(m) -> bool:
        return (m.start not in attributive and not _reportive(view, m, hi) and view.tokens[m.start].depth <= depth
                and (m.start in clauses.relative) == inside_relative
                and (view.words[m.start] not in adjacent or _right_before(view, m, start) and not with_participle)
                and not (m.end <= start and _describes_weapons_before(view, m)))

    fallback = (header, Cue(LIST_HEADER)) if header else ("launched", Cue(DEFAULT))
    # the clause's own cues first (looked up by bisection: a long clause holds many figures), the sentence's after
    near = _undescribed(view, [m for m in view.tagged_in("measure", lo, hi) if m.end <= hi and usable(m)], end)
    # a word that says no weapon was stopped or launched ("damage", "пошкодження") decides only its own clause:
    # "Був удар: понад 240 дронів і п'ять ракет, є пошкодження в семи областях" still launched them
    cues = near or _undescribed(view, [m for m in view.tagged("measure") if usable(m) and "none" not in m.values("measure")],
                                end)
    if not cues:
        return fallback

    def distance(m):
        """Words between the figure and the cue (auxiliaries, quotes, dashes not counted); a cue after
        the figure with another number in between belongs to that number ("2 ракети – обидві збиті")."""
        lo_k, hi_k = (end, m.start) if m.start >= end else (m.end, start)
        d = _words_between(view, lo_k, hi_k)
        if m.start >= end and any(_counts(view, n) and not _gapped_count(view, n) for n in view.numbers_in(lo_k, hi_k)):
            d += 50
        return (d, 0 if m.end <= start else 1)

    if item and header:
        close = [m for m in near if distance(m)[0] <= 2]
        if not close:
            return fallback
        best = min(close, key=distance)
        return refine(view, best, lo, hi), cue_of(view, best, PREDICATE)
    best = min(near or cues, key=distance)
    verb = view.match_covering(best.start - 1) if best.start > 0 else None
    if "none" in best.values("measure") and verb is not None and "launched" in verb.values("measure"):
        best = verb  # "випустили у напрямку Одещини 15 Shahed": where the launch went, not another predicate
    if near and distance(best)[0] >= 50:
        # the clause's predicates belong to other figures ("..., 9 крилатих ракет та три балістичні - усі з 18
        # запущених ракет"): the sentence's predicate before them ("знищили 6 ..., 9 ...")
        earlier = [m for m in view.tagged("measure") if usable(m) and m.end <= lo and "none" not in m.values("measure")]
        if earlier:
            best = max(earlier, key=lambda m: m.start)
            return refine(view, best, lo, hi), cue_of(view, best, SENTENCE)
    if distance(best)[0] >= 50:
        return fallback  # every predicate belongs to another figure ("Hinzu kamen 35 ...")
    return refine(view, best, lo, hi), cue_of(view, best, PREDICATE if near else SENTENCE)


def _reportive(view: UnitView, m, hi: int) -> bool:
    """True for a modal that reports what others say, no plan: "sollen" with a perfect infinitive closing its clause
    ("Ihm zufolge sollen 14 Drohnen abgeschossen worden sein", "soll ... zerstört haben"), unlike "sollen ...
    geliefert werden"."""
    figures = view.lang.data["figures"]
    if view.words[m.start] not in figures["reportive_modals"]:
        return False
    words = [w for w in view.words[m.end:hi] if w.isalpha()]
    return bool(words) and words[-1] in figures["perfect_auxiliaries"]


def _gapped_count(view: UnitView, n) -> bool:
    """True for a count that gaps its weapons and verb before a place ("17 Drohnen in der Region Brjansk, sieben in
    der Region Smolensk ... abgeschossen"): it shares the verb at the end of the list, it does not own it."""
    prepositions = view.lang.data["text"].get("prepositions", ())
    return n.end < len(view.tokens) and view.words[n.end] in prepositions


ATTRIBUTE_REACH = 6  # tokens between a count and the launch participle inside its phrase ("zehn vom ... abgefeuerte")


def _undescribed(view: UnitView, cues: list, end: int) -> list:
    """The cues without a launch participle set off by a comma after a count's weapons, which describes them, when a
    cue after it is left ("37 із 40 ракет, випущених по столиці, було збито": the count's predicate is "було збито")."""
    described = [m for m in cues if m.start > end and view.tokens[m.start - 1].norm == ","
                 and _describes_weapons_before(view, m)]  # not a German verb closing its clause ("mit 48 Raketen angegriffen")
    if not described or not any(m.start > described[0].start and not _negated(view, m) for m in cues):
        return cues  # not "the 20 S-300 missiles launched at the Kharkiv region were not shot down": launched
    return [m for m in cues if m not in described]


def _describes_weapons_before(view: UnitView, m) -> bool:
    """True for a launch participle right after other weapons ("shot down 10 missiles fired from the Caspian Sea, 23
    Shahed drones and ..."): it says what those weapons were, it is no predicate of the counts after it."""
    if "launched" not in m.values("measure") or m.start == 0:
        return False
    k = m.start - 1 if view.tokens[m.start - 1].norm != "," else m.start - 2  # "10 ракет, випущених з ..."
    before = view.match_covering(k) if k >= 0 else None
    if before is not None and before.end == k + 1 and weaponish(before):
        return any(n.end <= before.start for n in view.numbers)
    after = view.match_at(m.end)  # "zehn vom Kaspischen Meer abgefeuerte Raketen": inside the count's own phrase
    return after is not None and weaponish(after) and any(
        m.start - ATTRIBUTE_REACH <= n.start and n.end <= m.start for n in view.numbers)


def cue_of(view: UnitView, m, kind: str) -> Cue:
    """A cue of this kind at the characters of match m."""
    return Cue(kind, (view.tokens[m.start].start, view.tokens[m.end - 1].end))


def _counts(view: UnitView, n) -> bool:
    """True unless n is an article-like number word before a noun the lexicon does not know ("als zwei
    Drohnen ein Hochhaus trafen"); "обидві збиті", "both were shot down" count."""
    if n.end < len(view.tokens):
        after = view.match_at(n.end)
        if after is not None and after.has("noncount"):
            return False  # "innerhalb von 20 Sekunden", "within 50 metres": a measure of time or space, no count
    if not n.weak or n.end >= len(view.tokens):
        return True
    return view.match_at(n.end) is not None or view.tokens[n.end].kind != "word"


def _right_before(view: UnitView, m, start: int) -> bool:
    """True when a cue stands right before the figure, a qualifier at most between ("with about 40")."""
    k = m.end
    q = view.match_at(k)
    if q is not None and q.has("qual"):
        k = q.end
    return k == start


def is_rate(clauses: Clauses, start: int, end: int) -> bool:
    """True when the clause of a figure makes it a rate ("an average of 208 drones a night")."""
    lo, hi = clauses.bounds(start, end)
    return bool(clauses.view.tagged_in("rates", lo, hi))


def has_own_predicate(clauses: Clauses, start: int, end: int) -> bool:
    """True when the clause of [start, end) contains a measure word of its own."""
    lo, hi = clauses.bounds(start, end)
    view = clauses.view
    return any(m.end <= hi and m.start not in clauses.relative for m in view.tagged_in("measure", lo, hi))


def _words_between(view: UnitView, lo: int, hi: int) -> int:
    """The tokens on [lo, hi) that separate a figure from a cue: not auxiliaries, quotes or dashes, nor a passive's
    agent before its participle ("38 von unseren Schutzmitteln abgeschossen")."""
    d, k = 0, lo
    while k < hi:
        agent = passive_agent_end(view, k)
        if agent is not None and agent == hi:
            break
        d, k = d + (not _transparent(view, k)), k + 1
    return d


def _transparent(view: UnitView, k: int) -> bool:
    """True for tokens that do not separate a figure from its predicate ("were", "had been", quotes)."""
    m = view.match_covering(k)
    if m is not None and m.has("aux"):
        return True
    tok = view.tokens[k]
    return tok.kind == "punct" and tok.norm in "\"'«»„“”–-—"


def relative_clause_after(clauses: Clauses, end: int) -> str | None:
    """The measure stated by a relative clause right after a figure ("..., which was shot down", or with no comma,
    "three cruise missiles which were shot down")."""
    view = clauses.view
    if end < len(view.tokens) and view.tokens[end].norm != ",":
        return _restrictive_relative(clauses, end)
    if end + 1 >= len(view.tokens) or view.tokens[end].norm != "," or (end + 1) not in clauses.relative:
        return None
    opener = view.match_at(end + 1)
    if opener is not None and opener.has("anaphora"):
        return None  # "..., von denen der Großteil abgewehrt wurde": a part, which needs a number of its own
    k = end + 1
    while k in clauses.relative:
        m = view.match_at(k)
        if m is not None and m.has("measure"):
            return refine(view, m, end + 1, max(clauses.relative))
        k += 1
    return None


RELATIVE_REACH = 4  # words of a relative clause with no comma before its stopping verb ("which were shot down")


def _restrictive_relative(clauses: Clauses, end: int) -> str | None:
    """A relative word right after the weapons, no comma, then a way of stopping within a few words."""
    view = clauses.view
    opener = view.match_at(end)
    if opener is None or not opener.has("relative") or opener.has("determiners"):
        return None  # "der", "die" are articles too
    hi = clauses.bounds(end, end)[1]
    for k in range(opener.end, min(opener.end + RELATIVE_REACH, hi)):
        if view.number_at(k) is not None:
            return None
        m = view.match_at(k)
        if m is not None and m.has("measure"):
            measure = refine(view, m, end, hi)
            return measure if measure in DEFENSIVE else None
    return None


def refine(view: UnitView, cue, lo: int, hi: int) -> str:
    """The cue's measure, with the disjunction and electronic-warfare rules applied."""
    measure = cue.values("measure")[0]
    if _negated(view, cue):
        return "none"  # "Близько 30 дронів не було збито", "the three drones that were not shot down"
    if measure == "shot_down" and _disjoined_stop(view, cue.end, _cue_clause_end(view, cue, hi)):
        return "neutralized"
    if measure == "shot_down" and (_ew_agent(view, cue.end, hi) or _ew_right_before(view, cue.start)):
        return "suppressed"  # "shot down by electronic warfare": jammed, not shot
    if measure in ("suppressed", "neutralized") and _shot_down_or_before(view, cue.start, lo):
        return "neutralized"  # "Abgeschossen oder durch elektronische Kampfführung unterdrückt"
    if measure == "neutralized" and not _combined(view, cue) and _by_ew_only(view, lo, hi):
        return "suppressed"
    return measure


def _cue_clause_end(view: UnitView, cue, hi: int) -> int:
    """Where the words that go with a cue may run to: the figure's clause end, or the cue's own clause end when the
    cue stands after the figure's clause ("Усі, крім одного, | збиті або подавлені")."""
    return hi if cue.start < hi else clause_map(view).bounds(cue.start)[1]


NEGATION_REACH = 3  # tokens before a predicate in which its negation stands ("were not shot down", "не вдалося збити")


def _negated(view: UnitView, cue) -> bool:
    """True when a negation stands before a predicate, with auxiliaries or one other word between at most ("were
    not shot down", "could not be intercepted", "wurden nicht abgefangen", "не було збито", "не вдалося збити"),
    not "not only shot down"."""
    figures = view.lang.data["figures"]
    other = 0
    for k in range(cue.start - 1, max(-1, cue.start - 1 - NEGATION_REACH), -1):
        word = view.words[k]
        if word in figures["negation"]:
            return True
        if word in figures.get("not_negating", ()) or view.tokens[k].kind != "word":
            return False
        m = view.match_covering(k)
        if m is not None and m.has("aux"):
            continue
        if m is not None or other:
            return False
        other += 1
    return False


def _disjoined_stop(view: UnitView, k: int, hi: int) -> bool:
    """True for "shot down or [by EW] suppressed", and for "shot down and electronically suppressed" with no
    number of its own after the "and": a disjunction or conjunction then another way of stopping, right after the
    cue or after its objects ("schoss 40 Drohnen ab oder machte sie unschädlich"): one combined figure."""
    for j in range(k, min(hi, k + DISJUNCTION_REACH)):
        m = view.match_at(j)
        if m is not None and m.has("measure"):
            return False  # another predicate first: "shot down 40 and jammed or lost 20"
        if m is None or not (m.has("disjunctions") or m.has("conjunctions")):
            continue
        if m.has("conjunctions") and any(view.number_at(i) is not None for i in range(m.end, hi)):
            continue  # "shot down 40 and jammed 20": two figures, each with its own way; "4711 Drohnen und 141 ..."
        for i in range(m.end, min(hi, m.end + 8)):
            other = view.match_at(i)
            if other is not None and (other.has("electronic_warfare") or
                                      any(v in ("suppressed", "neutralized") for v in other.values("measure"))):
                return True
        return False
    return False


EW_AGENT_REACH = 2  # words between a shooting-down verb and its electronic-warfare agent ("by", "засобами")


def _ew_agent(view: UnitView, k: int, hi: int) -> bool:
    """True when electronic warfare is the agent right after a shooting-down verb ("was shot down by electronic
    warfare"), with no other agent joined to it ("by air defence and electronic warfare")."""
    for j in range(k, min(hi, k + EW_AGENT_REACH + 1)):
        m = view.match_at(j)
        if m is not None and m.has("electronic_warfare"):
            return not _joins(view.match_at(m.end))
        if m is not None and not m.has("aux"):
            return False
    return False


def _ew_right_before(view: UnitView, k: int) -> bool:
    """True when electronic warfare ends right before a shooting-down verb, alone ("mit Mitteln der elektronischen
    Kampfführung abgeschossen", "засобами РЕБ збито")."""
    m = view.match_covering(k - 1) if k > 0 else None
    if m is None or m.end != k or not m.has("electronic_warfare"):
        return False
    return not _joins(view.match_covering(m.start - 1) if m.start > 0 else None)


def _joins(m) -> bool:
    """True for a match that joins another agent to electronic warfare ("by air defence and electronic warfare")."""
    return m is not None and (m.has("conjunctions") or m.has("disjunctions"))


def _shot_down_or_before(view: UnitView, k: int, lo: int) -> bool:
    """True when "shot down or ..." comes before a suppression word in the same clause."""
    disjunction = False
    for j in range(k - 1, max(lo, k - 9) - 1, -1):
        m = view.match_covering(j)
        if m is None:
            continue
        if m.has("disjunctions"):
            disjunction = True
        elif disjunction and "shot_down" in m.values("measure"):
            return True
    return False


def _combined(view: UnitView, cue) -> bool:
    """True when the cue itself says "shot down or suppressed" ("збито/подавлено", "abgeschossen oder
    neutralisiert"); "außer Gefecht gesetzt" is one way of stopping, however many words it has."""
    disjunctions = view.lang.data["figures"]["disjunctions"]
    return any("/" in view.words[k] or view.words[k] in disjunctions for k in range(cue.start, cue.end))


def _by_ew_only(view: UnitView, lo: int, hi: int) -> bool:
    """True when a clause stops weapons by electronic warfare and shoots nothing down."""
    ew = shot = False
    for m in view.matches:
        if lo <= m.start < hi:
            ew = ew or m.has("electronic_warfare")
            shot = shot or "shot_down" in m.values("measure")
    return ew and not shot


def launch_modifier(view: UnitView, end: int) -> bool:
    """True when a launch verb right after a weapon phrase describes the weapons: "10 Kinzhal missiles fired on
    Jan. 2", "all 10 Kinzhals Russia launched", "the 35 drones that Russia used", "35 дронів, які запустила"."""
    k = end
    for kind in ("relative", "atk_actor", "aux"):
        m = view.match_at(k)
        if m is not None and m.has(kind):
            k = m.end
    m = view.match_at(k)
    return m is not None and "launched" in m.values("measure")


def defence_of(clauses: Clauses, start: int, end: int):
    """The way of stopping whose object a figure on tokens [start, end) is: the nearest shooting-down or
    suppression word of its clause ("intercepted all 10 missiles fired on Jan. 2", "alle 30 von Russland gestarteten
    Drohnen abgeschossen"), or of the clause before when its own opens with "along with", "sowie", "а також"; else None."""
    view = clauses.view
    before = defence_before(clauses, start)
    _, hi = clauses.bounds(start, end)
    after = [m for m in view.tagged("measure") if end <= m.start < hi and m.start not in clauses.relative
             and any(v in DEFENSIVE for v in m.values("measure"))]
    if before is None or (after and after[0].start - end < start - before.end):
        return after[0] if after else None
    return before


def defence_before(clauses: Clauses, start: int):
    """The way of stopping whose object a figure at token `start` is: the nearest shooting-down or suppression
    word before it in its clause, or in the clause before when its own opens with "along with", "sowie", "а також"
    ("72 missiles were shot down, along with all of the 35 drones that Russia used"); else None."""
    view = clauses.view
    lo, _ = clauses.bounds(start)
    cues = [m for m in view.tagged("measure") if m.end <= start and m.start >= lo and m.start not in clauses.relative]
    opener = view.match_at(lo)
    if not cues and lo > 0 and opener is not None and opener.has("conjunctions"):
        before, _ = clauses.bounds(lo - 2) if lo >= 2 else (0, 0)
        cues = [m for m in view.tagged("measure") if before <= m.start and m.end <= lo - 1]
    cues = [m for m in cues if any(v in DEFENSIVE for v in m.values("measure"))]
    return cues[-1] if cues else None
