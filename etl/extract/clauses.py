"""Stage 3 of extraction: ONE segmentation of a unit into clauses, used by every reader.

A unit (a sentence or a list item) is cut into clauses at its breaks. Each break has a strength:

- `,` and `;` end a clause at the bracket depth they stand at ("94 missiles, 81 of which ...");
- `:`, dashes and the lexicon's clause-opening words ("and damaging", "before ... restored") are
  finer breaks: they separate the phrases that an outage sentence pairs with its places
  ("Schytomyr – ohne Strom; in Kyiv – problems with water"), and a clause that opens after a dash
  ("5 ракет – усі збито").

A relative clause is a clause opened by a relative word right after a comma that holds no number of
its own ("eine Ch-59, die abgefangen wurde"): its predicate belongs to its antecedent only.
Every question about clauses (where the clause of a token starts and ends, which clauses a unit has,
whether a token stands in a relative clause) is answered here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Clause", "ClauseMap", "clause_map", "CLAUSE_BREAKS", "FINE_BREAKS"]

CLAUSE_BREAKS = frozenset({",", ";"})
FINE_BREAKS = frozenset({":", "–", "—"})  # finer cuts at depth 0 (a hyphen "-" only after a count: see below)


@dataclass(frozen=True)
class Clause:
    """Tokens [lo, hi) of one clause; `opened_by` is the break before it (None at the unit's start)."""

    lo: int
    hi: int
    opened_by: str | None = None
    relative: bool = False


class ClauseMap:
    """The clauses of one unit at both strengths, computed once per unit (see `clause_map`)."""

    def __init__(self, view):
        self.view = view
        self._cached: dict[bool, list[Clause]] = {}  # clauses(fine) without a veto, built once
        toks = view.tokens
        self.list_commas: frozenset[int] = frozenset(self._type_list_commas() | self._direction_list_commas())
        self.relative: frozenset[int] = frozenset(self._relative_tokens())
        lexical = {m.start for m in view.lang.clause_breaks.find(view.words) if m.start > 0}
        self._lexical = frozenset(lexical)
        self._coarse_cuts = [k for k, t in enumerate(toks) if t.norm in CLAUSE_BREAKS and t.depth == 0
                             and k not in self.list_commas]

    def bounds(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Token range of the clause around tokens [start, end): between the commas and semicolons that
        stand at the bracket depth of token `start`."""
        toks = self.view.tokens
        end = start if end is None else end
        depth = toks[start].depth if start < len(toks) else 0
        lo = start
        while lo > 0 and not (toks[lo - 1].norm in CLAUSE_BREAKS and toks[lo - 1].depth == depth
                              and lo - 1 not in self.list_commas):
            lo -= 1
        hi = end
        while hi < len(toks) and not (toks[hi].norm in CLAUSE_BREAKS and toks[hi].depth == depth
                                      and hi not in self.list_commas):
            hi += 1
        return lo, hi

    def clauses(self, fine: bool = False, keep=None) -> list[Clause]:
        """The top-level clauses of the unit in order; with `fine`, also cut at colons, dashes and the
        lexicon's clause-opening words. `keep(k)` may veto the cut at a punctuation token k (an outage reader
        keeps "ohne Strom, Wasser und Heizung" together)."""
        if keep is None and fine in self._cached:
            return self._cached[fine]
        toks = self.view.tokens
        cuts: dict[int, str] = {}
        for k, tok in enumerate(toks):
            if tok.depth != 0 or k in self.list_commas or (keep is not None and keep(k)):
                continue
            if tok.norm in CLAUSE_BREAKS or (fine and tok.norm in FINE_BREAKS):
                cuts[k] = tok.norm
        if fine:
            for k in self._lexical:
                cuts.setdefault(k, "word")
        out: list[Clause] = []
        lo, opened = 0, None
        for k in sorted(cuts):
            punct = cuts[k] != "word"
            if k > lo:
                out.append(Clause(lo, k, opened, lo in self.relative))
            lo, opened = (k + 1 if punct else k), cuts[k]
        if lo < len(toks):
            out.append(Clause(lo, len(toks), opened, lo in self.relative))
        if keep is None:
            self._cached[fine] = out
        return out

    def index_of(self, i: int, fine: bool = False) -> int | None:
        """The position of token i's clause in `clauses(fine)`."""
        return next((n for n, c in enumerate(self.clauses(fine)) if c.lo <= i < c.hi), None)

    def start_of(self, i: int) -> int:
        """The first token of the clause that token i is in."""
        return self.bounds(i)[0]

    def opens(self, i: int, first: int = 0) -> bool:
        """True when token i opens a clause: the unit (after its first `first` tokens, a dateline), or what
        follows a comma or a semicolon."""
        toks = self.view.tokens
        return i == first or i > 0 and toks[i - 1].norm in CLAUSE_BREAKS

    def next_break(self, i: int, breaks=frozenset({",", ";", "–", "—", "-"})) -> int:
        """The first token at or after i that is one of `breaks` (a clause that opens after a count: "5 missiles,
        all of which ...", "5 ракет – усі збито"), with no number before it; len(tokens) when there is none."""
        view = self.view
        while i < len(view.tokens) and view.words[i] not in breaks and view.number_at(i) is None:
            i += 1
        return i

    def speaker(self, lo: int, hi: int) -> bool:
        """True when the clause [lo, hi) names who said something, not what happened: a speech verb or an attribution
        opens or fills it and no measure word is in it ("Як повідомив Головнокомандувач ЗСУ ...,", "As Ukraine's
        army chief said,", "According to Ukraine's General Staff,")."""
        view = self.view
        inside = [m for m in view.matches if lo <= m.start < hi]
        attributed = view.phrase_at(lo, view.lang.data["text"].get("attribution", ())) is not None
        return (attributed or any(m.has("speech") for m in inside)) and not any(m.has("measure") for m in inside)

    def predicate_ahead(self, j: int) -> bool:
        """True when a measure word follows token j before its clause (or the sentence) ends, with no number
        between ("... 35 weitere seien abgeschossen worden")."""
        view = self.view
        k = j
        while k < len(view.tokens) and view.tokens[k].norm not in (",", ";", ".") and view.number_at(k) is None:
            m = view.match_at(k)
            if m is not None and m.has("measure"):
                return True
            k = m.end if m is not None else k + 1
        return False

    def _type_list_commas(self) -> set[int]:
        """The commas of a list of model names after "vom Typ", "of the types", "типу" ("84 feindliche UAVs vom
        Typ Schahed, Gerbera, Italmas und andere Drohnen ... abgeschossen"): each is followed by a name (a model,
        or a capitalised word the lexicon does not know), and none ends a clause."""
        view, toks = self.view, self.view.tokens
        openers = view.lang.data["text"].get("type_lists", ())
        out: set[int] = set()
        if not openers or not any(t.norm == "," for t in toks):
            return out
        firsts = {p.split()[0] for p in openers}
        for j in range(len(toks)):
            k = view.phrase_at(j, openers) if view.words[j] in firsts else None
            if k is None:
                continue
            while k < len(toks) and toks[k].norm not in (".", ";") and view.number_at(k) is None:
                if toks[k].norm == ",":
                    after = view.match_at(k + 1) if k + 1 < len(toks) else None
                    name = k + 1 < len(toks) and toks[k + 1].kind == "word" and (
                        after is None and toks[k + 1].text[:1].isupper() or after is not None and after.has("model"))
                    if not name or toks[k].depth != 0:
                        break
                    out.add(k)
                k += 1
        return out

    def _direction_list_commas(self) -> set[int]:
        """The commas of a list of compass directions ("im Norden, Süden und Osten des Landes abgeschossen", "in the
        north, south and east", "на півночі, півдні та сході"): a direction on both sides, a preposition or
        article after the comma allowed; none ends a clause."""
        view, toks = self.view, self.view.tokens
        text = view.lang.data["text"]
        directions, skip = text["directions"], set(text["prepositions"]) | set(text["articles"])
        out: set[int] = set()
        for k, tok in enumerate(toks):
            if tok.norm != "," or k == 0 or view.words[k - 1] not in directions:
                continue
            j = k + 1
            while j < len(toks) and view.words[j] in skip:
                j += 1
            if j < len(toks) and view.words[j] in directions:
                out.add(k)
        return out

    def _relative_tokens(self) -> set[int]:
        view, toks = self.view, self.view.tokens
        out: set[int] = set()
        for k, tok in enumerate(toks):
            if tok.norm == "," and k + 1 < len(toks):
                m = view.match_at(k + 1)
                if m is not None and m.has("relative"):
                    end = self.bounds(k + 1, k + 1)[1]
                    if not any(view.number_at(j) for j in range(k + 1, end)):
                        out.update(range(k + 1, end))
        return out


def clause_map(view) -> ClauseMap:
    """The clause map of a unit, built once and kept on its view."""
    found = view._clauses
    if found is None:
        found = view._clauses = ClauseMap(view)
    return found
