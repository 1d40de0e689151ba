"""Language data: one YAML file per language, a weapon catalogue and a gazetteer.

The canonical vocabulary below says which keys a language file has and which canonical
values each key must cover. `validate_language` rejects unknown keys and missing coverage,
so adding a language means adding a file, with no code changes. Phrases are lower case,
words separated by single spaces, and `*` stands for further word characters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.model import ATTACKERS, MEASURES, OUTAGE_KINDS, QUALIFIERS, TYPES, WEAPONS
from etl.yamlsafe import YAMLError, safe_load

__all__ = [
    "LexiconError",
    "LANGUAGE_SCHEMA",
    "available_languages",
    "load_language",
    "validate_language",
    "weapon_catalog",
    "weapon_types",
    "gazetteer",
    "CatalogEntry",
    "REGION_CODES",
]

LEXICON_DIR = Path(__file__).parent

REGION_CODES = (
    "UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21", "UA-23", "UA-26",
    "UA-30", "UA-32", "UA-35", "UA-40", "UA-43", "UA-46", "UA-48", "UA-51", "UA-53",
    "UA-56", "UA-59", "UA-61", "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77",
)  # fmt: skip

PHRASES = "phrases"  # a non-empty list of phrases
OPTIONAL_PHRASES = "optional phrases"  # a list of phrases, may be empty
NUMBER_MAP = "phrase -> integer"
DAY_MAP = "MM-DD -> phrases"  # a calendar day (month-day) to the phrases that name it
TEXT = "text"


def _each(keys, kind=PHRASES) -> dict:
    return {str(k): kind for k in keys}


# The canonical vocabulary: what a language file contains. Dict values are nested sections,
# strings name the kind of leaf, tuples list the allowed values of a leaf.
LANGUAGE_SCHEMA: dict[str, Any] = {
    "language": TEXT,
    "name": TEXT,
    "detect": {"script": ("latin", "cyrillic"), "words": PHRASES, "letters": OPTIONAL_PHRASES},
    "text": {"abbreviations": PHRASES,
             "prepositions": OPTIONAL_PHRASES,  # before a place: "across western Ukraine" names no actor
             "verb_particles": OPTIONAL_PHRASES,  # a separable verb's particle after its object ("fing 40 ab")
             "clock_words": OPTIONAL_PHRASES,  # after a time of day on a live blog's entry line ("19:29 Uhr")
             "articles": OPTIONAL_PHRASES,  # skipped before a date: "in the night to the 13th"
             "ordinal_heads": OPTIONAL_PHRASES,  # an article or preposition before digits with a dot that are an ordinal, no sentence end ("dem 17. Angriff")
             "directions": OPTIONAL_PHRASES,  # compass directions: commas between them end no clause ("im Norden, Süden und Osten")
             "type_lists": OPTIONAL_PHRASES,  # open a list of model names whose commas end no clause ("vom Typ Schahed, Gerbera, Italmas und andere")
             "agents": OPTIONAL_PHRASES,  # a passive's agent: "shot down by Ukrainian forces" names the defender
             "attempts": PHRASES,
             "unknown_type": OPTIONAL_PHRASES,  # after a count, weapons whose type is not known: a part beside the typed
             "attack_nouns": OPTIONAL_PHRASES,  # words that count attacks, not weapons ("missile attacks", "Raketenangriffe")
             "attacks_on": OPTIONAL_PHRASES,  # after them, the one place they struck ("three missile attacks on Kharkiv")
             "attacks_with": OPTIONAL_PHRASES,  # after them, the weapons that made them ("15 attacks with glide bombs")
             "attack_weapons_follow": ("after_a_word", "also_by_case"),  # "15 ударів КАБами": a case ending links them too
             "target_verbs": OPTIONAL_PHRASES,  # an actor right after these is the one attacked ("targeted Ukraine")  # whose attempt to attack it was: "an attempt by Ukrainian forces to attack ..."
             "observing": OPTIONAL_PHRASES,  # launch verbs said by the one attacked: "Ukraine detected 50 drones"
             "attribution": OPTIONAL_PHRASES,
             "regional_officials": OPTIONAL_PHRASES,  # who speaks for one region or city: their figures are its
             "whole_country": OPTIONAL_PHRASES,  # a count "по Україні", "at Ukraine": the country's, beside a region's
             "reminders": OPTIONAL_PHRASES,  # open a sentence that recalls what was reported before ("Нагадаємо, ...")
             "reported_before": OPTIONAL_PHRASES,  # open a sentence naming who said the one before it ("Про це повідомляє КМВА")
             "speaker_again": OPTIONAL_PHRASES,  # a sentence going on with the last speaker's words ("За його словами")
             "dropped_subject": OPTIONAL_PHRASES,  # a conjunction right before a reported verb with no subject: the speaker's ("заявили, що збили")
             "reported_subject": OPTIONAL_PHRASES,  # "Die Russen behaupten, sie hätten ... abgeschossen": the speaker again  # open a clause that names a source: "За даними Генштабу ЗСУ, ..."
             "other_articles": OPTIONAL_PHRASES,  # "Read also:": another article's headline follows (clutter.py)
             "photo_words": OPTIONAL_PHRASES,  # a caption's credit: "(Photo: ...)", "Фото: ...", "(Archivbild)"
             "perspective": OPTIONAL_PHRASES},  # the other side as the writer sees it: "enemy", "hostile", "ворожі"
    "numbers": {
        "parser": ("text2num", "number_parser"),
        "words": NUMBER_MAP,
        "multipliers": NUMBER_MAP,
        "fractions": NUMBER_MAP,  # a fraction word to what it divides its whole by: "half of the 10 missiles" is five
        "not_numbers": OPTIONAL_PHRASES,
        "weak": OPTIONAL_PHRASES,
        "vague": OPTIONAL_PHRASES,  # before a number word, no count: "several hundred", "mehrere tausend"
        "labels": OPTIONAL_PHRASES,  # before digits, a name and no count: "route No. 18", "Nr. 5", "№ 3"
        "case_endings": OPTIONAL_PHRASES,  # digits with a case ending are that number: "72-ма", "24-х"
        "joiners": OPTIONAL_PHRASES,  # a word inside a number word phrase: "one hundred and sixty"
        "definite_articles": OPTIONAL_PHRASES,  # "the", "die": before a singular weapon stopped, the one counted before
        "singular_weapons": OPTIONAL_PHRASES,  # singular weapon nouns a definite article may stand before ("missile", "Rakete")
        "articles_of_one": OPTIONAL_PHRASES,  # an article that counts one before a named model: "an Iskander-M"
        "singular_nouns": OPTIONAL_PHRASES,  # a singular weapon noun that counts one before a model: "ракету «Х-22»"
        "singulars": OPTIONAL_PHRASES,  # a singular type word that counts one before its weapon: "балістичною ракетою"
        "events": OPTIONAL_PHRASES,  # ... unless the model names an event: "a Shahed drone attack" counts no drone
    },
    "qualifiers": _each(q for q in QUALIFIERS if q != "exact"),
    "weapons": {
        "classes": _each((*WEAPONS, "any")),
        "types": _each(TYPES),
        "models": "model -> phrases",
        "fillers": PHRASES,
        "contextual": OPTIONAL_PHRASES,  # a class word the report's other weapon words decide ("Flugkörper": drones in a drone report)
        "platforms": PHRASES,
        # words that name a class without counting it: "einen Drohnenangriff gemeldet - und zwar 135 Flugobjekte"
        "mentions": _each(WEAPONS, OPTIONAL_PHRASES),
    },
    "figures": {
        **_each(("partitive", "anaphora", "more", "aux", "conjunctions", "disjunctions", "relative", "totals",
                 "electronic_warfare", "rates", "base", "all_but", "noncount", "quantity", "count_nouns",
                 "hypothetical")),
        "there_were": OPTIONAL_PHRASES,  # "seien es 2.736 gewesen", "there were 40": a bare count of the weapons named before
        "reportive_modals": OPTIONAL_PHRASES,  # a modal that reports, with a perfect infinitive: "sollen ... abgeschossen worden sein"
        "perfect_auxiliaries": OPTIONAL_PHRASES,  # the word that closes a perfect infinitive: "sein", "haben"
        "depiction": OPTIONAL_PHRASES,  # what a picture shows: a single weapon after it is no count ("Videos zeigten, wie ... eine Rakete")
        "fired_or_downed": OPTIONAL_PHRASES,  # a verb that says fired or shot down: the next sentence decides
        "repel": OPTIONAL_PHRASES,  # ways of stopping that do not say how ("abgewehrt", "repelled", "відбили")
        "respectively": OPTIONAL_PHRASES,  # "405 beziehungsweise 27": numbers in the order of the weapons named
        "revision": OPTIONAL_PHRASES,  # a sentence that corrects figures given before ("now says", "korrigiert")
        "negation": OPTIONAL_PHRASES,  # right before digits, a figure rejected: "127 drones, not 150"; before a way
        # of stopping, nothing stopped: "30 drones were not shot down"
        "not_negating": OPTIONAL_PHRASES,  # after a negation, words that keep the verb true: "not only shot down"
        "all_of": OPTIONAL_PHRASES,  # right before a count: all of them were launched ("shot down all 17 drones")
        "entirety": OPTIONAL_PHRASES,  # opening a clause after a count: "5 missiles, all of which were shot down"
        "units": OPTIONAL_PHRASES,  # after a count of weapons named before: "у кількості 273 одиниці"
        "determiners": OPTIONAL_PHRASES,  # between coordinated figures: "277 Drohnen und alle sieben Raketen"
        "adjacent": OPTIONAL_PHRASES,  # predicates that count only right before a number ("with", "mit")
        "ratio": OPTIONAL_PHRASES,  # "three in four missiles": a ratio, not counts
        "distributive": OPTIONAL_PHRASES,  # right before a count, so many in each place named: "по 4 ... над X, Y і Z"
        "inclusion": OPTIONAL_PHRASES,  # before a count, a part of one named before: "including one ..."
    },
    "measures": _each((*MEASURES, "hit", "none")),
    "attackers": {a: _each(("weapon", "actor", "defense", "target")) for a in ATTACKERS},
    "dates": {
        "months": _each(range(1, 13)),
        "weekdays": _each(range(7)),
        "weekday_qualifiers": OPTIONAL_PHRASES,  # skipped before a weekday of a night: "the night between last Wednesday and Thursday"
        "relative_days": NUMBER_MAP,
        "night_of": PHRASES,
        "day_of": PHRASES,
        "overnight": PHRASES,
        "anaphora": PHRASES,
        "speech": PHRASES,
        "window_start": PHRASES,
        "start_of": PHRASES,
        "day_suffixes": OPTIONAL_PHRASES,  # an ordinal day written with a suffix: "the 22nd", "22-ге"
        "part_of_month": OPTIONAL_PHRASES,  # "in late August", "Ende August": a part of an earlier month, no day
        "since_then": OPTIONAL_PHRASES,  # "since then", "seitdem", "відтоді": a period from the day said last to the report's
        "vague_past": OPTIONAL_PHRASES,  # an earlier time with no date ("last winter"): its figures are no claims
        "comparison": OPTIONAL_PHRASES,  # a superlative before a date makes it a baseline ("the largest since 2022")
        "attack_start": OPTIONAL_PHRASES,  # "began ... at 21:00 on 1 February": the start of the night's attack
        "evening_start": OPTIONAL_PHRASES,  # an attack since the evening of a day: the night that ends the next morning
        "night_after": OPTIONAL_PHRASES,  # after a weekday, the night that follows it ("Tuesday night")
        "range_to": OPTIONAL_PHRASES,  # between the first and last day of a period: "from Monday to today"
        "range_link": OPTIONAL_PHRASES,  # between the two days of a night: "June 8 to 9", "vom 8. auf den 9."
        "named_nights": DAY_MAP,  # nights named for the day they end on ("Neujahrsnacht": 01-01)
        "periods": _each(("past_two_days", "past_few_days", "past_week", "past_two_weeks", "week_to_date", "month_to_date", "last_month", "year_to_date", "war_to_date", "month_anaphora",
                           "month_in", "since")),
    },
    "outages": {
        "kinds": _each(OUTAGE_KINDS),
        "compounds": _each(OUTAGE_KINDS),
        "disruption": PHRASES,
        "national": OPTIONAL_PHRASES,
        "other_causes": OPTIONAL_PHRASES,  # an outage of the sentence is not the attack's ("Wegen des schlechten Wetters ...")
        "casualties": OPTIONAL_PHRASES,  # people hurt or killed: a sentence counting them by place names no outage's places
        "apposition": OPTIONAL_PHRASES,  # opens a clause that is only a list of places naming those just affected ("Це ...")  # the country or much of it as an outage's place ("large parts of the country"): no one region
        "facilities": PHRASES,
        "extent": _each(("partial", "full")),
        "blockers": PHRASES,
        "schedules": PHRASES,  # outage schedules ("графіки відключень"): no outage of the attack, unless its sentence names the attack as the cause
        "attack_causes": PHRASES,  # the attack as an outage's cause ("після атаки"): a schedule then does not block it
        "any_kind": PHRASES,  # every utility at once ("utilities"): an outage of no one kind
        "back_reference": OPTIONAL_PHRASES,  # "the city", "the region": the last place named before (decision 8)
        "both_places": OPTIONAL_PHRASES,  # "in both regions": the two places named just before
        "unnamed_places": OPTIONAL_PHRASES,  # "in 7 regions", "mehrerer Regionen": places not named, no row
        "other_places": OPTIONAL_PHRASES,  # "while other regions reported problems": not the places just named, no row
        "same_event": OPTIONAL_PHRASES,  # "the same happened in ...": the utilities of the outage just named
        "place_joiners": OPTIONAL_PHRASES,  # open a list of places that runs on the clause before ("including Kyiv")
        "clause_breaks": OPTIONAL_PHRASES,  # open a clause of their own: what came later ("before ... restored"),
        # or another predicate ("cutting power to X and damaging homes in Y")
    },
    "sources": {"official": PHRASES},
}


class LexiconError(ValueError):
    """A lexicon file that does not follow the canonical vocabulary."""


@dataclass(frozen=True)
class CatalogEntry:
    """One weapon of the catalogue: canonical model (or None), type (or None) and class."""

    model: str | None
    type: str | None
    weapon: str
    aliases: tuple[str, ...]
    dataset: tuple[str, ...]
    side: str | None = None  # "UA" for weapons only Ukraine fires (Neptune, Storm Shadow), else None


@functools.cache
def available_languages() -> tuple[str, ...]:
    """The language codes that have a lexicon file (read once per process, like the lexicons)."""
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.yaml") if p.stem not in ("regions", "weapons")))


@functools.cache
def load_language(code: str) -> dict:
    """The validated lexicon of one language."""
    path = LEXICON_DIR / f"{code}.yaml"
    if not path.exists():
        raise LexiconError(f"no lexicon for language {code!r} (looked for {path})")
    data = _read_yaml(path)
    problems = validate_language(data)
    if problems:
        raise LexiconError(f"{path}: " + "; ".join(problems))
    return data


def validate_language(data: Any) -> list[str]:
    """Everything wrong with a language file, as messages; empty when it is valid."""
    problems: list[str] = []
    _validate(data, LANGUAGE_SCHEMA, "", problems)
    if isinstance(data, dict) and not problems:
        known = {e.model for e in weapon_catalog() if e.model}
        for model in data["weapons"]["models"]:
            if model not in known:
                problems.append(f"weapons.models.{model}: not a model of weapons.yaml")
    return problems


def _validate(value: Any, schema: Any, where: str, problems: list[str]) -> None:
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            problems.append(f"{where or 'file'}: expected a mapping")
            return
        keys = {str(k) for k in value}
        for extra in sorted(keys - set(schema)):
            problems.append(f"{where}{extra}: unknown key")
        for key, sub in schema.items():
            if key not in keys:
                problems.append(f"{where}{key}: missing (every language must cover it)")
                continue
            item = next(v for k, v in value.items() if str(k) == key)
            _validate(item, sub, f"{where}{key}.", problems)
    elif isinstance(schema, tuple):
        if value not in schema:
            problems.append(f"{where[:-1]}: {value!r} is not one of {', '.join(schema)}")
    elif schema == TEXT:
        if not isinstance(value, str) or not value:
            problems.append(f"{where[:-1]}: expected text")
    elif schema in (PHRASES, OPTIONAL_PHRASES):
        _validate_phrases(value, where[:-1], problems, allow_empty=schema == OPTIONAL_PHRASES)
    elif schema == NUMBER_MAP:
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()
        ):
            problems.append(f"{where[:-1]}: expected a mapping of phrases to integers")
    elif schema == DAY_MAP:
        if not isinstance(value, dict):
            problems.append(f"{where[:-1]}: expected a mapping of MM-DD days to phrases")
            return
        for day, phrases in value.items():
            if not _is_month_day(day):
                problems.append(f"{where}{day}: not a MM-DD day of the year")
            _validate_phrases(phrases, f"{where}{day}", problems, allow_empty=False)
    elif schema == "model -> phrases":
        if not isinstance(value, dict):
            problems.append(f"{where[:-1]}: expected a mapping of model names to phrases")
            return
        for model, phrases in value.items():
            _validate_phrases(phrases, f"{where}{model}", problems, allow_empty=False)


def _is_month_day(value: Any) -> bool:
    """True for a "MM-DD" string naming a day of the year (29 February included)."""
    import datetime as _dt

    try:
        _dt.date.fromisoformat(f"2000-{value}")
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and len(value) == 5


def _validate_phrases(value: Any, where: str, problems: list[str], allow_empty: bool) -> None:
    if not isinstance(value, list) or (not value and not allow_empty):
        problems.append(f"{where}: expected a non-empty list of phrases")
        return
    for phrase in value:
        if not isinstance(phrase, str) or not phrase.strip():
            problems.append(f"{where}: {phrase!r} is not a phrase (quote words YAML reads as booleans)")
        elif phrase != phrase.lower() or phrase != phrase.strip() or "  " in phrase:
            problems.append(f"{where}: {phrase!r} must be lower case with single spaces")


@functools.cache
def weapon_types() -> dict[str, str]:
    """Each weapon type of the spec and the class it belongs to (weapons.yaml `types`)."""
    path = LEXICON_DIR / "weapons.yaml"
    types = _read_yaml(path).get("types", {})
    if set(types) != set(TYPES) or not set(types.values()) <= set(WEAPONS):
        raise LexiconError(f"{path}: types must map each of {', '.join(TYPES)} to a weapon class")
    return dict(types)


@functools.cache
def weapon_catalog() -> tuple[CatalogEntry, ...]:
    """The weapon catalogue of weapons.yaml, validated."""
    path = LEXICON_DIR / "weapons.yaml"
    data = _read_yaml(path)
    types = weapon_types()
    entries = []
    for row in data.get("models", []):
        extra = set(row) - {"model", "type", "class", "aliases", "dataset", "side"}
        if extra:
            raise LexiconError(f"{path}: unknown keys {sorted(extra)} in {row}")
        wtype = row.get("type")
        if wtype is not None and wtype not in types:
            raise LexiconError(f"{path}: unknown type {wtype!r} in {row}")
        weapon = types[wtype] if wtype else row.get("class")
        if weapon not in WEAPONS:
            raise LexiconError(f"{path}: {row} needs a type or a class")
        aliases = tuple(row.get("aliases") or ())
        problems: list[str] = []
        _validate_phrases(list(aliases), f"{path}: {row.get('model')}", problems, allow_empty=True)
        if problems:
            raise LexiconError("; ".join(problems))
        side = row.get("side")
        if side is not None and side not in ATTACKERS:
            raise LexiconError(f"{path}: side must be one of {', '.join(ATTACKERS)} in {row}")
        entries.append(CatalogEntry(row.get("model"), wtype, weapon, aliases, tuple(row.get("dataset") or ()), side))
    return tuple(entries)


_GAZETTEER_SECTIONS = ("suffixes", "not_places", "foreign", "countries", "over", "toward", "direction", "located", "near",
                       "common_nouns", "districts", "region_plurals", "region_nouns")  # each with phrases per language


@functools.cache
def gazetteer() -> dict:
    """The validated gazetteer of regions.yaml."""
    path = LEXICON_DIR / "regions.yaml"
    data = _read_yaml(path)
    extra = set(data) - {*_GAZETTEER_SECTIONS, "regions", "city_oblasts", "government_seat", "held_by_russia"}
    if extra:
        raise LexiconError(f"{path}: unknown keys {sorted(extra)}")
    regions = data.get("regions", {})
    if set(regions) != set(REGION_CODES):
        missing = sorted(set(REGION_CODES) - set(regions))
        unknown = sorted(set(regions) - set(REGION_CODES))
        raise LexiconError(f"{path}: region codes missing {missing}, unknown {unknown}")
    languages = available_languages()
    problems: list[str] = []
    for code, entry in regions.items():
        for lang in languages:
            _validate_phrases(entry.get(lang), f"regions.{code}.{lang}", problems, allow_empty=False)
    if data.get("government_seat") not in (None, *REGION_CODES):
        problems.append(f"government_seat: {data['government_seat']} is not a region code")
    for code in data.get("held_by_russia") or ():
        if code not in REGION_CODES:
            problems.append(f"held_by_russia: {code} is not a region code")
    for code, oblast in (data.get("city_oblasts") or {}).items():
        if code not in REGION_CODES or oblast not in REGION_CODES:
            problems.append(f"city_oblasts.{code}: {oblast} is not a pair of region codes")
    for section in _GAZETTEER_SECTIONS:
        for lang in languages:
            if lang not in data.get(section, {}):
                problems.append(f"{section}.{lang}: missing")
    if problems:
        raise LexiconError(f"{path}: " + "; ".join(problems))
    return data


def _read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as fh:
            data = safe_load(fh)
    except YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data
