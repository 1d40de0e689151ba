"""Sources declared once: the `sources` setting holds locations (folders, files, URLs, `telegram:CHANNEL`,
`kaggle:PATH`) or, in strikes.toml, `[[sources]]` tables that also say what the source is:

```toml
[[sources]]
name = "Air Force of Ukraine"
location = "telegram:kpszsu"
kind = "official"        # or "press": the kind of its reports, when they do not say
language = "uk"          # when known: the language of its reports, when they do not say
cadence = "1d"           # how often it publishes at least: silent longer than this, it is listed as stale
```

No I/O: the settings module reads the file; this turns its values into entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.settings import ConfigError

__all__ = ["SourceEntry", "source_entries", "read_entries", "KINDS", "KEYS"]

KINDS = ("official", "press")
KEYS = ("name", "location", "kind", "language", "cadence", "follow_links")


@dataclass(frozen=True)
class SourceEntry:
    """One source: where it is, and what is known about it."""

    location: str
    name: str | None = None
    kind: str | None = None
    language: str | None = None
    cadence: float | None = None  # seconds
    follow_links: bool = False

    def meta(self) -> dict:
        """What a refresh records about the source beside its counts (name, cadence)."""
        return {"name": self.name, "cadence": self.cadence}


def source_entries(values: list) -> list[SourceEntry]:
    """The entries of the `sources` setting (locations or tables); ConfigError naming a bad entry."""
    return [_entry(v, n) for n, v in enumerate(values, 1)]


def read_entries(configured: list, flags: list[str] | None) -> list[SourceEntry]:
    """The sources a refresh reads: the configured entries, or the locations of --source flags with what their
    configured entry says of them."""
    declared = source_entries(configured)
    if not flags:
        return declared
    by_location = {e.location: e for e in declared}
    return [by_location.get(f, SourceEntry(location=f)) for f in flags]


def _entry(value, n: int) -> SourceEntry:
    if isinstance(value, str):
        return SourceEntry(location=value)
    if not isinstance(value, dict):
        raise ConfigError(f"sources entry {n}: {value!r} is neither a location nor a [[sources]] table")
    where = f"sources entry {n}" + (f" ({value['name']})" if isinstance(value.get("name"), str) else "")
    unknown = sorted(set(value) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown keys {', '.join(unknown)} (known: {', '.join(KEYS)})")
    location = value.get("location")
    if not isinstance(location, str) or not location.strip():
        raise ConfigError(f"{where}: no location (a folder, file, URL, telegram:CHANNEL or kaggle:PATH)")
    kind = value.get("kind")
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    language = value.get("language")
    if language is not None and (not isinstance(language, str) or not language.isalpha() or len(language) > 3):
        raise ConfigError(f"{where}: language {language!r} is not a language code such as uk, en or de")
    follow = value.get("follow_links", False)
    if not isinstance(follow, bool):
        raise ConfigError(f"{where}: follow_links {follow!r} is not true or false")
    return SourceEntry(location=location.strip(), name=_text(value.get("name"), where, "name"), kind=kind,
                       language=language.lower() if language else None, cadence=_cadence(value.get("cadence"), where),
                       follow_links=follow)


def _text(value, where: str, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} {value!r} is not text")
    return value.strip() or None


def _cadence(value, where: str) -> float | None:
    from etl.schedule import parse_interval

    if value is None:
        return None
    try:
        return parse_interval(str(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: cadence {exc}") from exc
