"""One unit of text seen through a language's lexicon: tokens, phrase matches and numbers."""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import replace
from operator import attrgetter

from etl.extract.language import Language, is_weak_number, number_word
from etl.extract.matcher import Match
from etl.extract.numbers import Number, count, decimal, digits_count, signed
from etl.extract.text import Unit
from etl.model import DEFENSIVE

__all__ = ["UnitView", "Number", "weaponish"]

DASHES = frozenset({"-", "–", "—"})
EMPHASIS = frozenset({"*", "_"})  # Markdown's bold and italic marks around a dateline
ROUND_FACTORS = frozenset({10, 12})  # tens and dozens make a round figure ("шість десятків дронів", "two dozen")


def _capitalised(tokens, k: int) -> bool:
    """True when token k is a word that starts with a capital letter."""
    return k < len(tokens) and tokens[k].kind == "word" and tokens[k].text[:1].isupper()


class UnitView:
    """A unit's tokens with the lexicon's phrase matches and the numbers in it."""

    def __init__(self, unit: Unit, text: str, lang: Language):
        self._date_exprs = None
        self._dateline: int | None = None
        self._regions = None
        self._place_matches = None  # the gazetteer's matches, found on first use (place_matches)
        self._clauses = None  # etl.extract.clauses.ClauseMap, built on first use
        self._by_kind: dict[str, list[Match]] | None = None
        self._tag_starts: dict[str, list[int]] = {}
        self._token_starts: list[int] | None = None
        self.unit = unit
        self.text = text
        self.lang = lang
        self.tokens = unit.tokens
        self.words = [t.norm for t in self.tokens]
        self.matches: list[Match] = lang.phrases.find(self.words)
        self._starts = {m.start: m for m in self.matches}
        self._cover: list[Match | None] = [None] * len(self.tokens)
        for m in self.matches:
            for k in range(m.start, m.end):
                self._cover[k] = m
        self.numbers: list[Number] = self._read_numbers()
        self._number_at = {n.start: n for n in self.numbers}

    @property
    def span(self) -> tuple[int, int]:
        """The unit's character range in the report text."""
        return self.unit.start, self.unit.end

    @property
    def heading(self) -> bool:
        """True for a headline or a heading (a liveblog entry's, a section's): a short line of its own without a
        full stop."""
        if self.unit.title:
            return True
        text, start, end = self.text, self.unit.start, self.unit.end
        own_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] in "\r\n")
        line = text[start:end].rstrip()
        return (own_line and not self.unit.item and len(line) < 120
                and not line.endswith((".", "!", "?", ":", ";", ")")))

    def tagged(self, kind: str) -> list[Match]:
        """The matches that carry a tag of this kind, in order (indexed once per unit)."""
        index = self._by_kind
        if index is None:
            index = self._by_kind = {}
            for m in self.matches:
                for k in m._values:
                    index.setdefault(k, []).append(m)
        return index.get(kind, [])

    def tagged_in(self, kind: str, lo: int, hi: int) -> list[Match]:
        """The matches tagged with this kind that start in tokens [lo, hi), found by bisection: a clause's cues are
        looked up once per figure, and a long clause holds many figures."""
        found = self.tagged(kind)
        starts = self._tag_starts.get(kind)
        if starts is None:
            starts = self._tag_starts[kind] = [m.start for m in found]
        return found[bisect_left(starts, lo):bisect_left(starts, hi)]

    def numbers_in(self, lo: int, hi: int) -> list[Number]:
        """The numbers that start in tokens [lo, hi), found by bisection."""
        key = attrgetter("start")
        return self.numbers[bisect_left(self.numbers, lo, key=key):bisect_left(self.numbers, hi, key=key)]

    def token_at_char(self, char: int) -> int | None:
        """The first token that starts at or after a character offset of the report text."""
        if self._token_starts is None:
            self._token_starts = [t.start for t in self.tokens]
        k = bisect_left(self._token_starts, char)
        return k if k < len(self.tokens) else None

    def match_at(self, i: int) -> Match | None:
        """The phrase match that starts at token i."""
        return self._starts.get(i)

    def match_covering(self, i: int) -> Match | None:
        """The phrase match that covers token i."""
        return self._cover[i] if 0 <= i < len(self._cover) else None

    def month_at(self, i: int) -> int | None:
        """The month number named at token i."""
        m = self._starts.get(i)
        return m.get("month") if m is not None and m.has("month") else None

    def dateline_end(self) -> int:
        """Index of the first token after a news dateline ("KYIV, Dec 13 (Agency) -", "Kiew (dpa) –",
        "Moskau/Kiew (EDD) –", "UKRAINE |", "**KYIV, Ukraine** –", "Kyiv, Ukraine –", "Kiew: Bei ..."), else 0."""
        if self._dateline is None:
            self._dateline = self._find_dateline()
        return self._dateline

    def _find_dateline(self) -> int:
        toks = self.tokens
        first = 0
        while first < len(toks) and toks[first].norm in EMPHASIS:
            first += 1  # "**KYIV, Ukraine** –": the dateline set in bold
        if not _capitalised(toks, first):
            return 0
        if toks[first].text.isupper() and len(toks[first].text) > 1:
            for k, tok in enumerate(toks[:first + 12]):
                if tok.norm in DASHES and k > first + 1 or tok.norm == "|" and k >= first + 1:
                    return k + 1  # "KYIV, Dec 13 (Reuters) -", "UKRAINE | Russland hat ..." (a section tag)
            return 0
        for k in range(first, min(first + 8, len(toks))):  # capitalised place names, an agency in brackets, a dash
            tok = toks[k]
            if tok.norm == "(":
                close = next((j for j in range(k + 1, min(k + 5, len(toks))) if toks[j].norm == ")"), None)
                if close is not None and close + 1 < len(toks) and toks[close + 1].norm in DASHES:
                    return close + 2
                return 0
            if (tok.norm in DASHES or tok.norm == ":" and self._opens_report()) and k > first:
                # "Kyiv, Ukraine – Russia ...", "Kiew: Bei einem ..." opening the report (not a headline's topic,
                # "Charkiw: ... ohne Strom", nor a line's label, "Суми: ... знеструмлення частини міста")
                return k + 1 if self._opens_paragraph() and self._only_places(first, k) and _capitalised(toks, k + 1) \
                    else 0  # not "– Тернопільщина – повністю" (a list's place and its extent)
            if not (tok.kind == "word" and tok.text[:1].isupper() or tok.norm in ("/", ",") or tok.norm in EMPHASIS):
                return 0
        return 0

    def _opens_report(self) -> bool:
        """True for the report's first unit when it is a sentence, not a headline."""
        return not self.heading and not self.text[:self.unit.start].strip()

    def _opens_paragraph(self) -> bool:
        """True when the unit is not a list item and starts a line."""
        start = self.unit.start
        return not self.unit.item and (start == 0 or self.text[:start].rstrip(" \t").endswith("\n") or
                                       not self.text[:start].strip())

    def place_matches(self) -> list[Match]:
        """The gazetteer's matches in the unit's words (places, not-places, prepositions), found once per unit."""
        if self._place_matches is None:
            self._place_matches = self.lang.places.find(self.words)
        return self._place_matches

    def _only_places(self, lo: int, hi: int) -> bool:
        """True when every word between tokens lo and hi is part of a place name of the gazetteer or is a country
        ("Kyiv, Ukraine")."""
        words = [k for k in range(lo, hi) if self.tokens[k].kind == "word"]
        covered = {k for m in self.place_matches() if lo <= m.start and m.end <= hi for k in range(m.start, m.end)}
        covered.update(m.start for m in self.tagged("atk_actor") if lo <= m.start and m.end == m.start + 1 <= hi)
        return bool(words) and all(k in covered for k in words)

    def phrase_at(self, j: int, phrases) -> int | None:
        """Where the longest of these lexicon phrases that starts at token j ends, or None when none starts there
        (for short lists read on the spot: "according to", "sie", "що вони")."""
        ends = [j + len(p.split()) for p in phrases if self.words[j:j + len(p.split())] == p.split()]
        return max(ends, default=None)

    def phrase_before(self, i: int, phrases) -> bool:
        """True when one of these lexicon phrases ends right before token i ("laut", "according to")."""
        return any(i >= len(p.split()) and self.words[i - len(p.split()):i] == p.split() for p in phrases)

    def number_at(self, i: int) -> Number | None:
        """The number that starts at token i."""
        return self._number_at.get(i)

    def _read_numbers(self) -> list[Number]:
        out: list[Number] = []
        code = self.lang.code
        i, n = 0, len(self.tokens)
        while i < n:
            tok = self.tokens[i]
            fraction = self._fraction_of_whole(i)
            if fraction is not None:
                out.append(fraction)  # "half of the 10 missiles": five of them
                i += 1
                continue
            if tok.kind == "word" and self._definite_one(i):
                out.append(Number(1, i, i + 1, weak=True, definite=True))  # "and destroyed the missile"
                i += 1
                continue
            if tok.kind == "word" and self._one_named(i):
                out.append(count(1, i, i + 1, weak=True))  # "an Iskander-M ballistic missile", "a Kh-59"
                i += 1
                continue
            if self._cover[i] is not None and not _number_compatible(self._cover[i]):
                i += 1
                continue
            if tok.kind == "num" and (self._labelled(i) or self._negated(i) or self._day_of_month(i)
                                      or self._year_of_month(i) or self._model_number(i)):
                i += 1  # "route No. 18": a name; "127 drones, not 150": a figure rejected; "Jan. 2": a day
                continue
            if tok.kind == "num":
                number = self._digits_with_multiplier(i)
                if number is not None:
                    out.append(signed(number, self.tokens, self.text))
                    i = number.end
                else:
                    i += 1
                continue
            if tok.kind == "word" and self._cased_digits(tok.norm) is not None:
                out.append(count(self._cased_digits(tok.norm), i, i + 1))  # "72-ма", "24-х"
                i += 1
                continue
            if tok.kind == "word":
                value = number_word(tok.norm, code)
                if value is not None and i > 0 and self.words[i - 1] in self.lang.data["numbers"]["vague"]:
                    value = None  # "several hundred", "mehrere tausend": no count
                if value is not None:
                    j = i + 1
                    joiners = self.lang.data["numbers"].get("joiners", ())
                    while j < n and self.tokens[j].kind == "word":
                        step = 2 if self.words[j] in joiners and j + 1 < n else 1  # "one hundred and sixty"
                        if self._cover[j] is not None and step == 1:
                            break
                        joined = " ".join(self.words[i : j + step])
                        more = _phrase_value(joined, code)
                        if more is None:
                            break
                        value, j = more, j + step
                    factor = self.lang.data["numbers"]["multipliers"].get(self.words[j]) if j < n else None
                    rounded = False
                    if factor and self._cover[j] is None and not is_weak_number(tok.norm, code):
                        value, j, rounded = value * factor, j + 1, factor in ROUND_FACTORS  # "zwei Dutzend", "два десятки"
                    number = count(value, i, j, weak=j == i + 1 and is_weak_number(tok.norm, code))
                    out.append(replace(number, rounded=True) if rounded else number)
                    i = j
                    continue
            i += 1
        if not out:
            return self._item_of_one() or self._nouns_of_one(out)
        return sorted(out + self._nouns_of_one(out), key=attrgetter("start"))

    def _fraction_of_whole(self, i: int) -> Number | None:
        """A fraction word before a whole counted in whole weapons is that part of it: "half of the 10 missiles",
        "die Hälfte der 10 Raketen", "половину з 10 ракет" (five); none when the part is no whole number."""
        divisor = self.lang.data["numbers"]["fractions"].get(self.words[i])
        if divisor is None:
            return None
        m = self._starts.get(i + 1)
        if m is not None and m.has("anaphora"):
            whole = self._count_before(i)  # "eight Shahed-136 drones, half of which were shot down"
        elif m is None or not (m.has("partitive") or m.has("base")) or m.end >= len(self.tokens):
            return None
        else:
            whole = (self._digits_with_multiplier(m.end) if self.tokens[m.end].kind == "num"
                     else number_word(self.words[m.end], self.lang.code))
        value = whole.value if isinstance(whole, Number) else whole
        if value is None or value % divisor:
            return None
        return count(value // divisor, i, i + 1)

    def _count_before(self, i: int) -> int | None:
        """The count of weapons said last before token i in the sentence: a number with a weapon word right after
        it, a word between at most ("acht Shahed-Drohnen", "eight Shahed-136 drones"; not the particle of "setzte
        ... ein", nor a weapon's name as "Shahed-136")."""
        for k in range(i - 1, -1, -1):
            cover = self._cover[k]
            if cover is not None and weaponish(cover):
                continue
            if self.tokens[k].kind == "num":
                number = self._digits_with_multiplier(k)
                value = number.value if isinstance(number, Number) else None
            else:
                value = number_word(self.words[k], self.lang.code)
            if value is not None and any((m := self._starts.get(j)) is not None and weaponish(m)
                                         for j in (k + 1, k + 2)):
                return value
        return None

    def _nouns_of_one(self, numbers: list[Number]) -> list[Number]:
        """A singular weapon noun right before a model, or right after a way of stopping, counts one where the
        language has no article ("ворог випустив ракету «Х-22»", "а також ракету Х-59", "збили ворожу ракету"),
        unless a number counts it ("дві ракети Х-59")."""
        nouns = self.lang.data["numbers"].get("singular_nouns", ())
        out = []
        for k, word in enumerate(self.words):
            if word not in nouns or any(k - 3 <= n.end <= k and all(
                    self.tokens[x].kind == "word" for x in range(n.end, k)) for n in numbers):
                continue  # "1 аеробалістичну ракету «Кинджал»": counted already
            j = k + 1
            while j < len(self.tokens) and self.tokens[j].kind == "punct" and self.tokens[j].norm not in (",", ".", ";"):
                j += 1  # quotes
            m = self._starts.get(j)
            if m is not None and m.has("model") or self._stopped_right_before(k):
                out.append(count(1, k, k, weak=True))
        return out

    def _stopped_right_before(self, k: int) -> bool:
        """True when a way of stopping stands right before the noun at token k, a side's adjective between at most
        ("збили ворожу ракету", "перехопили російську ракету"): one weapon stopped, as "shot down a missile"."""
        side = self.match_covering(k - 1) if k > 0 else None
        if side is not None and side.end == k and side.has("atk_weapon") and not weaponish(side):
            k = side.start  # "ворожу", "російську"
        return self._stop_ends_at(k)

    def _stop_ends_at(self, i: int) -> bool:
        """True when a way of stopping ends right before token i ("shot down | a drone", "збили | ракету")."""
        before = self.match_covering(i - 1) if i > 0 else None
        return before is not None and before.end == i and any(v in DEFENSIVE for v in before.values("measure"))

    def _item_of_one(self) -> list[Number]:
        """A list item that names one weapon and no number counts one ("fpv-дрон;", "- БпЛА типу «Ланцет»;",
        "guided air missile Kh-59 in the Dnipropetrovsk Region;" under "shot down:"): the count is a bullet or
        nothing right before the weapon, and the item says no verb of its own."""
        if not self.unit.item:
            return []
        k = next((j for j, tok in enumerate(self.tokens) if tok.kind == "word"), None)
        m = self._starts.get(k) if k is not None else None
        if m is None or not weaponish(m) or any(x.has("measure") for x in self.matches):
            return []
        start = k - 1 if k > 0 and self.tokens[k - 1].kind == "punct" else k
        return [count(1, start, k, weak=True)]

    def _one_named(self, i: int) -> bool:
        """True for an article that counts one: right before a named model ("an Iskander-M", "a Kh-59"), or
        "another" right before any weapon ("another drone was downed")."""
        numbers = self.lang.data["numbers"]
        singular = self.words[i] in numbers.get("singulars", ()) and not (  # "балістичною ракетою «Іскандер-М»"
            i > 0 and (self.tokens[i - 1].kind == "num" or number_word(self.words[i - 1], self.lang.code) is not None))
        if not singular and self.words[i] not in numbers.get("articles_of_one", ()):
            return False
        m = self._starts.get(i + 1)
        own = self._starts.get(i)
        further = own is not None and own.has("more")  # "another drone was downed": one more, of any weapon
        if m is None and not singular and self._plain_word(i + 1):
            m = self._starts.get(i + 2)  # "an unknown ballistic missile", "an Iskander-EM ballistic missile"
            if m is None or not (m.has("model") or m.has("type")):
                return self._one_stopped(i)
        if m is None or not (m.has("model") or m.has("type") or (further or singular) and (m.has("type") or m.has("class"))):
            return self._one_stopped(i)
        while m is not None and (m.has("model") or m.has("type") or m.has("class")):
            end, m = m.end, self._starts.get(m.end)
        events = self.lang.data["numbers"].get("events", ())
        return end >= len(self.words) or self.words[end] not in events  # "a Shahed drone attack" counts no drone

    def _plain_word(self, k: int) -> bool:
        """True for a word at token k that nothing matched and that is no number: an adjective or a name the
        lexicon does not know ("unknown", "Iskander-EM")."""
        return (k < len(self.tokens) and self.tokens[k].kind == "word" and self._starts.get(k) is None
                and self._cover[k] is None and number_word(self.words[k], self.lang.code) is None)

    def _definite_one(self, i: int) -> bool:
        """True for a definite article before a singular weapon noun whose clause says it was stopped ("destroyed
        the missile", "Auch die Rakete sei abgeschossen worden"): the one weapon of that class counted before, if the
        report counted one (the document reader keeps it only then)."""
        numbers = self.lang.data["numbers"]
        if self.words[i] not in numbers["definite_articles"]:
            return False
        k = i + 1
        m = self._starts.get(k)
        if m is not None and m.has("atk_weapon") and not weaponish(m):
            k = m.end  # "the Russian missile"
        return k < len(self.words) and self.words[k] in numbers["singular_weapons"] and self._one_stopped(i, article=True)

    def _one_stopped(self, i: int, article: bool = False) -> bool:
        """True for an article before a weapon word (a side's adjective or one other word between at most) whose
        clause then says it was stopped: "A hostile drone was destroyed by air defences", "Eine Drohne wurde
        abgeschossen", or right after a way of stopping ("shot down a drone over Belgorod"); not "als eine Drohne ein Wohnhaus traf" (a single object that hits is no count)."""
        if not article and self.words[i] not in self.lang.data["numbers"].get("articles_of_one", ()):
            return False
        stopped_before = self._stop_ends_at(i)
        k, other = i + 1, 0
        while k < len(self.words):
            m = self._starts.get(k)
            if m is not None and m.has("atk_weapon") and not weaponish(m):
                k = m.end  # "a Russian drone"
            elif m is None and other == 0 and self.tokens[k].kind == "word" and self.tokens[k].text.islower():
                k, other = k + 1, 1  # "a hostile drone"
            else:
                break
        m = self._starts.get(k)
        if m is None or not weaponish(m):
            return False
        while m is not None and weaponish(m):
            k, m = m.end, self._starts.get(m.end)
        if k < len(self.words) and self.words[k] in self.lang.data["numbers"].get("events", ()):
            return False  # "a drone attack was repelled": the event
        if stopped_before:
            return True  # "air defence systems shot down a drone over the Belgorod region"
        for j in range(k, min(k + STOP_REACH, len(self.words))):
            m = self._starts.get(j)
            if self.tokens[j].norm in (",", ";", ".") or m is not None and weaponish(m):
                return False
            if m is not None and m.has("measure"):
                return any(v in DEFENSIVE for v in m.values("measure"))
        return False

    def _cased_digits(self, word: str) -> int | None:
        """The number of digits written with a case ending ("72-ма", "37-ми", "24-х"), else None."""
        head, dash, ending = word.partition("-")
        if not dash or not head.isdigit() or ending not in self.lang.data["numbers"].get("case_endings", ()):
            return None
        return int(head)

    def _model_number(self, i: int) -> bool:
        """True when the digits at token i are part of a model's name written after it ("Shahed 131/136 kamikaze
        drone", "Shahed 136"): the model's word right before, or digits and a slash after it."""
        k = i - 1
        if k >= 1 and self.words[k] == "/":
            k -= 1  # "131/136": what stands before the slash
            if self.tokens[k].kind == "num" and (self.match_covering(k) is None or not self.match_covering(k).has("model")):
                k -= 1  # digits of their own: the model's word before them
        m = self.match_covering(k) if k >= 0 else None
        return m is not None and m.end == k + 1 and m.has("model")

    def _labelled(self, i: int) -> bool:
        """True when the digits at token i follow a label word ("No. 18", "Nr. 5", "№ 3", "#5")."""
        k = i - 1
        if k > 0 and self.words[k] == "." and self.tokens[k].start == self.tokens[k - 1].end:
            k -= 1
        return k >= 0 and self.words[k] in self.lang.data["numbers"]["labels"]

    def _year_of_month(self, i: int) -> bool:
        """True when the digits at token i are a year right after a month ("seit Februar 2022 mit seinen
        Drohnenangriffen", "since February 2022", "з лютого 2022 року")."""
        text = self.tokens[i].text
        return text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100 and i > 0 and self._month_ends_at(i - 1)

    def _day_of_month(self, i: int) -> bool:
        """True when the digits at token i are a day next to its month ("Jan. 2", "2 січня", "am 2. Januar")."""
        text = self.tokens[i].text
        if not (text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 31):
            return False
        before = i - 2 if i >= 2 and self.words[i - 1] == "." else i - 1
        after = i + 2 if i + 2 < len(self.tokens) and self.words[i + 1] == "." else i + 1
        if after < len(self.tokens) and self.month_at(after):
            return True
        if before < 0 or not self._month_ends_at(before):
            return False
        month = self._cover[before]  # "28. Dezember 15 von 16": the month already has its day
        k = month.start - 1 - (1 if month.start >= 2 and self.words[month.start - 1] == "." else 0)
        return not (k >= 0 and self.tokens[k].kind == "num" and self.tokens[k].text.isdigit() and len(self.tokens[k].text) <= 2)

    def _month_ends_at(self, k: int) -> bool:
        m = self._cover[k]
        return m is not None and m.end == k + 1 and m.has("month")

    def _negated(self, i: int) -> bool:
        """True when a negation stands right before the digits at token i, not as part of a qualifier."""
        k = i - 1
        return k >= 0 and self.words[k] in self.lang.data["figures"]["negation"] and self._cover[k] is None

    def _digits_with_multiplier(self, i: int) -> Number | None:
        """A number in digits, times a following "thousand"/"тисячі"/"Tausend" if there is one."""
        multipliers = self.lang.data["numbers"]["multipliers"]
        j = i + 1
        free = j < len(self.tokens) and (self._cover[j] is None or _number_compatible(self._cover[j]))
        factor = multipliers.get(self.words[j]) if free else None  # "12 тисяч" ("тисяч" is an outage extent too)
        number = digits_count(self.tokens[i].text, i)
        if factor and (number is None or number.doubt is None):
            amount = number.value if number is not None else decimal(self.tokens[i].text)
            if amount is not None:
                end = j + 2 if j + 1 < len(self.tokens) and self.words[j + 1] == "." else j + 1
                return count(amount * factor, i, end)
        return number


STOP_REACH = 8  # words after "a drone" in which its clause says it was stopped ("was destroyed by air defences")
_OUTAGE_ONLY = frozenset({"disrupt", "extent", "blocker", "util", "outage"})


def weaponish(m: Match) -> bool:
    """True when a match names a weapon class, type or model."""
    return m.has("class") or m.has("type") or m.has("model")


def _number_compatible(m: Match) -> bool:
    """True for a one-word match that only outage words share with numbers ("keine", "kein")."""
    return m.end - m.start == 1 and set(m._values) <= _OUTAGE_ONLY


@functools.lru_cache(maxsize=1 << 14)
def _phrase_value(phrase: str, code: str) -> int | None:
    """The value of a multi-word number ("two hundred", "сто двадцять"), or None."""
    from etl.extract.language import language

    if language(code).data["numbers"]["parser"] == "text2num":
        from text_to_num import text2num

        try:
            return text2num(phrase, code)
        except ValueError:
            return None
    from number_parser import parse_number

    value = parse_number(phrase.replace("'", "ʼ"), language=code)
    return value if isinstance(value, int) else _composed(phrase.split(), code)


def _composed(words: list[str], code: str) -> int | None:
    """A compound number whose words each have a value, largest place first ("двохсот п'ятдесяти",
    "тридцятьма трьома"): the sum, when each word fits below the place of the one before."""
    values = [number_word(w, code) for w in words]
    if len(values) < 2 or any(v is None or v <= 0 for v in values):
        return None
    for big, small in zip(values, values[1:], strict=False):
        place = 1
        while big % (place * 10) == 0:
            place *= 10
        if place == 1 or small >= place:
            return None
    return sum(values)
