"""Writes and reads that fail (issue 13, problem 6): a full disk, a read-only folder and an output path whose
folder does not exist are one-line errors naming the file, never tracebacks, and the store is left as it was; a
report file that cannot be read is a problem of that file, and its stored report is kept. The full and read-only
file systems and the unreadable file are real: a tmpfs, a read-only bind mount and a file of a user the namespace
does not map, in a user and mount namespace of their own (`unshare -rm`), so nothing outside the test sees them."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLE

UNSHARE = shutil.which("unshare")
PYTHON = shlex.quote(sys.executable)


def namespaced(script: str) -> subprocess.CompletedProcess:
    """A shell script run in its own user and mount namespace, from the repository."""
    return subprocess.run([UNSHARE or "unshare", "-rm", "sh", "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def mounts(tmp_path_factory):
    """Skip when this machine cannot make mount namespaces (unprivileged user namespaces off)."""
    probe = tmp_path_factory.mktemp("probe")
    if UNSHARE is None or namespaced(f"mount -t tmpfs -o size=1m none {probe}").returncode != 0:
        pytest.skip("needs `unshare -rm` (user and mount namespaces) to make a full or a read-only file system")


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_full_disk_is_a_clear_error_and_leaves_no_half_written_file(mounts, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    result = namespaced(f"mount -t tmpfs -o size=1m none {disk} && "
                        f"{PYTHON} -m etl refresh --store {disk}/s.duckdb --source {SAMPLE}; echo rc=$?; ls -A {disk}")
    said = one_line(result.stderr)
    assert "rc=1" in result.stdout and "Traceback" not in result.stderr, result.stderr
    assert f"error: cannot write {disk}/s.duckdb: no space left on device (the disk is full); free some space and " \
           "try again; the store was left as it was" in said
    assert ".building" not in result.stdout  # the half-written file was removed, giving the space back


def test_a_disk_that_fills_up_during_a_refresh_keeps_the_store(mounts, tmp_path):
    start = tmp_path / "start.duckdb"
    assert subprocess.run([sys.executable, "-m", "etl", "refresh", "--store", str(start), "--source",
                           str(SAMPLE / "seeds")], cwd=REPO, capture_output=True).returncode == 0
    disk = tmp_path / "disk"
    disk.mkdir()
    room = start.stat().st_size + 512 * 1024  # the store fits; its next version beside it does not
    result = namespaced(f"mount -t tmpfs -o size={room} none {disk} && cp {start} {disk}/s.duckdb && "
                        f"{PYTHON} -m etl refresh --store {disk}/s.duckdb --source {SAMPLE}; echo rc=$?; "
                        f"cmp {start} {disk}/s.duckdb && echo same")
    assert "rc=1" in result.stdout and "same" in result.stdout, (result.stdout, result.stderr)
    assert "no space left on device" in one_line(result.stderr) and "Traceback" not in result.stderr


def test_a_read_only_folder_is_a_clear_error(mounts, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    assert subprocess.run([sys.executable, "-m", "etl", "refresh", "--store", str(folder / "s.duckdb"), "--source",
                           str(SAMPLE / "seeds")], cwd=REPO, capture_output=True).returncode == 0
    result = namespaced(
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
        f"{PYTHON} -m etl refresh --store {folder}/s.duckdb --source {SAMPLE}; echo rc=$?; "
        f"{PYTHON} -m etl export --store {folder}/s.duckdb -o {folder}/attacks.csv; echo rc=$?; "
        f"{PYTHON} -m etl store verify --store {folder}/s.duckdb; echo rc=$?")
    said = one_line(result.stderr)
    assert result.stdout.count("rc=1") == 2 and "rc=0" in result.stdout, (result.stdout, result.stderr)
    assert f"cannot write {folder}/s.duckdb.lock: the folder is on a read-only file system; choose a writable " \
           "folder; the store was left as it was" in said
    assert f"cannot write {folder}/attacks.csv: the folder is on a read-only file system" in said
    assert "Traceback" not in result.stderr


def test_a_file_that_cannot_be_read_is_a_problem_of_that_file_and_keeps_its_report(mounts, tmp_path):
    import os

    from etl.store import read_tables

    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE / "seeds", folder)
    store = tmp_path / "s.duckdb"
    assert subprocess.run([sys.executable, "-m", "etl", "refresh", "--store", str(store), "--source", str(folder)],
                          cwd=REPO, capture_output=True).returncode == 0
    locked = sorted(folder.iterdir())[0]
    with locked.open("a", encoding="utf-8") as fh:  # changed, so the next refresh must read it
        fh.write("\nOne more line.\n")
    os.chown(locked, 12345, 12345)  # a user the namespace does not map: even its root may not read it
    locked.chmod(0)
    result = namespaced(f"{PYTHON} -m etl refresh --store {store} --source {folder}; echo rc=$?")
    assert "rc=0" in result.stdout and "Traceback" not in result.stderr, result.stderr
    assert "0 withdrawn" in result.stdout and "1 failed" in result.stdout, result.stdout
    tables = read_tables(store)
    assert tables["reports"]["withdrawn"].null_count() == tables["reports"].height == 2  # its report is kept
    problem = tables["problems"].filter(tables["problems"]["path"] == str(locked))["problem"].to_list()
    assert len(problem) == 1 and problem[0].startswith("file not read, its reports kept: ") and \
        "Permission denied" in problem[0], problem


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "s.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "refresh", "--store", str(path), "--source", str(SAMPLE / "seeds")],
                   cwd=REPO, check=True, capture_output=True)
    return path


@pytest.mark.parametrize("args, path, reason", [
    (["export", "-o", "/missing/dir/x.csv"], "/missing/dir/x.csv",
     "the folder does not exist; create the folder first, or choose another path"),
    (["export", "--format", "parquet", "-o", "/missing/dir/x.parquet"], "/missing/dir/x.parquet",
     "the folder does not exist"),
    (["export", "-o", "/dev/full"], "/dev/full", "no space left on device (the disk is full)"),
    (["export", "--format", "parquet", "-o", "/dev/full"], "/dev/full", "no space left on device"),
    (["export", "-o", "/"], "/", "it is a folder; give a file name"),
])
def test_a_bad_output_path_is_a_clear_error(store, args, path, reason):
    result = subprocess.run([sys.executable, "-m", "etl", *args, "--store", str(store)], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert one_line(result.stderr) == f"error: cannot write {path}: {reason}" or \
        f"error: cannot write {path}: {reason}" in one_line(result.stderr)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_extract_to_a_missing_folder_is_a_clear_error(fmt):
    result = subprocess.run([sys.executable, "-m", "etl", "extract", str(SAMPLE / "seeds"), "--format", fmt, "-o",
                             "/missing/dir/out"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "error: cannot write /missing/dir/out: the folder does not exist" in one_line(result.stderr)
