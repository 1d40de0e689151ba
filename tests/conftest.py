"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent (a user's clone);
with STRIKES_REQUIRE_SHARED=1 (set by .ci/run) they fail instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "data" / "sample"
KAGGLE_CSV = SHARED / "data" / "external" / "ua-air-defense-tracker" / "missile_attacks_daily.csv"


def need_shared(path: Path = SHARED) -> Path:
    """The path inside ../shared, or skip (fail in CI) when it is missing."""
    if path.exists():
        return path
    reason = f"{path} is absent: this test needs the ../shared folder beside the repository"
    if os.environ.get("STRIKES_REQUIRE_SHARED") == "1":
        pytest.fail(reason + " (STRIKES_REQUIRE_SHARED=1)")
    pytest.skip(reason)


@pytest.fixture
def shared() -> Path:
    """The ../shared folder."""
    return need_shared()


@pytest.fixture
def kaggle_csv() -> Path:
    """The shared copy of the Kaggle table missile_attacks_daily.csv."""
    return need_shared(KAGGLE_CSV)
