"""Throughput and peak memory of `auditor extract`, beside spaCy's tokenizer alone.

    python benchmarks/bench_extract.py                 # 20,000 and 200,000 reports
    python benchmarks/bench_extract.py --sizes 20000   # one size

Each size: a generated CSV of synthetic reports (varied layouts and findings, ~1 KB each) is
extracted end to end by the real command in a child process (CSV in, JSONL out), timed, and its
peak RSS read from the kernel. spaCy's blank-English tokenizer runs over the same texts in the
same run, and the ratio of the two throughputs is printed. Memory must stay flat as N grows.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

HEADERS = [
    ("EXAM: {exam}\nCLINICAL HISTORY: {history}\nCOMPARISON: {comparison}\n"
     "BREAST COMPOSITION: {density}\nFINDINGS:\n{findings}\nIMPRESSION:\n{impression}\n"
     "BI-RADS: {birads}\n"),
    ("{exam}\n\nINDICATION: {history}\n\nTECHNIQUE: Standard CC and MLO views with tomosynthesis."
     "\n\nFindings: {density} {findings}\n\nImpression: {impression} BI-RADS {birads}.\n"),
    "{exam}. {history} {density} {findings} {impression} Assessment: BI-RADS {birads}.",
]
EXAMS = ["SCREENING MAMMOGRAM BILATERAL WITH TOMOSYNTHESIS", "Diagnostic mammogram, right",
         "MAMMO DIAG UNILAT LT", "Bilateral screening digital mammography"]
HISTORY = ["Routine screening.", "Family history of breast cancer.", "Callback from screening.",
           "Personal history of left lumpectomy 2015."]
COMPARISON = ["Prior studies from 2021 and 2022.", "None.", "Compared with 03/2023."]
DENSITY = ["The breasts are heterogeneously dense, which may obscure small masses.",
           "There are scattered areas of fibroglandular density.",
           "The breasts are almost entirely fatty.", "The breasts are extremely dense."]
MORPH = ["amorphous", "fine pleomorphic", "punctate", "coarse heterogeneous", "round",
         "fine linear branching", "coarse popcorn-like", "vascular", "milk of calcium"]
DIST = ["grouped", "clustered", "segmental", "regional", "linear", "diffusely scattered"]
SIDE = ["right", "left"]
LOC = ["upper outer quadrant", "10 o'clock", "retroareolar region", "2:00, 6 cm FN",
       "lower inner quadrant"]
NEGATIVE = ["There are no suspicious masses, calcifications or areas of architectural distortion.",
            "No suspicious calcifications.", "Scattered benign-appearing calcifications.",
            "Stable vascular calcifications."]


def make_report(rng: random.Random) -> tuple[str, str]:
    findings = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        findings.append(f"In the {rng.choice(SIDE)} breast {rng.choice(LOC)} there are "
                        f"{rng.choice(DIST)} {rng.choice(MORPH)} calcifications spanning "
                        f"{rng.randint(3, 60)} mm.")
    findings.append(rng.choice(NEGATIVE))
    exam = rng.choice(EXAMS)
    text = rng.choice(HEADERS).format(
        exam=exam, history=rng.choice(HISTORY), comparison=rng.choice(COMPARISON),
        density=rng.choice(DENSITY), findings=" ".join(findings),
        impression="Calcifications as described." if len(findings) > 1 else "No evidence of "
        "malignancy.", birads=rng.choice(["0", "1", "2", "3", "4A", "4B"]))
    return exam, text


def write_corpus(n: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"reports_{n}.csv"
    if path.exists():
        return path
    rng = random.Random(n)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["accession", "patient_id", "exam_date", "exam_type", "report_text"])
        for i in range(n):
            exam, text = make_report(rng)
            writer.writerow([f"ACC{i:07d}", f"P{i % (n // 3 + 1):07d}",
                             f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", exam, text])
    return path


def tokenizer_rate(path: Path, limit: int = 20_000) -> float:
    import spacy

    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        texts = [row["report_text"] for _, row in zip(range(limit), rows, strict=False)]
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=1000):
        pass
    return len(texts) / (time.perf_counter() - start)


def extract_run(path: Path, n: int) -> tuple[float, float, float]:
    """Wall seconds, reports/s and peak RSS (MB) of the real command in a child process."""
    out = DATA / f"out_{n}.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", "extract", str(path), "-o", str(out), "-q"],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak_kb < before:  # pragma: no cover - ru_maxrss is a running maximum over children
        peak_kb = before
    out.unlink(missing_ok=True)
    return seconds, n / seconds, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,200000",
                        help="comma-separated numbers of reports (default 20000,200000)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'reports':>9} {'seconds':>8} {'reports/s':>10} {'peak MB':>8} "
          f"{'tokenizer/s':>12} {'ratio':>6}")
    for n in sizes:
        path = write_corpus(n)
        tok = tokenizer_rate(path)
        seconds, rate, peak = extract_run(path, n)
        print(f"{n:>9} {seconds:>8.1f} {rate:>10.0f} {peak:>8.0f} {tok:>12.0f} "
              f"{rate / tok:>6.2f}", flush=True)
    print("peak MB is the child's maximum resident set; it is a running maximum over children, "
          "so read growth from the first size to the next.")


if __name__ == "__main__":
    main()
