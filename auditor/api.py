"""The library API behind the command line: read -> extract -> map -> audit -> write.

Researchers import these functions; `auditor.cli` is a thin layer over them. Report text never
reaches a log or the console from here: only counts, file names and rule versions do.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import resources
from itertools import tee
from pathlib import Path

from auditor import __version__
from auditor.errors import InputError, RulesError
from auditor.guideline import Guideline, load_guideline
from auditor.models import AuditSettings, Exam, InputFile, Report, ReportRecord, RunInfo


def sample_dir() -> Path:
    """The sample department shipped with the package (auditor/sample links reports_sample/)."""
    return Path(str(resources.files("auditor").joinpath("sample")))


# --- extraction ---------------------------------------------------------------------------------

def extract_records(reports: Iterable[Report], guideline: Guideline | None = None,
                    extractor=None, extensive_extent_mm: float = 50.0,
                    rules_dir=None) -> Iterator[ReportRecord]:
    """Stream extraction records, one per input report, in input order.

    A report whose row could not be read cleanly still gets a record: its `error` says why,
    and its text (whatever could be read) is extracted like any other.
    """
    from auditor.nlp.extractor import Extractor
    from auditor.nlp.pipeline import MAX_CHARS
    from auditor.variants import map_variant

    guideline = guideline or load_guideline(rules_dir)
    extractor = extractor or Extractor(rules_dir)
    for_nlp, for_records = tee(reports)
    extractions = extractor.extract_many((r.text or "", r.exam_type) for r in for_nlp)
    for report, extraction in zip(for_records, extractions, strict=True):
        decision = map_variant(extraction.findings, guideline,
                               mentions_calcification=extraction.mentions_calcification,
                               extensive_extent_mm=extensive_extent_mm)
        yield ReportRecord(
            row=report.row, accession=report.accession, patient_id=report.patient_id,
            exam_date=report.exam_date, exam_kind=extraction.exam_kind,
            variant=decision.variant,
            variant_title=guideline.variants[decision.variant].title if decision.variant else None,
            variant_reason=decision.reason, birads=extraction.birads,
            laterality=decision.laterality,
            associated_mass_or_asymmetry=decision.associated_mass_or_asymmetry,
            findings=extraction.findings, extensive=decision.extensive,
            error=_row_error(report, MAX_CHARS), mammogram=extraction.mammogram)


def _row_error(report: Report, max_chars: int) -> str | None:
    """The reader's error, plus a word when only the start of a huge text was read."""
    errors = [report.error] if report.error else []
    if report.text and len(report.text) > max_chars:
        errors.append(f"report text of {len(report.text):,} characters: only the first "
                      f"{max_chars:,} were read")
    return "; ".join(errors) or None


def exam_of(record: ReportRecord) -> Exam:
    """The few facts of a report the audit needs (no text, so all of them fit in memory)."""
    return Exam(accession=record.accession, patient_id=record.patient_id,
                exam_date=record.exam_date, exam_kind=record.exam_kind, variant=record.variant,
                birads=record.birads,
                associated_mass_or_asymmetry=record.associated_mass_or_asymmetry,
                extensive=record.extensive, row=record.row, mammogram=record.mammogram)


@dataclass
class ExtractResult:
    input_rows: int
    output_rows: int
    mapped: int
    errors: int
    output: str

    def describe(self) -> str:
        return (f"{self.input_rows} reports read, {self.output_rows} written to {self.output} "
                f"({self.mapped} mapped to a variant, {self.errors} with a row error)")


def run_extract(reports_path, out_path, *, column_map=(), columns_file=None, rules_dir=None,
                progress: bool = False) -> ExtractResult:
    """`auditor extract`: every report of REPORTS as an extraction record in OUT."""
    from auditor.inputs.readers import read_reports
    from auditor.outputs.extract_writer import open_extract_writer

    guideline = load_guideline(rules_dir)
    mapping = _column_map(column_map, columns_file)
    reports = _counted(read_reports(reports_path, mapping))
    mapped = errors = written = 0
    with _progress(progress, reports_path, "extracting") as bar, \
            open_extract_writer(out_path) as writer:
        for record in extract_records(reports, guideline, rules_dir=rules_dir):
            writer.write(record)
            written += 1
            mapped += record.variant is not None
            errors += record.error is not None
            bar(1)
    return ExtractResult(reports.count, written, mapped, errors, str(out_path))


# --- the audit ----------------------------------------------------------------------------------

@dataclass
class AuditRunResult:
    reports_in: int
    reports_out: int
    procedures_in: int
    procedures_out: int
    underuse: int
    workbook: str
    tables: str | None
    status_counts: dict = field(default_factory=dict)

    @property
    def reconciled(self) -> bool:
        return self.reports_in == self.reports_out and self.procedures_in == self.procedures_out

    def describe(self) -> str:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(self.status_counts.items()))
        lines = [
            f"reports: {self.reports_in} read, {self.reports_out} in the output",
            f"procedures: {self.procedures_in} read, {self.procedures_out} in the output"
            + (f" ({statuses})" if statuses else ""),
            f"under-use flags: {self.underuse}",
            "reconciliation: " + ("OK, every input row is in the output" if self.reconciled
                                  else "MISMATCH between input and output rows"),
            f"workbook: {self.workbook}",
        ]
        if self.tables:
            lines.append(f"tables: {self.tables}")
        return "\n".join(lines)


def resolve_settings(settings_file=None, overrides: dict | None = None) -> AuditSettings:
    """Defaults, then the settings file, then command-line overrides."""
    from auditor.settings import load_settings

    settings = load_settings(settings_file) if settings_file else AuditSettings()
    return replace(settings, **(overrides or {}))


def run_audit(reports_path, procedures_path, out_path, *, tables_dir=None, tables_format="csv",
              column_map=(), settings_file=None, overrides=None, rules_dir=None,
              progress: bool = False) -> AuditRunResult:
    """`auditor audit`: the whole job, streaming reports through extraction into the outputs."""
    from auditor.audit import audit
    from auditor.inputs.readers import count_rows_and_sha256, read_procedures, read_reports
    from auditor.outputs.tables import AuditTablesWriter
    from auditor.outputs.workbook import AuditWorkbookWriter
    from auditor.procedures import load_procedure_table

    started = _now()
    guideline = load_guideline(rules_dir)
    table = load_procedure_table(rules_dir)
    settings = resolve_settings(settings_file, overrides)
    mapping = _column_map(column_map, settings_file and _columns_from_settings(settings_file))
    inputs = []
    for path in (reports_path, procedures_path):
        rows, digest = count_rows_and_sha256(path)
        inputs.append(InputFile(name=Path(path).name, rows=rows, sha256=digest))

    # Read procedures first, and every report row once without NLP: a bad date or a missing
    # column stops the run before the long NLP pass, not after it.
    procedures = list(read_procedures(procedures_path, mapping))
    for _ in read_reports(reports_path, mapping):
        pass

    sinks = [AuditWorkbookWriter(out_path, guideline)]
    if tables_dir:
        sinks.append(AuditTablesWriter(tables_dir, guideline, fmt=tables_format))
    try:
        exams: list[Exam] = []
        reports = _counted(read_reports(reports_path, mapping))
        with _progress(progress, reports_path, "extracting", inputs[0].rows) as bar:
            for record in extract_records(reports, guideline, rules_dir=rules_dir,
                                          extensive_extent_mm=settings.extensive_extent_mm):
                for sink in sinks:
                    sink.add_report(record)
                exams.append(exam_of(record))
                bar(1)
        result = audit(exams, procedures, guideline, table, settings)
        status_counts: dict[str, int] = {}
        for res in result.procedures:
            status_counts[res.status] = status_counts.get(res.status, 0) + 1
            for sink in sinks:
                sink.add_procedure(res)
        for flag in result.underuse:
            for sink in sinks:
                sink.add_underuse(flag)
        # Input rows as the file holds them (counted in their own pass) against output rows,
        # checked before anything is committed: a mismatch leaves no output behind.
        reconciliation = (("reports", inputs[0].rows, len(exams)),
                          ("procedures", inputs[1].rows, len(result.procedures)))
        lost = [f"{name}: {rows_in} in, {rows_out} out"
                for name, rows_in, rows_out in reconciliation if rows_in != rows_out]
        if lost:
            raise RuntimeError("reconciliation failed, no output written: " + "; ".join(lost))
        run = RunInfo(tool_version=__version__, rules_version=guideline.version,
                      rules_fingerprint=guideline.fingerprint, inputs=tuple(inputs),
                      options=_options_record(settings, tables_dir, tables_format, mapping),
                      started=started, finished=_now(), reconciliation=reconciliation)
        # Two phases, so that a failure while writing any output leaves none of them in place.
        for sink in sinks:
            sink.finish(run)
        for sink in sinks:
            sink.commit()
    except BaseException:
        for sink in sinks:
            with contextlib.suppress(Exception):
                sink.abort()
        raise
    return AuditRunResult(inputs[0].rows, len(exams), inputs[1].rows, len(result.procedures),
                          len(result.underuse), str(out_path),
                          str(tables_dir) if tables_dir else None, status_counts)


# --- evaluation ---------------------------------------------------------------------------------

def gold_files(gold) -> list[Path]:
    path = Path(gold)
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise InputError("no .jsonl files found", file=str(path))
    return files


def read_gold(gold) -> Iterator[dict]:
    for path in gold_files(gold):
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not valid JSON: {exc.msg}", file=str(path),
                                     row=number) from None


def run_evaluate(gold, reports=None, *, json_out=None, column_map=(), rules_dir=None,
                 progress: bool = False) -> str:
    """`auditor evaluate`: extraction scored against an annotated corpus."""
    from auditor.evaluate import evaluate, evaluation_to_dict, format_evaluation
    from auditor.inputs.readers import read_reports
    from auditor.outputs.rows import record_to_json

    guideline = load_guideline(rules_dir)
    mapping = _column_map(column_map, None)
    report_files = [Path(reports)] if reports else gold_files(gold)
    predicted = []
    for path in report_files:
        with _progress(progress, path, "extracting") as bar:
            for record in extract_records(read_reports(path, mapping), guideline,
                                          rules_dir=rules_dir):
                predicted.append(record_to_json(record))
                bar(1)
    gold_records = {path.name: list(read_gold(path)) for path in gold_files(gold)}
    result = evaluate([r for records in gold_records.values() for r in records], predicted)
    by_file = []
    if len(gold_records) > 1:
        for name, records in gold_records.items():
            own = {str(r.get("accession")) for r in records}
            by_file.append((name, evaluate(records, [p for p in predicted
                                                     if str(p.get("accession")) in own])))
    if json_out:
        data = evaluation_to_dict(result)
        if by_file:
            data["by_file"] = {name: {"reports": ev.gold_reports,
                                      "variant_accuracy": ev.variant_accuracy,
                                      "birads_f1": ev.fields["birads"].f1}
                               for name, ev in by_file}
        Path(json_out).write_text(json.dumps(data, indent=1, ensure_ascii=False),
                                  encoding="utf-8")
    return format_evaluation(result, by_file)


# --- rules --------------------------------------------------------------------------------------

def check_rules(rules_dir=None) -> list[str]:
    """Load every rule set (all-or-nothing); return one line per rule set that passed."""
    from auditor.ddsm import load_ddsm_terms
    from auditor.nlp.lexicon import check_examples
    from auditor.nlp.pipeline import build_pipeline
    from auditor.procedures import load_procedure_table

    guideline = load_guideline(rules_dir)
    lines = [f"guideline {guideline.version}: {len(guideline.variants)} variants, "
             f"{len(guideline.procedures)} procedures, {len(guideline.ratings)} ratings, "
             f"{len(guideline.conditions)} conditions"]
    load_procedure_table(rules_dir)
    lines.append("procedure codes and names: OK")
    load_ddsm_terms(rules_dir)
    lines.append("DDSM terms: OK")
    nlp = build_pipeline(rules_dir)
    problems = check_examples(nlp)
    if problems:
        raise RulesError(f"{len(problems)} lexicon example(s) do not match their row: "
                         + "; ".join(problems[:10]))
    lines.append(f"NLP pipeline: {', '.join(nlp.pipe_names)}; every lexicon example matches")
    return lines


# --- plumbing -----------------------------------------------------------------------------------

class _counted:
    """Wraps an iterator and counts what passed through (for the reconciliation)."""

    def __init__(self, iterable):
        self._it = iter(iterable)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self._it)
        self.count += 1
        return item


def _column_map(pairs, columns_file) -> dict:
    from auditor.inputs.columns import load_column_map, parse_column_map

    mapping = {}
    if columns_file:
        mapping.update(columns_file if isinstance(columns_file, dict)
                       else load_column_map(columns_file))
    mapping.update(parse_column_map(pairs or ()))
    return mapping


def _columns_from_settings(settings_file) -> dict:
    from auditor.inputs.columns import load_column_map

    return load_column_map(settings_file)


def _options_record(settings: AuditSettings, tables_dir, tables_format, mapping) -> dict:
    options = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(settings).items()}
    options.update(tables=str(tables_dir) if tables_dir else None, tables_format=tables_format,
                   column_map=dict(mapping))
    return options


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def _progress(enabled: bool, path, label: str, total: int | None = None):
    """A progress bar on a terminal (stderr); a no-op otherwise."""
    if not enabled:
        yield lambda n: None
        return
    import click

    from auditor.inputs.readers import count_rows_and_sha256

    if total is None:
        total, _ = count_rows_and_sha256(path)
    with click.progressbar(length=max(total, 1), label=f"{label} {Path(path).name}",
                           file=sys.stderr, show_pos=True) as bar:
        yield bar.update
