"""A language's lexicon compiled for extraction: phrase matchers, number words, detection."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from etl.extract.matcher import PhraseMatcher, Tag
from etl.extract.text import normalize_word, tokenize
from etl.lexicon import available_languages, gazetteer, load_language, weapon_catalog

__all__ = ["Language", "language", "detect_language", "number_word", "is_official_source"]


@dataclass(frozen=True)
class Language:
    """Everything extraction needs to know about one language."""

    code: str
    data: dict
    phrases: PhraseMatcher
    places: PhraseMatcher
    place_forms: tuple[tuple[str, str], ...]  # single-word place names for fuzzy matching
    suffixes: tuple[str, ...]
    abbreviations: frozenset[str]
    months: frozenset[str]
    ordinal_heads: frozenset[str]  # words before an ordinal in digits inside a sentence ("dem 17. Angriff")
    clock_words: frozenset[str]  # after a time of day on a live blog's entry line ("19:29 Uhr", "10:45 GMT")
    official: PhraseMatcher
    common_nouns: PhraseMatcher  # region words that count in lower case ("the capital")
    clause_breaks: PhraseMatcher  # words that start a clause of their own for outages ("before", "damaging")
    revisions: PhraseMatcher  # words of a sentence that corrects earlier figures ("now says", "korrigiert")
    entirety: PhraseMatcher  # "all of which", "alle", "усі вони" opening a clause after a count
    adjacent_cues: frozenset[str] = frozenset()


def _holding_office(d: dict) -> list[str]:
    """A side's phrase that names a regional official ("moscow mayor", "губернатор бєлгородської"): a regional
    official too, whose figures are his region's."""
    offices = [o.split() for o in d["text"].get("regional_officials", ())]
    out = []
    for roles in d["attackers"].values():
        for phrase in roles.get("defense", ()):
            words = [w.rstrip("*") for w in phrase.split()]
            if any(words[k:k + len(o)] == o for o in offices for k in range(len(words) - len(o) + 1)):
                out.append(phrase)
    return out


@functools.cache
def _spaced(aliases) -> list[str]:
    """Model names like "kh-555*" also written with a space before their number ("ch 555")."""
    out = []
    for a in aliases:
        head, _, tail = a.rstrip("*").rpartition("-")
        if head and tail.isdigit() and "/" not in a and " " not in head:
            out.append(f"{head} {tail}")
    return out


@functools.cache
def language(code: str) -> Language:
    """The compiled lexicon of a language."""
    data = load_language(code)
    months = frozenset(w for forms in data["dates"]["months"].values() for w in forms if " " not in w)
    gaz = gazetteer()
    place_entries = [(p, ("region", c)) for c, e in gaz["regions"].items() for p in e[code]]
    # a wire translated from another language keeps its spellings ("the region of Chmelnyzkyj" in English)
    script = data["detect"]["script"]
    for other in available_languages():
        if other != code and load_language(other)["detect"]["script"] == script:
            place_entries += [(p, ("region", c)) for c, e in gaz["regions"].items() for p in e[other]]
    place_entries += [(p, ("not_place",)) for p in gaz["not_places"][code]]
    place_entries += [(p, ("foreign",)) for p in gaz["foreign"][code]]
    place_entries += [(p, ("country",)) for p in gaz["countries"][code]]
    place_entries += [(p, ("over",)) for p in gaz["over"][code]]
    place_entries += [(p, ("toward",)) for p in gaz["toward"][code]]
    place_entries += [(p, ("direction",)) for p in gaz["direction"][code]]
    place_entries += [(p, ("located",)) for p in gaz["located"][code]]
    place_entries += [(p, ("near",)) for p in gaz["near"][code]]
    place_entries += [(p, ("district",)) for p in gaz["districts"][code]]
    place_entries += [(p, ("region_plural",)) for p in gaz["region_plurals"][code]]
    forms = tuple(
        (p, c) for c, e in gaz["regions"].items() for p in e[code] if " " not in p and "*" not in p and len(p) >= 5
    )
    return Language(
        code=code,
        data=data,
        phrases=PhraseMatcher(_phrase_entries(data)),
        places=PhraseMatcher(place_entries),
        place_forms=forms,
        suffixes=tuple(gaz["suffixes"][code]),
        abbreviations=frozenset(data["text"]["abbreviations"]),
        months=months,
        ordinal_heads=frozenset(data["text"]["ordinal_heads"]),
        clock_words=frozenset(data["text"]["clock_words"]),
        official=PhraseMatcher((p, ("official",)) for p in data["sources"]["official"]),
        common_nouns=PhraseMatcher((p, ("common_noun",)) for p in gaz["common_nouns"][code]),
        clause_breaks=PhraseMatcher((p, ("clause_break",)) for p in data["outages"]["clause_breaks"]),
        revisions=PhraseMatcher((p, ("revision",)) for p in data["figures"]["revision"]),
        entirety=PhraseMatcher((p, ("entirety",)) for p in data["figures"]["entirety"]),
        adjacent_cues=frozenset(data["figures"]["adjacent"]),
    )


def _phrase_entries(d: dict) -> list[tuple[str, Tag]]:
    """Every phrase of a language file with the tag it stands for."""
    out: list[tuple[str, Tag]] = []

    def add(phrases, tag):
        out.extend((p, tag) for p in phrases)

    for q, ps in d["qualifiers"].items():
        add(ps, ("qual", q))
    w = d["weapons"]
    for c, ps in w["classes"].items():
        add(ps, ("class", c))
    for t, ps in w["types"].items():
        add(ps, ("type", t))
    for m, ps in w["models"].items():
        add(ps, ("model", m))
    for entry in weapon_catalog():
        tag = ("model", entry.model) if entry.model else ("type", entry.type) if entry.type else ("class", entry.weapon)
        add(entry.aliases, tag)
        add(_spaced(entry.aliases), tag)  # "Ch 555", "X 59": the hyphen of a model name written as a space
    add(w["fillers"], ("filler",))
    add(d["text"].get("perspective", ()), ("perspective",))
    add(d["text"].get("regional_officials", ()), ("regional_official",))
    add(d["text"].get("whole_country", ()), ("whole_country",))
    add(d["text"].get("reminders", ()), ("reminder",))
    add(d["text"].get("speaker_again", ()), ("speaker_again",))
    add(w["platforms"], ("platform",))
    for c, ps in w.get("mentions", {}).items():
        add(ps, ("mention", c))
    for k, ps in d["figures"].items():
        add(ps, (k,))
    for m, ps in d["measures"].items():
        add(ps, ("measure", m))
    add(d["text"].get("observing", ()), ("measure", "launched"))  # "detected 70 drones": a launch seen by the attacked
    for side, roles in d["attackers"].items():
        for role, ps in roles.items():
            add(ps, (f"atk_{role}", side))
    add(_holding_office(d), ("regional_official",))
    dates = d["dates"]
    for n, ps in dates["months"].items():
        add(ps, ("month", int(n)))
    for n, ps in dates["weekdays"].items():
        add(ps, ("weekday", int(n)))
    for p, offset in dates["relative_days"].items():
        out.append((p, ("relday", offset)))
    for k in ("night_of", "day_of", "overnight", "anaphora", "speech", "window_start", "start_of", "night_after",
              "evening_start", "attack_start", "comparison", "range_to", "vague_past", "part_of_month", "since_then"):
        add(dates.get(k, []), ("date_anaphora",) if k == "anaphora" else (k,))
    for day, ps in dates["named_nights"].items():
        add(ps, ("named_night", day))
    for k, ps in dates["periods"].items():
        add(ps, (k,) if k in ("month_in", "since") else ("period", k))
    o = d["outages"]
    for k, ps in o["kinds"].items():
        add(ps, ("util", k))
    for k, ps in o["compounds"].items():
        add(ps, ("outage", k))
    add(o["disruption"], ("disrupt",))
    add(o["facilities"], ("facility",))
    for k, ps in o["extent"].items():
        add(ps, ("extent", k))
    add(o["blockers"], ("blocker",))
    add(o["schedules"], ("blocker",))
    add(o["schedules"], ("schedule",))
    add(o["attack_causes"], ("attack_cause",))
    add(o["any_kind"], ("util_any",))
    add(o["back_reference"], ("back_ref",))
    add(o["unnamed_places"], ("unnamed_places",))
    add(o["other_places"], ("other_places",))
    add(o.get("both_places", ()), ("both_places",))
    add(o.get("national", ()), ("national",))
    add(o.get("other_causes", ()), ("other_cause",))
    add(o.get("casualties", ()), ("casualty",))
    add(o.get("apposition", ()), ("apposition",))
    add(o["same_event"], ("same_event",))
    add(o.get("place_joiners", ()), ("place_joiner",))
    return out


@functools.lru_cache(maxsize=65536)
def number_word(word: str, code: str) -> int | None:
    """The value of a number word ("three", "zwölf", "трьома"), or None."""
    nums = language(code).data["numbers"]
    if word in nums["words"]:
        return nums["words"][word]
    if word in nums["not_numbers"] or not word.isalpha() and "'" not in word and "-" not in word:
        return None
    if nums["parser"] == "text2num":
        from text_to_num import text2num

        try:
            value = text2num(word, code)
        except ValueError:
            return None
    else:
        from number_parser import parse_number

        spelled = word.replace("'", "ʼ")
        if not _number_parser_knows(spelled, code):
            return None  # number_parser builds its whole vocabulary again on every call: ask only when it can answer
        value = parse_number(spelled, language=code)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


@functools.cache
def _number_parser_vocabulary(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """number_parser's number words and skip words of a language, read once."""
    from number_parser.parser import LanguageData

    data = LanguageData(code)
    return frozenset(data.all_numbers), frozenset(data.skip_tokens)


def _number_parser_knows(word: str, code: str) -> bool:
    """True when every token of the word is one of number_parser's number words (or a skip word after the first):
    the test parse_number makes before it reads a value, so a False is its None."""
    from number_parser.parser import _normalize_tokens, _tokenize

    numbers, skips = _number_parser_vocabulary(code)
    tokens = _normalize_tokens(_tokenize(word, code))
    return all(not t.strip() or t in numbers or (k and t in skips) for k, t in enumerate(tokens))


def is_weak_number(word: str, code: str) -> bool:
    """True for number words that are also articles ("eine"): counted only before a weapon."""
    return word in language(code).data["numbers"]["weak"]


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-ZäöüßÄÖÜ]")


def detect_language(text: str) -> str | None:
    """The language of a text among those with a lexicon, or None when unclear."""
    sample = text[:4000]
    cyr, lat = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if cyr + lat < 20:
        return None
    script = "cyrillic" if cyr > lat else "latin"
    words = [t.norm for t in tokenize(sample) if t.kind == "word"]
    best, best_score = None, 0
    for code in available_languages():
        lex = load_language(code)
        if lex["detect"]["script"] != script:
            continue
        vocab = set(lex["detect"]["words"])
        score = sum(1 for w in words if w in vocab)
        score += 2 * any(letter in sample for letter in lex["detect"]["letters"])
        if score > best_score:
            best, best_score = code, score
    return best if best_score >= 2 else None


def is_official_source(source: str | None) -> bool:
    """True when a publisher name belongs to an official body (air force, ministry)."""
    if not source:
        return False
    words = [t.norm for t in tokenize(source)]
    for code in available_languages():
        if language(code).official.find(words):
            return True
    return False


def normalize(word: str) -> str:
    """Re-exported for readers of place names."""
    return normalize_word(word)
