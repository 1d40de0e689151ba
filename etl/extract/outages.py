"""Units -> outage claims: which regions lost power, heating or water, and how much of them."""

from __future__ import annotations

from datetime import date

from etl.extract.clauses import clause_map
from etl.extract.outage_context import OutageState, Pending
from etl.extract.places import names_foreign_place, regions_with_index, unit_regions
from etl.extract.quotes import quotation_close
from etl.extract.view import UnitView
from etl.model import OutageClaim, Span

__all__ = ["OutageState", "unit_outages", "counted_before"]


PENDING_REACH = 3  # how many units after "in fünf Regionen" may name those regions


def unit_outages(view: UnitView, day: date | None, state: OutageState) -> list[OutageClaim]:
    """The outage claims of one unit; a unit naming no region refers to the region named just before.

    Kinds and regions pair up clause by clause ("Zhytomyr fully without power, in Kyiv problems
    with water"): a clause with an outage word takes its own regions, those of an enumeration
    next to it ("die Gebiete Charkiw, Chmelnyzkyj und Iwano-Frankiwsk"), else those of the nearest
    clause before it, else those of the units before. A clause that denies or forecasts an
    outage ("supply was not interrupted", "schedules will apply tomorrow") gives none.
    """
    if view.unit.paragraph != state.paragraph:
        state.paragraph, state.views, state.kinds, state.last_claims = view.unit.paragraph, [], [], []
        state.paragraph_kinds = []
    if view.unit.item and state.list_kinds:
        claims = _list_item(view, day, state)
        if claims is not None:
            return claims
    elif not view.unit.item:
        state.list_kinds = []
    state.note(view)
    named = _named_later(view, state)
    if named:
        return named
    if view.tagged("other_cause"):  # "Wegen des schlechten Wetters bleiben ... ohne Strom": not the attack's outage
        state.done(view)
        return []
    if not _mentions_outage(view) and not state.last_claims and not state.kinds:
        state.done(view)
        return []
    clauses = [_Clause(view, lo, hi) for lo, hi in _clauses(view)]
    inherit = bool(state.kinds) and any(c.disrupted and c.extent for c in clauses) or any(
        c.same_event for c in clauses) and bool(state.kinds or state.paragraph_kinds) or (
        bool(state.topic_kinds()) and any(c.disrupted and not c.kinds for c in clauses))
    if not any(c.kinds for c in clauses) and not inherit and not (state.last_claims and any(c.extent for c in clauses)):
        state.done(view)  # nothing about outages here; its places are looked up only if needed
        return []
    for c in clauses:
        c.locate(view)
    claims: list[OutageClaim] = []
    span = Span(*view.span)
    previous_regions: list[str] = []
    for k, c in enumerate(clauses):
        if c.regions and not c.kinds and not (c.relative and previous_regions):
            previous_regions = c.regions  # not "The city of Zhytomyr, which is west of the capital Kyiv, lost power"
        if c.kinds:
            state.report_kinds = list(c.kinds)
            state.paragraph_kinds = list(c.kinds)
            if view is state.title:
                state.title_kinds = list(c.kinds)
        if c.disrupted and not c.kinds and state.kinds and (c.extent or _neighbour_extent(clauses, k)):
            c.kinds = state.kinds[:1]  # "40% of consumers were cut off"
        if c.same_event and not c.kinds and not c.likewise_attack and (state.kinds or state.paragraph_kinds):
            # "Dasselbe sei in ... passiert": the utilities of the outage just named, or of the paragraph's outage
            # words when those gave no row ("in den meisten Regionen ... Stromausfälle. Besonders schwierig sei ...")
            c.kinds = list(state.kinds or state.paragraph_kinds)
        if c.disrupted and not c.kinds and c.regions and state.topic_kinds():
            c.kinds = state.topic_kinds()  # "Відключення запроваджено в Харківській ... областях" in a power report
        if not c.kinds or c.blocked:
            continue
        if not c.regions and c.facility and claims:
            continue  # "..., weil eine Pumpstation keinen Strom mehr hatte": the facility's, the cause of the last
        regions = (c.regions + _enumeration(clauses, k) + _gapped(view, clauses, k) + _gapped_before(view, clauses, k)
                   or previous_regions)
        if not regions and c.both:
            regions = state.last_regions(2)  # "Fast 4.000 Kunden in beiden Regionen seien ohne Stromversorgung"
        if c.other_places and not c.regions:
            continue  # "power stations were hit in Odesa ..., while other regions reported problems": unnamed places
        if not regions and view.unit.header:
            state.list_kinds += [k for k in c.kinds if k not in state.list_kinds]
            continue  # the places are in the list below
        if not regions and (c.unnamed and not c.back_reference or c.national) or (
                not c.regions and c.plural_places and c.same_event):
            # "emergency outages in 7 regions", "кількох регіонів", "viele Teile der Ukraine": no names, no row (and
            # no region borrowed from before); nor "Am schwersten betroffen waren die Regionen im Süden", whose places
            # are unnamed (not those of the speaker after it). But "in the region ... over 60 towns" are in the
            # region named before.
            continue
        regions = regions or _following_regions(clauses, k)  # "обмеження ..., зберігаються в Одеській ... областях"
        region_from = None
        if not regions:
            regions = _speaker_regions(view, state)  # "«... гаряча вода не подається», — написав міський голова Львова"
        if not regions:
            # not from the title itself: its other clause names another place ("X без світла, у Херсоні ...")
            regions, region_from = (([], None) if names_foreign_place(view) or view is state.title
                                    else state.earlier_regions(back_reference=c.back_reference))
        extent = c.extent or _neighbour_extent(clauses, k)
        for region in regions:
            for kind in c.kinds:
                if not any(o.region == region and o.kind == kind for o in claims):
                    claims.append(OutageClaim(region=region, date=day, extent=extent, kind=kind, evidence=[span],
                                              region_from=region_from))
        state.kinds = list(c.kinds)  # "відключення торкнулися 40%" after "без світла та води": power
        if c.regions and not names_foreign_place(view):
            previous_regions = c.regions  # "у Кривому Розі знеструмлено ...; ... частина міста без води"
    said = [c for c in clauses if c.kinds and not c.blocked]
    if not claims and said and not any(c.regions for c in clauses) and (n := _unnamed_count(view)) is not None and n > 1:
        # "Stromanlagen in fünf Regionen angegriffen und Stromausfälle verursacht": they may be named soon after
        state.pending = Pending(list(said[0].kinds), n, day, said[0].extent, span, PENDING_REACH)
    extent_only = next((c.extent for c in clauses if c.extent and not c.kinds), None)
    if not claims and extent_only and state.last_claims and not unit_regions(view):
        # "Betroffen seien 30.000 Kunden in mehreren Gemeinden": the extent of the outage just named
        for o in state.last_claims:
            o.extent = o.extent or extent_only
    state.done(view)
    if claims:
        state.last_claims = claims
    return claims


def _list_item(view: UnitView, day: date | None, state: OutageState) -> list[OutageClaim] | None:
    """The outages of a list item under a header that names them ("знеструмлено споживачів у таких
    регіонах:" then "– Рівненщина – повністю"): its regions; None when the item names its own outage."""
    clauses = [_Clause(view, lo, hi) for lo, hi in _clauses(view)]
    if any(c.kinds or c.blocked for c in clauses):
        return None
    state.done(view)
    regions = [] if names_foreign_place(view) else list(dict.fromkeys(unit_regions(view)))
    extent = next((c.extent for c in clauses if c.extent), None)
    span = Span(*view.span)
    claims = [OutageClaim(region=r, date=day, extent=extent, kind=k, evidence=[span])
              for r in regions for k in state.list_kinds]
    if claims:
        state.last_claims = claims
    return claims


_OUTAGE_TAGS = ("outage", "util", "disrupt", "util_any", "same_event", "place_joiner", "apposition")


def _mentions_outage(view: UnitView) -> bool:
    """True when a unit has any outage word at all (most sentences have none)."""
    return any(view.tagged(kind) for kind in _OUTAGE_TAGS)


def _clauses(view: UnitView) -> list[tuple[int, int]]:
    """The unit's fine clauses (etl.extract.clauses), except that the commas of a list of utilities or of places do
    not cut ("ohne Strom, Wasser und Heizung", "the Kharkiv, Sumy and Poltava regions")."""
    places = _place_tokens(view)
    keep = lambda k: view.tokens[k].norm == "," and (_utility_list(view, k) or k - 1 in places and k + 1 in places)  # noqa: E731
    return [(c.lo, c.hi) for c in clause_map(view).clauses(fine=True, keep=keep)]


def _place_tokens(view: UnitView) -> frozenset[int]:
    """The tokens of place names in a unit: a comma between two of them is a list's ("parts of the Kharkiv, Sumy
    and Poltava regions", "der Gebiete Charkiw, Sumy und Poltawa"), not a clause break."""
    if "," not in view.words:
        return frozenset()
    return frozenset(k for m in view.place_matches() if m.has("region") or m.has("foreign")
                     for k in range(m.start, m.end))


def _utility_list(view: UnitView, k: int) -> bool:
    """True when the comma at token k stands between two utilities ("Strom, Wasser", "power, water")."""
    before, after = view.match_covering(k - 1), view.match_at(k + 1)
    return all(m is not None and (m.has("util") or m.has("outage")) for m in (before, after))


class _Clause:
    """One clause of a unit, as outage words see it."""

    def __init__(self, view: UnitView, lo: int, hi: int):
        self.lo, self.hi = lo, hi
        self.kinds, self.disrupted, self.extent, self.blocked, self.facility = _outage_words(view, lo, hi)
        inside = [m for m in view.matches if lo <= m.start < hi]
        self.back_reference = any(m.has("back_ref") for m in inside)  # "the city", "частина міста"
        # "Dasselbe sei ... passiert"; a sentence opening with "Vor allem"/"In particular"/"Зокрема" names the places
        # of the outage just told ("Vor allem im Süden um Odessa ... seien Stromnetze beschädigt worden")
        self.same_event = any(m.has("same_event") or m.start == 0 and m.has("place_joiner") for m in inside) or (
            _apposition(view, lo, hi) and not self.kinds)
        self.relative = lo in clause_map(view).relative  # ", which is west of the capital Kyiv,"
        # "Moscow likewise targeted the energy infrastructure", "так само бив по енергетичній інфраструктурі": the
        # attack is the same, not the outage
        self.likewise_attack = any(m.has("same_event") for m in inside) and (self.facility or any(
            m.has("measure") or m.has("atk_target") for m in inside))
        self.unnamed = any(m.has("unnamed_places") and counted_before(view, m.start) for m in inside)  # "in 7 regions"
        self.plural_places = any(m.has("unnamed_places") for m in inside)  # "die Regionen im Süden", "Ukrainian cities"
        self.both = any(m.has("both_places") for m in inside)  # "in beiden Regionen": the two named just before
        self.national = any(m.has("national") for m in inside)  # "viele Teile der Ukraine", "large parts of the country"
        self.other_places = any(m.has("other_places") for m in inside)  # "while other regions reported problems"
        self.opens_statement = lo > 0 and view.tokens[lo - 1].norm == ":"
        self.regions: list[str] = []
        self.only_places = False
        # cut at a clause break, not at punctuation: its places belong to the predicate after the break
        # ("in der Stadt Schytomyr | beschädigten ...") or to the break itself ("| damaging homes in Mykolaiv")
        self.at_break = any(0 <= k < len(view.tokens) and view.tokens[k].kind == "word" for k in (hi, lo - 1))

    def locate(self, view: UnitView) -> None:
        """Look up the clause's places (done only for units that talk about outages)."""
        self.regions = [c for i, c in regions_with_index(view) if self.lo <= i < self.hi]
        self.only_places = _only_places(view, self.lo, self.hi)


def _unnamed_count(view: UnitView) -> int | None:
    """How many places a unit counts without naming them ("in fünf Regionen" -> 5)."""
    for m in view.tagged("unnamed_places"):
        n = next((n for n in view.numbers if n.end == m.start and n.value is not None), None)
        if n is not None:
            return n.value
    return None


def _named_later(view: UnitView, state: OutageState) -> list[OutageClaim]:
    """The outage of "Stromausfälle in fünf Regionen" in the regions of a sentence soon after it that names exactly
    that many and no outage of its own ("Die Angriffe fanden in den Regionen Odessa, Saporischschja, Donezk, Dnipro
    und Schytomyr statt")."""
    pending = state.pending
    if pending is None:
        return []
    if pending.reach <= 0:
        state.pending = None
        return []
    pending.reach -= 1
    regions = list(dict.fromkeys(unit_regions(view)))
    if len(regions) != pending.count or names_foreign_place(view):
        return []
    state.pending = None
    claims = [OutageClaim(region=r, date=pending.day, extent=pending.extent, kind=k,
                          evidence=[pending.said, Span(*view.span)]) for r in regions for k in pending.kinds]
    state.done(view)
    state.last_claims = claims
    return claims


def _speaker_regions(view: UnitView, state: OutageState) -> list[str]:
    """The places of the speaker named after a quotation of several sentences that this unit stands in: «Через
    відсутність електроенергії ... Тому гаряча вода не подається», — написав міський голова Львова; "... is not
    supplied," Lviv Mayor Andriy Sadovyi wrote; „...“, schrieb der Bürgermeister von Lwiw."""
    close = quotation_close(state.report, state.index) if state.report else None
    if close is None or close[0] == state.index:
        return []  # no quotation, or it ends here: its speaker, if named, is in this unit
    closing = state.report[close[0]]
    if not closing.tagged("speech"):
        return []
    return [code for k, code in regions_with_index(closing) if closing.tokens[k].start >= close[1]]


def counted_before(view: UnitView, k: int) -> bool:
    """True when a number or a vague word ("several", "кількох") stands right before token k."""
    if k == 0:
        return False
    return view.number_at(k - 1) is not None or any(
        n.end == k for n in view.numbers) or view.words[k - 1] in view.lang.data["numbers"]["vague"]


def _following_regions(clauses: list[_Clause], k: int) -> list[str]:
    """The regions of the first later clause of the sentence that names places and no outage of its own, with the
    list of places running on from it ("Певні обмеження енергопостачання ... зберігаються в Одеській, Вінницькій та
    Хмельницькій областях")."""
    for j in range(k + 1, len(clauses)):
        if clauses[j].kinds or clauses[j].opens_statement:
            return []  # "Frost und Stromausfall: Russland greift Kyjiw ... an" - the colon opens another statement
        if clauses[j].regions:
            return clauses[j].regions + [r for r in _enumeration(clauses, j) if r not in clauses[j].regions]
    return []


def _enumeration(clauses: list[_Clause], k: int) -> list[str]:
    """Regions of the neighbouring clauses that are nothing but a list of places."""
    found: list[str] = []
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(clauses) and clauses[j].only_places and not clauses[j].kinds and not clauses[j].at_break:
            if step == 1 and _opens_own_outage(clauses, j):
                break  # "..., у Дніпрі — перебої з водопостачанням": the place of the outage after it
            found += clauses[j].regions
            j += step
    return found


def _opens_own_outage(clauses: list[_Clause], j: int) -> bool:
    """True when the place-only clause j is followed by a clause that says an outage of its own, with no places (a
    place, a dash, then its outage: "у Дніпрі — перебої з водопостачанням", "in Dnipro - no water")."""
    return j + 1 < len(clauses) and bool(clauses[j + 1].kinds) and not clauses[j + 1].regions


def _gapped(view: UnitView, clauses: list[_Clause], k: int) -> list[str]:
    """The regions of the clauses after an outage's that repeat it with the verb left out ("знеструмлено понад 60
    тисяч споживачів на Донеччині, понад 51 тисяча - в Одеській області, а також 1,6 тисячі на Дніпропетровщині"):
    each names places and says nothing of its own (no outage, measure or blocking word)."""
    found: list[str] = []
    for j in range(k + 1, len(clauses)):
        c = clauses[j]
        if c.at_break or not _places_only_said(view, c) or _opens_own_outage(clauses, j):
            break  # not "..., у Дніпрі — перебої з водопостачанням": that place has its own outage
        found += [r for r in c.regions if r not in found]
    return found


def _gapped_before(view: UnitView, clauses: list[_Clause], k: int) -> list[str]:
    """The regions of the clauses before an outage's at the end of its sentence that count consumers in a place and
    say nothing of their own ("... 125.600 Verbraucher in der Region Donezk, 3.700 in der Region Saporischschja ohne
    Strom": German puts the outage last): each names places and a number."""
    found: list[str] = []
    for c in reversed(clauses[:k]):
        if not _places_only_said(view, c) or not view.numbers_in(c.lo, c.hi):
            break
        found = [r for r in c.regions if r not in found] + found
    return found


def _places_only_said(view: UnitView, c: _Clause) -> bool:
    """True when a clause names places and says nothing of its own: no outage, blocking, measure or speech word."""
    said = any(c.lo <= m.start < c.hi and (m.has("measure") or m.has("speech")) for m in view.matches)
    return bool(c.regions) and not (c.kinds or c.blocked or c.disrupted or said)


def _neighbour_extent(clauses: list[_Clause], k: int) -> str | None:
    """The extent said in the clause just before ("У Запоріжжі половина міста – без тепла")."""
    return clauses[k - 1].extent if k > 0 and not clauses[k - 1].kinds else None


def _apposition(view: UnitView, lo: int, hi: int) -> bool:
    """True for a clause that opens with an apposition word and is nothing but places after it ("Це Харківська,
    Сумська, Полтавська, Запорізька області", "These are the Kharkiv and Sumy regions")."""
    opener = view.match_at(lo + (1 if lo < len(view.tokens) and view.tokens[lo].norm in "\"'«„“–-—" else 0))
    return opener is not None and opener.has("apposition") and _only_places(view, opener.end, hi)


def _only_places(view: UnitView, lo: int, hi: int) -> bool:
    """True when a clause holds places and little else ("Chmelnyzkyj und Iwano-Frankiwsk", "Sumy sowie in Teilen
    der Region Dnipropetrowsk")."""
    places = {i for i, _ in regions_with_index(view)}
    words = [k for k in range(lo, hi) if view.tokens[k].kind == "word"]
    if not any(k in places for k in words):
        return False
    other = [k for k in words if k not in places and len(view.tokens[k].norm) > 3 and not _joins_places(view, k)]
    return len(other) <= 1


def _joins_places(view: UnitView, k: int) -> bool:
    """True for a word that links or bounds places in a list ("und", "in Teilen der Region", "including")."""
    m = view.match_covering(k)
    return m is not None and (m.has("conjunctions") or m.has("extent") or m.has("place_joiner"))


def _outage_words(view: UnitView, lo: int, hi: int) -> tuple[list[str], bool, str | None, bool, bool]:
    """Outage kinds, whether something was cut, the extent, whether the clause denies it, and whether it names a
    facility, in [lo, hi)."""
    kinds: list[str] = []
    utilities: list[str] = []
    disrupted = blocked = facility = scheduled = False
    extent = None
    for m in view.matches:
        if not lo <= m.start < hi:
            continue
        blocked = blocked or m.has("blocker") and not m.has("schedule")
        scheduled = scheduled or m.has("schedule")
        if m.has("facility"):
            facility = True
            continue
        for k in m.values("outage"):
            if k not in kinds:
                kinds.append(k)
        utilities.extend(k for k in m.values("util") if k not in utilities)
        if m.has("util_any") and None not in utilities:
            utilities.append(None)  # "left without utilities": an outage of no one kind
        if m.has("disrupt"):
            disrupted = True
        if extent is None and m.has("extent"):
            extent = m.get("extent")
    if extent is None and "%" in view.words[lo:hi]:
        extent = "partial"
    if disrupted or kinds:  # "ohne Heizung und Strom": the compound's "ohne" covers both
        kinds.extend(k for k in utilities if k not in kinds)
    if len(kinds) > 1 and None in kinds:
        kinds.remove(None)  # "power and other utilities": the kinds named
    disrupted = disrupted or bool(kinds)
    # "через графіки відключень без світла": the schedule, not the attack, unless the sentence says the attack caused it
    # ("після атаки та через застосування графіків відключень без електроенергії 523 тисяч споживачів")
    blocked = blocked or scheduled and not view.tagged("attack_cause")  # said anywhere in the sentence
    return kinds, disrupted, extent, blocked, facility
