"""The Kaggle table by its handle: `kaggle:piterfm/massive-missile-attacks-on-ukraine` downloads the dataset's current
version through kagglehub, Kaggle's own client, which keeps each version in its cache (KAGGLEHUB_CACHE,
~/.cache/kagglehub): it asks Kaggle for the current version every time and downloads only when that version is not
cached, so without Kaggle (offline, an error answered) the source fails even with a cached copy. It needs the user's
Kaggle credentials; without them the source fails with one line saying how to set them. `kaggle:PATH` (a file that
exists, or anything that is not OWNER/DATASET) stays a local file."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["is_dataset_handle", "download_table", "read_table", "TABLE", "HOW_TO_SET"]

TABLE = "missile_attacks_daily.csv"
_HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")
HOW_TO_SET = ("create an API token on https://www.kaggle.com/settings (API) and set KAGGLE_API_TOKEN, or "
              "KAGGLE_USERNAME and KAGGLE_KEY, or save it as ~/.kaggle/kaggle.json; or download "
              f"{TABLE} by hand and use kaggle:PATH/{TABLE}")


def is_dataset_handle(location: str) -> bool:
    """True for OWNER/DATASET that is not a file or folder here (a path with a suffix is a file's)."""
    return bool(_HANDLE.fullmatch(location)) and not Path(location).exists() and not Path(location).suffix


def download_table(handle: str) -> Path:
    """The table file of the dataset's current version (downloaded, or kagglehub's cached copy); OSError with one
    line naming the source and what to do when there are no credentials or the download fails."""
    import kagglehub
    from kagglehub.config import get_kaggle_credentials

    try:
        credentials = get_kaggle_credentials()
    except ValueError as exc:
        raise OSError(f"kaggle:{handle}: the Kaggle credentials cannot be read ({exc}); {HOW_TO_SET}") from exc
    if credentials is None:
        raise OSError(f"kaggle:{handle}: no Kaggle credentials to download it with; {HOW_TO_SET}")
    try:
        folder = Path(kagglehub.dataset_download(handle))
    except Exception as exc:  # noqa: BLE001 - a third-party client's failures, as one line naming the source
        said = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise OSError(f"kaggle:{handle}: the download failed ({type(exc).__name__}: {said}); check the handle, the "
                      "credentials and the network") from exc
    found = [folder] if folder.is_file() else sorted(folder.rglob(TABLE))
    if not found:
        raise OSError(f"kaggle:{handle}: the dataset has no {TABLE}; check the handle")
    return found[0]


def read_table(location: str):
    """The KaggleImport of a `kaggle:` source's location (a local file, or a dataset handle downloaded), its rows
    under `kaggle:LOCATION`; OSError with one line naming it when it cannot be had or holds no rows."""
    from etl.sources.kaggle import read_kaggle

    path = location
    if is_dataset_handle(location):
        path = str(download_table(location))
    elif not Path(path).is_file():
        raise OSError(f"{path}: no such file (download {TABLE}, see README)")
    table = read_kaggle(path, location)
    if table.total_rows == 0:
        raise OSError(f"{path}: no rows in it; check that it is {TABLE}")
    return table
