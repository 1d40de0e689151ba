"""Dashboard replicas (issue 17, "more than one machine"): the README's pull script, run on this machine, copies the
newest published version of the refresher's store and swaps it in, and the dashboard's read path serves it at the
next request. The transfer (rsync between machines) is replaced by a local copy; every other line is the README's."""

from __future__ import annotations

import re
import subprocess

from etl.refresh import refresh
from etl.snapshot import snapshot
from etl.store import read_tables
from etl.storefile import version_files
from tests.conftest import REPO, SAMPLE


def pull_script(versions: str) -> str:
    """The README's pull-store.sh, its rsync line fetching from a local folder instead of another machine."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    script = re.search(r"```sh\n(#!/bin/sh -e\n.*?)```", readme, re.S).group(1)
    rsync = next(line for line in script.splitlines() if line.startswith("rsync "))
    local = f"mkdir -p published && cp -n {versions}/*.duckdb published/"
    return script.replace(rsync, local).replace("cd /srv/strikes/data", 'cd "$1"')


def test_a_replica_pulls_the_newest_version_and_serves_it_without_a_restart(tmp_path):
    refresher = tmp_path / "refresher" / "strikes.duckdb"
    refresh(refresher, [str(SAMPLE / "seeds")])
    replica = tmp_path / "replica"
    replica.mkdir()
    script = tmp_path / "pull-store.sh"
    script.write_text(pull_script(str(refresher) + ".versions"))

    def pull() -> None:
        done = subprocess.run(["sh", str(script), str(replica)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    pull()
    served = replica / "strikes.duckdb"
    first = snapshot(served).tables["reports"].height
    assert first == read_tables(refresher)["reports"].height > 0
    assert not list(replica.glob(".strikes.duckdb.incoming"))

    refresh(refresher, [str(SAMPLE)])  # a new version is published
    pull()
    now = snapshot(served).tables["reports"].height  # the next request reads the new version
    assert now == read_tables(refresher)["reports"].height > first
    assert (replica / "published" / ".live").read_text().strip() == f"published/{version_files(refresher)[0].name}"
    inode = served.stat().st_ino
    pull()  # nothing new: the live file is left alone
    assert served.stat().st_ino == inode


def test_published_versions_are_never_rewritten(tmp_path):
    store = tmp_path / "strikes.duckdb"
    refresh(store, [str(SAMPLE / "seeds")])
    first = version_files(store)[0]
    stamp = (first.stat().st_ino, first.stat().st_mtime_ns, first.read_bytes())
    refresh(store, [str(SAMPLE)])
    assert version_files(store)[1] == first
    assert (first.stat().st_ino, first.stat().st_mtime_ns, first.read_bytes()) == stamp
