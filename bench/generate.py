"""A deterministic corpus of report files for the benchmarks, as large as asked.

Half the reports are the project's sample reports (data/sample, en/de/uk) with their numbers,
publication dates, region names and sentence order varied; the other half are filled from
bench/templates.yaml. The same seed and size always give the same files, byte for byte, so
figures from different runs compare. Files go under bench/out/ (ignored by git), 1,000 per folder.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

__all__ = ["generate", "Corpus"]

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIRS = ("corpus-dev", "corpus-challenge", "corpus-challenge2", "corpus-challenge3", "seeds")
_FRONT = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
# a count in running text: not part of a date, a time, a year or a model name ("Kh-101", "Tu-95")
_COUNT = re.compile(r"(?<![\w.:/-])(\d{1,3}(?:[,.\u00a0 ]\d{3})*|\d+)(?![\w:/-]|[.,]\d)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜА-ЯІЇЄҐ])")
FIRST_DAY, LAST_DAY = date(2022, 10, 1), date(2026, 10, 31)


@dataclass
class Corpus:
    """Generated report files: the folder, how many, and their total size in bytes."""

    folder: Path
    reports: int
    bytes: int


def generate(size: int, seed: int, out: Path) -> Corpus:
    """`size` report files under out/reports-<seed>-<size>/ (reused when already complete)."""
    folder = out / f"reports-{seed}-{size}"
    done = folder / ".complete"
    if done.exists():
        return Corpus(folder, size, int(done.read_text()))
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(seed)
    samples = _samples()
    templates = yaml.safe_load((REPO / "bench" / "templates.yaml").read_text(encoding="utf-8"))
    total = 0
    for n in range(size):
        day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        if n % 2 == 0:
            text = _varied_sample(rng.choice(samples), rng, day, templates["names"])
        else:
            lang = rng.choice(("en", "en", "de", "uk", "uk"))
            text = _from_template(rng.choice(templates["templates"][lang]), lang, rng, day, templates["names"])
        path = folder / f"{n // 1000:04d}" / f"r{n:07d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    done.write_text(str(total))
    return Corpus(folder, size, total)


def _samples() -> list[tuple[dict, str]]:
    """(front matter, body) of every sample report with front matter."""
    out = []
    for d in SAMPLE_DIRS:
        for p in sorted((REPO / "data" / "sample" / d).glob("*.txt")):
            m = _FRONT.match(p.read_text(encoding="utf-8"))
            if m:
                out.append((yaml.safe_load(m.group(1)) or {}, p.read_text(encoding="utf-8")[m.end():]))
    if not out:
        raise SystemExit("bench/generate.py: no sample reports under data/sample")
    return out


def _front(meta: dict, day: date, rng: random.Random) -> str:
    published = datetime(day.year, day.month, day.day, rng.randrange(6, 22), rng.randrange(60))
    meta = {**meta, "published": published.isoformat() + "+02:00"}
    meta.pop("url", None)
    return "---\n" + "".join(f"{k}: {yaml.safe_dump(v, allow_unicode=True).strip().removesuffix('...').strip()}\n"
                             for k, v in meta.items()) + "---\n"


def _varied_sample(sample: tuple[dict, str], rng: random.Random, day: date, names: dict) -> str:
    """A sample report with new counts, a new publication date, other regions and shuffled sentences."""
    meta, body = sample
    scale = rng.uniform(0.5, 1.6)
    body = _COUNT.sub(lambda m: _scaled(m.group(1), scale), body)
    lang = meta.get("language") or "en"
    regions = names.get(lang, {}).get("regions", [])
    if len(regions) > 1:
        a, b = rng.sample(regions, 2)
        body = body.replace(a, "\0").replace(b, a).replace("\0", b)
    paragraphs = body.split("\n\n")
    for i in range(1, len(paragraphs)):
        sentences = _SENTENCE.split(paragraphs[i])
        if len(sentences) > 2 and rng.random() < 0.5:
            head, rest = sentences[0], sentences[1:]
            rng.shuffle(rest)
            paragraphs[i] = " ".join([head, *rest])
    return _front(meta, day, rng) + "\n\n".join(paragraphs)


def _scaled(number: str, scale: float) -> str:
    digits = re.sub(r"\D", "", number)
    value = int(digits)
    if value < 2 or 1900 <= value <= 2100 and len(digits) == 4:
        return number  # "one of", a year
    new = max(1, round(value * scale))
    return f"{new:,}" if "," in number else str(new)


def _from_template(template: dict, lang: str, rng: random.Random, day: date, names: dict) -> str:
    drones = rng.randrange(10, 800)
    missiles = rng.randrange(2, 120)
    night = day - timedelta(days=0 if rng.random() < 0.8 else 1)
    regions = rng.sample(names[lang]["regions"], 2)
    values = {
        "drones": drones, "drones_down": rng.randrange(drones // 2, drones + 1),
        "drones_lost": rng.randrange(0, max(1, drones // 3)), "missiles": missiles,
        "missiles_down": rng.randrange(missiles // 2, missiles + 1), "ballistic": rng.randrange(1, 12),
        "cruise": rng.randrange(1, 60), "bombs": rng.randrange(50, 1500), "region": regions[0],
        "region2": regions[1], "day": night.day, "month": names[lang]["months"][night.month - 1],
        "weekday": names[lang]["weekdays"][night.weekday()], "year": night.year, "hour": rng.randrange(7, 12),
    }
    return _front({"source": template["source"], "language": lang}, day, rng) + template["text"].format(**values)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=20221010)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    corpus = generate(args.size, args.seed, args.out)
    print(f"{corpus.reports:,} reports, {corpus.bytes / 1e6:.1f} MB in {corpus.folder}")
