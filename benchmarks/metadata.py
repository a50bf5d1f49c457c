"""Metadata benchmark (issue 2): how often the reader's metadata agrees with independent values.

    python benchmarks/metadata.py                 # the whole corpus, one process
    python benchmarks/metadata.py --jobs 2        # two worker processes
    python benchmarks/metadata.py --only ilacs    # one folder
    python benchmarks/metadata.py --limit 10      # the first 10 files of each folder

- ilacs/: every PDF against reference.csv (an independent extractor's values): authority,
  published, framework (standard/short), lead inspector, visit start and end, five grades.
  The CSV's `data_unreadable`, `inspection_pre_dates_judgement` and
  `not_reported_post_reform` are not values: those cells are not compared (the last two are
  counted separately: the reader should then give no grade).
- focused/, jtai/, send/: the authority and publication date in the file name
  (`<authority-slug>-<YYYY-MM-DD>.pdf`).

Prints, per field, "agree / with a value (%)", the same where both sides have a value, and
"+notes": counting the disagreements that benchmarks/metadata_notes.md (its table, read by
this script) shows to be the reference's errors; then every disagreement, marked if noted.
Caches nothing; reading 230 PDFs with pdfminer takes a few minutes a process.
"""
from __future__ import annotations

import argparse
import csv
import fnmatch
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LETTER_FOLDERS = ("focused", "jtai", "send")
NOT_VALUES = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
EXPECT_NULL = {"inspection_pre_dates_judgement", "not_reported_post_reform"}
GRADES = {
    "overall_effectiveness": "overall_effectiveness_grade",
    "impact_of_leaders": "impact_of_leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "children_in_care": "in_care_grade",
    "care_leavers": "care_leavers_grade",
}


def slug(text: str | None) -> str:
    """'Bath and North East Somerset' -> 'bath-and-north-east-somerset'."""
    text = (text or "").lower().replace("’", "").replace("'", "").replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def csv_date(text: str) -> str | None:
    """'08/10/2018' or '19/11/18' -> '2018-10-08'."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text.strip())
    if not m:
        return None
    day, month, year = m.groups()
    year = year if len(year) == 4 else "20" + year
    return f"{year}-{int(month):02d}-{int(day):02d}"


def read(path: str) -> dict:
    """Worker: read one PDF, return the fields compared (plain data, picklable)."""
    from cf.summarise.pipeline import read_letter

    try:
        letter = read_letter(Path(path).read_bytes(), path, max_pages=None)
    except Exception as error:  # a benchmark reports failures, it does not stop on them
        return {"path": path, "error": f"{type(error).__name__}: {error}"}
    meta = letter.metadata
    lead = next((i.name for i in meta.inspectors if i.lead), None)
    return {
        "path": path,
        "kind": meta.kind,
        "authority": meta.local_authority,
        "published": meta.published,
        "framework": meta.inspection_type,
        "lead_inspector": lead,
        "visit_start": meta.visit_start,
        "visit_end": meta.visit_end,
        **{name: getattr(meta.judgements, name) for name in GRADES},
    }


NOTES = Path(__file__).resolve().parent / "metadata_notes.md"


def documented() -> list[tuple[str, str]]:
    """(file pattern, field) pairs whose disagreement metadata_notes.md explains (the
    reference is wrong there); read from the notes' table so the two cannot drift apart."""
    pairs = []
    for line in NOTES.read_text().splitlines() if NOTES.exists() else []:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or ".pdf" not in cells[0]:
            continue
        for pattern in re.findall(r"[\w*-]+/[\w*.-]+\.pdf", cells[0]):
            pairs += [(pattern, f.strip()) for f in cells[1].split(",")]
    return pairs


def is_documented(name: str, field: str, pairs: list[tuple[str, str]]) -> bool:
    return any(f == field and fnmatch.fnmatch(name, pattern) for pattern, f in pairs)


def expected_ilacs(row: dict) -> dict:
    """The CSV row as the reader's fields ('' where the CSV has no value to compare)."""
    def grade(value: str) -> str:
        return "" if value in NOT_VALUES else value.lower()

    return {
        "authority": slug(row["local_authority"]),
        "published": csv_date(row["publication_date"]) or "",
        "framework": row["inspection_framework"].lower(),
        "lead_inspector": re.sub(r"\s+", " ", row["inspector_name"]).strip(),
        "visit_start": csv_date(row["inspection_start_date"]) or "",
        "visit_end": csv_date(row["inspection_end_date"]) or "",
        **{name: grade(row[col]) for name, col in GRADES.items()},
    }


def expected_from_name(path: Path) -> dict:
    m = re.fullmatch(r"(?P<la>.+)-(?P<date>\d{4}-\d{2}-\d{2})", path.stem)
    return {"authority": m["la"], "published": m["date"]} if m else {}


def same(field: str, expected: str, ours: str | None) -> bool:
    if ours is None:
        return False
    if field == "authority":
        return slug(ours) == expected
    if field == "lead_inspector":
        return ours.lower() == expected.lower()
    return ours == expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", choices=("ilacs",) + LETTER_FOLDERS, action="append")
    parser.add_argument("--limit", type=int, default=0, help="first N files of each folder")
    args = parser.parse_args(argv)
    folders = args.only or ["ilacs", *LETTER_FOLDERS]

    expected: dict[str, dict] = {}
    for folder in folders:
        files = sorted((args.corpus / folder).glob("*.pdf"))
        if args.limit:
            files = files[: args.limit]
        if folder == "ilacs":
            with open(args.corpus / "ilacs" / "reference.csv", newline="") as handle:
                rows = {r["file"]: r for r in csv.DictReader(handle)}
            for f in files:
                if f.name in rows:
                    expected[str(f)] = {"folder": folder, "row": rows[f.name], **expected_ilacs(rows[f.name])}
        else:
            for f in files:
                expected[str(f)] = {"folder": folder, **expected_from_name(f)}

    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(read, sorted(expected), chunksize=1))
    elapsed = time.perf_counter() - started

    report(results, expected)
    print(f"\n{len(results)} files in {elapsed:.0f} s with {args.jobs} job(s)")
    return 0


Tally = dict[tuple[str, str], list[int]]  # (group, field) -> agree, with value, missing, documented


def report(results: list[dict], expected: dict[str, dict]) -> None:
    tally: Tally = defaultdict(lambda: [0, 0, 0, 0])
    pairs = documented()
    disagreements: list[str] = []
    nulls = [0, 0]  # grades the CSV says do not exist: reader gave none / total
    errors = [r for r in results if "error" in r]
    for result in results:
        if "error" not in result:
            want = expected[result["path"]]
            disagreements += compare_fields(result, want, tally, pairs)
            disagreements += compare_nulls(result, want, nulls, pairs)
    print_tally(tally, nulls)
    kinds: dict[tuple[str, str], int] = defaultdict(int)
    for result in results:
        if "error" not in result:
            kinds[(expected[result["path"]]["folder"], result["kind"])] += 1
    print("Kinds: " + ", ".join(f"{folder}->{kind}: {n}" for (folder, kind), n in sorted(kinds.items())))
    print(f"\nDisagreements ({len(disagreements)}):")
    for line in disagreements:
        print("  " + line)
    print(f"\nErrors ({len(errors)}):")
    for result in errors:
        print(f"  {result['path']}: {result['error']}")


def compare_fields(result: dict, want: dict, tally: Tally, pairs: list[tuple[str, str]]) -> list[str]:
    """Count one document's fields into `tally`; its disagreements with the reference."""
    out = []
    group = "ilacs" if want["folder"] == "ilacs" else "letters"
    for field, value in want.items():
        if field in ("folder", "row") or not value:
            continue
        counts = tally[(group, field)]
        counts[1] += 1
        if same(field, value, result.get(field)):
            counts[0] += 1
        else:
            name = f"{want['folder']}/{Path(result['path']).name}"
            counts[2] += result.get(field) is None
            counts[3] += is_documented(name, field, pairs)
            note = "\t(reference wrong: see notes)" if is_documented(name, field, pairs) else ""
            out.append(f"{name}\t{field}\texpected {value!r}\tours {result.get(field)!r}{note}")
    return out


def compare_nulls(result: dict, want: dict, nulls: list[int], pairs: list[tuple[str, str]]) -> list[str]:
    """Count the grades the reference says do not exist; where the reader gave one anyway."""
    out = []
    for name, col in GRADES.items():
        if "row" in want and want["row"][col] in EXPECT_NULL:
            nulls[1] += 1
            nulls[0] += result.get(name) is None
            if result.get(name) is not None:
                file = f"ilacs/{Path(result['path']).name}"
                note = "\t(reference wrong: see notes)" if is_documented(file, name, pairs) else ""
                out.append(f"{file}\t{name}\texpected None ({want['row'][col]})\tours {result[name]!r}{note}")
    return out


def print_tally(tally: Tally, nulls: list[int]) -> None:
    print("Per-field agreement: agree / files where the reference has a value (%), and agree / files\n"
          "where both have a value (%); 'missing': the reader gave none (the document does not say);\n"
          "'+notes': agreement counting the disagreements metadata_notes.md shows to be the reference's errors")
    for (group, field), (agree, total, missing, noted) in sorted(tally.items()):
        both = total - missing
        fixed = agree + noted
        print(f"  {group:8s} {field:22s} {agree:4d} / {total:4d} {100 * agree / total:6.1f}%"
              f"   {agree:4d} / {both:4d} {100 * agree / both if both else 0:6.1f}%   missing {missing:3d}"
              f"   +notes {fixed:4d} / {total:4d} {100 * fixed / total:6.1f}%")
    if nulls[1]:
        print(f"  ilacs    grades the CSV says do not exist, reader gave none: {nulls[0]} / {nulls[1]}")


if __name__ == "__main__":
    sys.exit(main())
