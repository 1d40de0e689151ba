"""YAML read safely and fast: libyaml's C loader when PyYAML was built with it (6-7x faster on the lexicons and on
front matter), else the pure-Python one; both build only plain data (SafeConstructor)."""

from __future__ import annotations

import yaml

__all__ = ["safe_load", "YAMLError"]

YAMLError = yaml.YAMLError
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """The plain data of one YAML document (a string or an open text file)."""
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 - a safe loader
