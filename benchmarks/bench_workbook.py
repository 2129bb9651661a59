"""Benchmark: the audit workbook for N reports (one finding each) and N procedures.

    .venv/bin/python benchmarks/bench_workbook.py --n 200000

Prints wall time and the process's peak resident memory (ru_maxrss: everything the process
touched, not only Python objects). Target for 200,000 + 200,000: under 120 s and 600 MB.
Records come from generators, so the figure is the writer's memory, not the benchmark's.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from auditor.guideline import load_guideline
from auditor.models import (
    STATUSES,
    Evidence,
    Finding,
    InputFile,
    Procedure,
    ProcedureResult,
    ReportRecord,
    RunInfo,
    UnderuseFlag,
)
from auditor.outputs.workbook import AuditWorkbookWriter

MORPHS = ("amorphous", "fine_pleomorphic", "punctate", "round", "fine_linear")
DISTS = ("grouped", "regional", "linear", "segmental", "diffuse")
ACR = ("Mammography diagnostic", "US breast", "Biopsy breast stereotactic", "MRI breast")


def reports(n: int, guideline):
    day0 = date(2023, 1, 1)
    for i in range(n):
        variant = i % 19 or None
        finding = Finding(
            morphology=(MORPHS[i % 5],), distribution=DISTS[i % 5], group_count=1 + i % 3,
            laterality="left" if i % 2 else "right", location=f"{1 + i % 12} o'clock",
            extent_mm=float(i % 80),
            evidence=(Evidence(f"grouped {MORPHS[i % 5]} calcifications in report {i}",
                               100 + i % 400, 140 + i % 400),))
        yield ReportRecord(
            row=i + 2, accession=f"ACC{i:08d}", patient_id=f"PT{i // 2:07d}",
            exam_date=day0 + timedelta(days=i % 700), exam_kind="screening",
            variant=variant,
            variant_title=guideline.variants[variant].title if variant else None,
            variant_reason=None if variant else "no_calcifications", birads="4B" if i % 7 else "0",
            laterality="left" if i % 2 else "right", associated_mass_or_asymmetry=bool(i % 11 == 0),
            findings=(finding,))


def procedures(n: int):
    day0 = date(2023, 1, 15)
    for i in range(n):
        proc = Procedure(row=i + 2, patient_id=f"PT{i // 2:07d}",
                         procedure_date=day0 + timedelta(days=i % 700), code="77065",
                         name="MAMMO DIAGNOSTIC UNILATERAL", accession=f"PR{i:08d}",
                         laterality="left", ordering_provider=f"Dr {i % 250}",
                         site=f"Site {i % 12}")
        status = STATUSES[i % len(STATUSES)]
        yield ProcedureResult(proc, "diagnostic mammogram", ACR[i % 4], f"ACC{i:08d}", i % 300,
                              1 + i % 18, 1 + i % 9, "usually_appropriate", status, f"R{1 + i % 8}",
                              f"{ACR[i % 4]} is rated {1 + i % 9} for variant {1 + i % 18}",
                              guideline_comment="Consider if an associated mass is present"
                              if i % 5 == 0 else None)


def flags(n: int):
    for i in range(n):
        yield UnderuseFlag(f"ACC{i:08d}", f"PT{i // 2:07d}", date(2023, 1, 1), 1 + i % 18, "4B",
                           "U2" if i % 2 else "U1", "no core biopsy or localization within 90 days",
                           rating=9, next_procedure=None, next_procedure_day=None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="reports and procedures each")
    parser.add_argument("--out", type=Path, default=None, help="workbook path (default: temp)")
    args = parser.parse_args(argv)

    guideline = load_guideline()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_workbook.")) / "audit.xlsx"
    start = time.perf_counter()
    writer = AuditWorkbookWriter(out, guideline)
    for rec in reports(args.n, guideline):
        writer.add_report(rec)
    for res in procedures(args.n):
        writer.add_procedure(res)
    for flag in flags(args.n // 10):
        writer.add_underuse(flag)
    rows_done = time.perf_counter()
    writer.close(RunInfo("bench", guideline.version, guideline.fingerprint,
                         (InputFile("synthetic", args.n, "0" * 64),), {"n": args.n}, "", ""))
    end = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"n={args.n}: {args.n} reports + {args.n} findings + {args.n} procedures "
          f"+ {args.n // 10} under-use flags")
    print(f"wall time {end - start:.1f} s (rows {rows_done - start:.1f} s, "
          f"save {end - rows_done:.1f} s)")
    print(f"peak RSS {peak_mb:.0f} MB")
    print(f"workbook {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
