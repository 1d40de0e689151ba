"""`make eval-real` (bench/real_eval.py, issue 12) on reports we wrote ourselves: the real texts are never in the
repository, so these three tiny reports (our own words and numbers) and their gold stand in for them. Also the
pointer list of the 469 real reports itself (bench/real/POINTERS.tsv, bench/real/gold/)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.real_eval import EvalError, find_texts, load_pointers, main
from tests.conftest import REPO, SHARED, need_shared

REAL = REPO / "bench" / "real"

# id -> (set, language, text, strike rows (date, weapon, launched, shot_down), outage regions)
OURS = {
    "en-901": ("shared", "en", "---\npublished: 2025-03-04\nsource: \"Test Wire\"\nlanguage: en\n---\n"
               "Russia launched 40 attack drones at Ukraine overnight, and air defence shot down 35 of them, "
               "the air force said.\n", [("2025-03-04", "drone", 40, 35)], []),
    "de-901": ("shared", "de", "---\npublished: 2025-03-06\nsource: \"Testblatt\"\nlanguage: de\n---\n"
               "In der Nacht zum Donnerstag hat Russland die Ukraine mit 12 Raketen angegriffen. Die Flugabwehr "
               "schoss nach eigenen Angaben 9 davon ab. In der Region Odessa fiel danach der Strom aus.\n",
               [("2025-03-06", "missile", 12, 9)], ["UA-51"]),
    "uk-901": ("ours", "uk", "---\npublished: 2025-03-08\nsource: \"Тестові новини\"\nlanguage: uk\n---\n"
               "У ніч на 8 березня росія атакувала Україну 50 ударними БпЛА. Збито 44 дрони. Через атаку без "
               "світла залишилися споживачі у Харківській області.\n", [("2025-03-08", "drone", 50, 44)],
               ["UA-63"]),
}


def _gold(published: str, language: str, strikes: list, regions: list) -> dict:
    rows = [{"attack_date": day, "period_start": None, "period_end": None, "attacker": "RU", "weapon": weapon,
             "launched": launched, "shot_down": down, "suppressed": None, "neutralized": None,
             "qualifier": {"launched": "exact", "shot_down": "exact"}, "types": []}
            for day, weapon, launched, down in strikes]
    outages = [{"date": published, "region": r, "extent": None, "kind": "power"} for r in regions]
    return {"published": published, "language": language, "strikes": rows, "outages": outages}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """tmp_path/texts (one text at the top, two in a subfolder), tmp_path/gold and tmp_path/POINTERS.tsv."""
    (tmp_path / "texts" / "new").mkdir(parents=True)
    (tmp_path / "gold").mkdir()
    lines = ["id\tset\tlanguage\tpublished\toutlet\turl\tlocator\tgenre\tgold"]
    for rid, (group, lang, text, strikes, regions) in OURS.items():
        folder = tmp_path / "texts" / ("new" if group == "ours" or lang == "de" else "")
        (folder / f"{rid}.txt").write_text(text, encoding="utf-8")
        gold = tmp_path / "gold" / f"{rid}.gold.json"
        published = text.split("published: ")[1][:10]
        gold.write_text(json.dumps(_gold(published, lang, strikes, regions), ensure_ascii=False), encoding="utf-8")
        lines.append(f"{rid}\t{group}\t{lang}\t{published}\tours\thttps://example.invalid/{rid}\tour own words"
                     f"\ttest\t{gold}")
    (tmp_path / "POINTERS.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def _run(corpus: Path, *extra: str, shared: Path | None = None) -> tuple[int, str]:
    """main()'s exit code and what it printed (stdout and stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--texts", str(corpus / "texts"), "--pointers", str(corpus / "POINTERS.tsv"),
                     "--shared", str(shared or need_shared()), *extra])
    return code, out.getvalue() + err.getvalue()


def _rows(printed: str) -> dict[tuple[str, str], list[str]]:
    """The table's rows: (set, language) -> [reports, strike P, R, F1, outage P, R, F1]."""
    rows = {}
    for line in printed.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 9 and cells[2].isdigit():
            rows[(cells[0], cells[1])] = cells[2:]
    return rows


def test_a_perfect_prediction_scores_one_per_set_and_language(corpus):
    code, printed = _run(corpus)
    assert code == 0, printed
    rows = _rows(printed)
    assert set(rows) == {("shared", "de"), ("shared", "en"), ("shared", "all"), ("ours", "uk"), ("ours", "all"),
                         ("all", "de"), ("all", "en"), ("all", "uk"), ("all", "all")}
    assert rows[("all", "all")] == ["3"] + ["1.000"] * 6
    assert rows[("shared", "all")][0] == "2" and rows[("ours", "uk")][0] == "1"
    assert all(r[1:] == ["1.000"] * 6 for r in rows.values())
    assert "3 of 3 reports scored" in printed
    assert "commit " in printed.splitlines()[0]


def test_a_wrong_figure_lowers_its_language_and_set(corpus):
    gold = corpus / "gold" / "uk-901.gold.json"
    doc = json.loads(gold.read_text(encoding="utf-8"))
    doc["strikes"][0]["shot_down"] = 45  # the text says 44: one false positive and one false negative
    gold.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, printed = _run(corpus, "--misses")
    assert code == 0, printed
    rows = _rows(printed)
    assert rows[("ours", "uk")][1:4] == ["0.500", "0.500", "0.500"]
    assert rows[("all", "all")][1:4] == ["0.833", "0.833", "0.833"]  # 5 of 6 figures right
    assert rows[("shared", "all")][1:] == ["1.000"] * 6
    assert "uk-901.txt: ('2025-03-08', 'RU', 'drone') shot_down gold=45 got=44" in printed


def test_a_missing_text_is_named_and_the_rest_scored(corpus):
    (corpus / "texts" / "new" / "de-901.txt").unlink()
    code, printed = _run(corpus)
    assert code == 0, printed
    assert "2 of 3 reports scored" in printed
    assert "1 text(s) not found" in printed and "de-901" in printed
    rows = _rows(printed)
    assert rows[("all", "all")][0] == "2" and ("all", "de") not in rows


def test_no_texts_is_an_error_naming_the_folder(corpus):
    for text in (corpus / "texts").rglob("*.txt"):
        text.unlink()
    code, printed = _run(corpus)
    assert code == 1
    assert str(corpus / "texts") in printed and "bench/real/README.md" in printed and "|" not in printed


def test_an_absent_texts_folder_is_an_error(corpus):
    code, printed = _run(corpus, "--texts", str(corpus / "nowhere"))
    assert code == 1 and str(corpus / "nowhere") in printed and "not a folder" in printed


def test_an_absent_shared_folder_is_an_error(corpus):
    code, printed = _run(corpus, shared=corpus / "no-shared")
    assert code == 1
    assert str(corpus / "no-shared") in printed and "score_extract.py" in printed


def test_a_missing_gold_file_is_an_error(corpus):
    (corpus / "gold" / "en-901.gold.json").unlink()
    code, printed = _run(corpus)
    assert code == 1 and "en-901.gold.json" in printed


def test_the_module_runs_as_a_command(corpus):
    result = subprocess.run([sys.executable, "-m", "bench.real_eval", "--texts", str(corpus / "texts"),
                             "--pointers", str(corpus / "POINTERS.tsv"), "--shared", str(need_shared())],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "| all | **all** | 3 | 1.000 |" in result.stdout


def test_make_eval_real_reads_real_texts_from_beside_the_repository():
    dry = subprocess.run(["make", "-n", "eval-real"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "-m bench.real_eval --texts ../real-local" in dry
    dry = subprocess.run(["make", "-n", "eval-real", "REAL_TEXTS=/tmp/x"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    assert "--texts /tmp/x" in dry


def test_a_text_is_found_by_id_at_any_depth_the_shallowest_first(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for path in (tmp_path / "a" / "b" / "en-1.txt", tmp_path / "a" / "en-1.txt", tmp_path / "a" / "b" / "de-1.txt",
                 tmp_path / "en-10.txt.bak", tmp_path / "README.txt"):
        path.write_text("x", encoding="utf-8")
    assert find_texts(tmp_path, {"en-1", "de-1", "uk-1"}) == {
        "en-1": tmp_path / "a" / "en-1.txt", "de-1": tmp_path / "a" / "b" / "de-1.txt"}


def test_a_pointer_list_with_an_id_twice_a_column_missing_or_an_unknown_set_is_refused(tmp_path):
    twice = tmp_path / "twice.tsv"
    twice.write_text("id\tset\tlanguage\tgold\nen-1\tours\ten\tg\nen-1\tours\ten\tg\n", encoding="utf-8")
    with pytest.raises(EvalError, match="en-1"):
        load_pointers(twice, tmp_path)
    short = tmp_path / "short.tsv"
    short.write_text("id\tset\tlanguage\nen-1\tours\ten\n", encoding="utf-8")
    with pytest.raises(EvalError, match="gold"):
        load_pointers(short, tmp_path)
    odd = tmp_path / "odd.tsv"
    odd.write_text("id\tset\tlanguage\tgold\nen-1\tmine\ten\tg\n", encoding="utf-8")
    with pytest.raises(EvalError, match="unknown set"):
        load_pointers(odd, tmp_path)


def _pointers() -> list[dict]:
    with (REAL / "POINTERS.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_the_pointer_list_names_every_real_report_with_its_gold():
    rows = _pointers()
    assert Counter(r["set"] for r in rows) == {"shared": 33, "ours": 860}
    assert Counter(r["language"] for r in rows) == {"en": 305, "de": 283, "uk": 305}
    assert all(r["url"].startswith(("https://", "http://")) and r["locator"] and r["outlet"] for r in rows)
    assert all(int(r["published"][8:10]) % 2 == 0 for r in rows)  # even days: the held-out set has the odd ones
    ours = {r["id"] for r in rows if r["set"] == "ours"}
    assert {p.name.removesuffix(".gold.json") for p in (REAL / "gold").glob("*.gold.json")} == ours
    for r in rows:
        where = f"../shared/corpus/real/{r['id']}.gold.json" if r["set"] == "shared" else \
            f"bench/real/gold/{r['id']}.gold.json"
        assert r["gold"] == where
    for p in load_pointers(REAL / "POINTERS.tsv", SHARED):
        if p.set == "ours":
            assert json.loads(p.gold.read_text(encoding="utf-8"))["language"] == p.language


def test_the_shared_gold_of_the_pointer_list_is_in_shared():
    need_shared(SHARED / "corpus" / "real")
    for p in load_pointers(REAL / "POINTERS.tsv", SHARED):
        assert p.gold.is_file(), p.gold


def test_no_real_text_is_in_the_repository():
    """Third-party text is never committed: bench/real holds pointers and gold only."""
    files = {p.relative_to(REAL).as_posix() for p in REAL.rglob("*") if p.is_file()}
    assert files == {"README.md", "POINTERS.tsv", *(f"gold/{p.name}" for p in (REAL / "gold").iterdir())}
    assert all(p.name.endswith(".gold.json") for p in (REAL / "gold").iterdir())
