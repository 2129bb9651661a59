"""The Summary sheet's numbers, counted as records stream past (nothing is kept but counts).

Both writers (workbook and tables) feed one SummaryCounter, so the Summary sheet and
`summary.csv` cannot disagree. Rows are in SUMMARY_COLUMNS order (section, item, status, count,
rate, detail): long form, so every section fits one table that a dashboard can pivot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from auditor.models import STATUSES, UNDERUSE_RULES, ProcedureResult, ReportRecord, UnderuseFlag

ALL = "all"
NONE_LABEL = "(none)"

# Sections that the workbook draws as charts: (section, chart kind, title).
CHARTED_SECTIONS = (
    ("reports_by_variant", "bar", "Reports by variant"),
    ("procedures_by_status", "pie", "Procedures by status"),
    ("underuse_by_rule", "bar", "Under-use flags by rule"),
)


@dataclass(frozen=True)
class SummaryRow:
    section: str
    item: str
    status: str | None
    count: int
    rate: float | None
    detail: str | None = None

    def values(self) -> tuple:
        return (self.section, self.item, self.status, self.count, self.rate, self.detail)


class SummaryCounter:
    """Incremental counts of reports, procedures and under-use flags."""

    def __init__(self, variant_titles: dict[int, str] | None = None):
        self.variant_titles = dict(variant_titles or {})
        self.reports = 0
        self.report_errors = 0
        self.findings = 0
        self.by_variant: Counter[int] = Counter()
        self.unmapped_by_reason: Counter[str] = Counter()
        self.procedures = 0
        self.by_status: Counter[str] = Counter()
        self.by_acr_procedure: Counter[tuple[str, str]] = Counter()
        self.by_provider: Counter[tuple[str, str]] = Counter()
        self.by_site: Counter[tuple[str, str]] = Counter()
        self.has_provider = False
        self.has_site = False
        self.underuse: Counter[str] = Counter()

    @classmethod
    def for_guideline(cls, guideline) -> SummaryCounter:
        return cls({n: v.title for n, v in guideline.variants.items()})

    # --- counting ------------------------------------------------------------------------------

    def add_report(self, rec: ReportRecord) -> None:
        self.reports += 1
        self.findings += len(rec.findings)
        if rec.error is not None:
            self.report_errors += 1
        if rec.variant is not None:
            self.by_variant[rec.variant] += 1
        else:
            self.unmapped_by_reason[rec.variant_reason or ("read_error" if rec.error
                                                           else NONE_LABEL)] += 1

    def add_procedure(self, res: ProcedureResult) -> None:
        self.procedures += 1
        self.by_status[res.status] += 1
        self.by_acr_procedure[(res.acr_procedure or NONE_LABEL, res.status)] += 1
        provider, site = res.procedure.ordering_provider, res.procedure.site
        self.has_provider = self.has_provider or bool(provider)
        self.has_site = self.has_site or bool(site)
        self.by_provider[(provider or NONE_LABEL, res.status)] += 1
        self.by_site[(site or NONE_LABEL, res.status)] += 1

    def add_underuse(self, flag: UnderuseFlag) -> None:
        self.underuse[flag.rule] += 1

    # --- reporting -----------------------------------------------------------------------------

    @property
    def mapped(self) -> int:
        return sum(self.by_variant.values())

    def rows(self) -> list[SummaryRow]:
        """Every Summary row; charted sections always list all their items (zeros included)."""
        n, mapped = self.reports, self.mapped
        out = [
            SummaryRow("reports", "reports", None, n, None),
            SummaryRow("reports", "mapped", None, mapped, _rate(mapped, n),
                       "reports with a guideline variant (index exams)"),
            SummaryRow("reports", "unmapped", None, n - mapped, _rate(n - mapped, n)),
            SummaryRow("reports", "read_errors", None, self.report_errors,
                       _rate(self.report_errors, n)),
            SummaryRow("reports", "findings", None, self.findings, None,
                       "extracted calcification findings"),
        ]
        for reason, count in sorted(self.unmapped_by_reason.items()):
            out.append(SummaryRow("reports_unmapped_by_reason", reason, None, count,
                                  _rate(count, n)))
        variants = sorted(set(self.variant_titles) | set(self.by_variant))
        for v in variants:
            out.append(SummaryRow("reports_by_variant", str(v), None, self.by_variant[v],
                                  _rate(self.by_variant[v], mapped), self.variant_titles.get(v)))

        p = self.procedures
        out.append(SummaryRow("procedures", "procedures", None, p, None))
        for status in _statuses(self.by_status):
            out.append(SummaryRow("procedures_by_status", status, status, self.by_status[status],
                                  _rate(self.by_status[status], p)))
        out.extend(_breakdown("procedures_by_acr_procedure", self.by_acr_procedure))
        if self.has_provider:
            out.extend(_breakdown("procedures_by_ordering_provider", self.by_provider))
        if self.has_site:
            out.extend(_breakdown("procedures_by_site", self.by_site))

        total_flags = sum(self.underuse.values())
        out.append(SummaryRow("underuse", "flags", None, total_flags, _rate(total_flags, mapped),
                              "rate: flags per index exam"))
        for rule in sorted(set(UNDERUSE_RULES) | set(self.underuse)):
            out.append(SummaryRow("underuse_by_rule", rule, None, self.underuse[rule],
                                  _rate(self.underuse[rule], mapped)))
        return out


def sheet_rows(kind: str, parts: list[tuple[str, int]]) -> list[SummaryRow]:
    """Where each table went: one row per sheet (or file), naming any continuation."""
    out = []
    for index, (name, count) in enumerate(parts):
        detail = None
        if len(parts) > 1 and index == 0:
            detail = "continued on " + ", ".join(n for n, _ in parts[1:])
        elif index > 0:
            detail = f"continuation of {parts[0][0]}"
        out.append(SummaryRow(kind, name, None, count, None, detail))
    return out


def section_span(rows: list[SummaryRow], section: str) -> tuple[int, int] | None:
    """First and last index of a section's rows, or None when it has none."""
    idx = [i for i, r in enumerate(rows) if r.section == section]
    return (idx[0], idx[-1]) if idx else None


def _statuses(counter) -> list[str]:
    return list(STATUSES) + sorted(s for s in counter if s not in STATUSES)


def _breakdown(section: str, counter: Counter) -> list[SummaryRow]:
    """Per item: all procedures, then each status with its share (the inappropriate rate...)."""
    totals: Counter[str] = Counter()
    for (item, _), count in counter.items():
        totals[item] += count
    statuses = _statuses({s for _, s in counter})
    out = []
    for item in sorted(totals):
        out.append(SummaryRow(section, item, ALL, totals[item], None))
        for status in statuses:
            count = counter[(item, status)]
            out.append(SummaryRow(section, item, status, count, _rate(count, totals[item])))
    return out


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None
