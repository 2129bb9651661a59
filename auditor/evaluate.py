"""Accuracy of extraction records against an annotated corpus (corpora/FORMAT.md).

Pure functions over dicts: gold lines and predicted extraction records (interfaces.md), both keyed
by `accession`. Scoring rules:

* morphology, distribution: per report, the SET of keys over its counting findings (a gold
  finding is counting unless it says `"counts": false`; a predicted one by its `counts` field,
  else by its negated/historical/hypothetical flags); true positives, false positives and false
  negatives are summed over reports (micro-average);
* laterality, BI-RADS: one value per report; a right value is a TP, a null prediction on a
  non-null gold a FN, a value on a null gold a FP, a wrong value both a FP and a FN;
* associated mass or asymmetry: a report-level boolean whose positive class is true;
* variant: the label is the variant number, or the reason when the variant is null; accuracy is
  exact match of that label. The no-variant reason accuracy is over the gold reports without a
  variant: right when the prediction has no variant either and gives the same reason;
* a gold report with no prediction is listed AND scored as an empty prediction (no findings, all
  fields null, label `(missing)`), so dropping hard reports cannot raise a score; a prediction
  with no gold report is listed and not scored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.models import VARIANT_REASONS

SET_FIELDS = ("morphology", "distribution")
VALUE_FIELDS = ("laterality", "birads")
BOOLEAN_FIELDS = ("associated_mass_or_asymmetry",)
FIELDS = SET_FIELDS + VALUE_FIELDS + BOOLEAN_FIELDS
MISSING = "(missing)"
_SHORT = {"no_calcifications": "NC", "negated_only": "NEG", "stable_or_known_benign": "STB",
          "vascular_or_unspecified_benign": "VUB", "distribution_not_stated": "DNS",
          "diffuse_one_breast": "D1B", "coarse_heterogeneous_diffuse": "CHD", MISSING: "MIS",
          "none": "-"}


@dataclass(frozen=True)
class FieldScore:
    field: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """None when nothing was predicted (undefined, not zero)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None when the gold has nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Disagreement:
    accession: str
    field: str
    gold: object
    predicted: object
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    gold_reports: int
    predicted_reports: int
    missing_predictions: tuple[str, ...]  # in gold, not predicted: scored as empty
    unexpected_predictions: tuple[str, ...]  # predicted, not in gold: not scored
    fields: dict[str, FieldScore]
    variant_correct: int
    variant_total: int
    reason_correct: int
    reason_total: int
    confusion: dict[tuple[str, str], int]  # (gold label, predicted label) -> reports
    disagreements: tuple[Disagreement, ...]

    @property
    def variant_accuracy(self) -> float | None:
        return self.variant_correct / self.variant_total if self.variant_total else None

    @property
    def reason_accuracy(self) -> float | None:
        return self.reason_correct / self.reason_total if self.reason_total else None


def evaluate(gold: Iterable[dict], predicted: Iterable[dict]) -> Evaluation:
    """Score predicted extraction records against gold ones (see the module notes)."""
    gold_by = _by_accession(gold, "gold")
    pred_by = _by_accession(predicted, "predicted")
    missing = tuple(a for a in gold_by if a not in pred_by)
    unexpected = tuple(a for a in pred_by if a not in gold_by)

    counts = {f: Counter() for f in FIELDS}
    confusion: Counter[tuple[str, str]] = Counter()
    disagreements: list[Disagreement] = []
    variant_correct = reason_correct = reason_total = 0

    for accession, g in gold_by.items():
        p = pred_by.get(accession)
        found = p is not None
        if not found:
            # Scored as an empty prediction; listed once, not once per field.
            disagreements.append(Disagreement(accession, "record", "present", None))
            p = {}
        report: list[Disagreement] = []
        g_findings, p_findings = _counting(g), _counting(p)

        for field in SET_FIELDS:
            gs, ps = _keys(g_findings, field), _keys(p_findings, field)
            counts[field]["tp"] += len(gs & ps)
            counts[field]["fp"] += len(ps - gs)
            counts[field]["fn"] += len(gs - ps)
            if gs != ps:
                wrong = ps - gs
                spans = _evidence([f for f in p_findings if _keys([f], field) & wrong]) \
                    or _evidence(p_findings)
                report.append(Disagreement(accession, field, sorted(gs), sorted(ps), spans))

        report_spans = _evidence(p_findings) or _evidence(p.get("findings") or [])
        for field in VALUE_FIELDS:
            gv, pv = _value(g.get(field), field), _value(p.get(field), field)
            if gv is not None and gv == pv:
                counts[field]["tp"] += 1
            else:
                counts[field]["fp"] += pv is not None
                counts[field]["fn"] += gv is not None
            if gv != pv:
                spans = report_spans if field != "birads" else ()
                report.append(Disagreement(accession, field, gv, pv, spans))

        for field in BOOLEAN_FIELDS:
            gv, pv = bool(g.get(field)), bool(p.get(field))
            counts[field]["tp"] += gv and pv
            counts[field]["fp"] += pv and not gv
            counts[field]["fn"] += gv and not pv
            if gv != pv:
                report.append(Disagreement(accession, field, gv, pv, report_spans))

        g_label = _label(g)
        p_label = _label(p) if found else MISSING
        confusion[(g_label, p_label)] += 1
        if g_label == p_label:
            variant_correct += 1
        else:
            report.insert(0, Disagreement(accession, "variant", g_label, p_label, report_spans))
        if found:
            disagreements.extend(report)
        if g.get("variant") is None:
            reason_total += 1
            reason_correct += g_label == p_label

    return Evaluation(
        gold_reports=len(gold_by),
        predicted_reports=len(pred_by),
        missing_predictions=missing,
        unexpected_predictions=unexpected,
        fields={f: FieldScore(f, c["tp"], c["fp"], c["fn"]) for f, c in counts.items()},
        variant_correct=variant_correct,
        variant_total=len(gold_by),
        reason_correct=reason_correct,
        reason_total=reason_total,
        confusion=dict(confusion),
        disagreements=tuple(disagreements),
    )


def evaluation_to_dict(ev: Evaluation) -> dict:
    """The evaluation as plain JSON-able data."""
    return {
        "gold_reports": ev.gold_reports,
        "predicted_reports": ev.predicted_reports,
        "missing_predictions": list(ev.missing_predictions),
        "unexpected_predictions": list(ev.unexpected_predictions),
        "fields": {f: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision,
                       "recall": s.recall, "f1": s.f1} for f, s in ev.fields.items()},
        "variant": {"correct": ev.variant_correct, "total": ev.variant_total,
                    "accuracy": ev.variant_accuracy},
        "no_variant_reason": {"correct": ev.reason_correct, "total": ev.reason_total,
                              "accuracy": ev.reason_accuracy},
        "confusion": [{"gold": g, "predicted": p, "reports": n}
                      for (g, p), n in sorted(ev.confusion.items(),
                                              key=lambda kv: (_order(kv[0][0]),
                                                              _order(kv[0][1])))],
        "disagreements": [{"accession": d.accession, "field": d.field, "gold": d.gold,
                           "predicted": d.predicted, "evidence": list(d.evidence)}
                          for d in ev.disagreements],
    }


def format_by_file(parts: list[tuple[str, Evaluation]]) -> list[str]:
    """One line per gold file: reports, variant accuracy, BI-RADS F1 (a corpus written in parts
    by different annotators shows where the extractor is weak)."""
    lines = ["", f"{'By file':30} {'reports':>7} {'variant accuracy':>22} {'BI-RADS F1':>10}"]
    for name, ev in parts:
        accuracy = f"{ev.variant_correct}/{ev.variant_total} ({_pct(ev.variant_accuracy)})"
        lines.append(f"{name:30} {ev.gold_reports:7} {accuracy:>22} "
                     f"{_num(ev.fields['birads'].f1):>10}")
    return lines


def format_evaluation(ev: Evaluation, by_file: list[tuple[str, Evaluation]] = ()) -> str:
    """A plain-text report: scores, the scores by gold file (when there are several), the
    variant confusion, then every disagreement."""
    lines = [f"Gold reports: {ev.gold_reports}   predicted: {ev.predicted_reports}"]
    if ev.missing_predictions:
        lines.append(f"Not predicted (scored as empty): {', '.join(ev.missing_predictions)}")
    if ev.unexpected_predictions:
        lines.append(f"Predicted but not in gold (not scored): "
                     f"{', '.join(ev.unexpected_predictions)}")
    lines += ["", f"{'field':30} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7} "
                  f"{'F1':>6}"]
    for s in ev.fields.values():
        lines.append(f"{s.field:30} {s.tp:5} {s.fp:5} {s.fn:5} {_num(s.precision):>9} "
                     f"{_num(s.recall):>7} {_num(s.f1):>6}")
    lines += ["",
              f"Variant accuracy: {ev.variant_correct}/{ev.variant_total} "
              f"({_pct(ev.variant_accuracy)})",
              f"No-variant reason accuracy: {ev.reason_correct}/{ev.reason_total} "
              f"({_pct(ev.reason_accuracy)})"]
    if len(by_file) > 1:
        lines += format_by_file(list(by_file))

    labels = sorted({lab for pair in ev.confusion for lab in pair}, key=_order)
    if labels:
        short = [_SHORT.get(lab, lab) for lab in labels]
        width = max(4, *(len(s) for s in short)) + 1
        lines += ["", "Variant confusion (rows: gold, columns: predicted; a null variant is "
                      "shown as its reason)"]
        lines.append(" " * 32 + "".join(f"{s:>{width}}" for s in short))
        for g in labels:
            cells = "".join(f"{ev.confusion.get((g, p), 0) or '.':>{width}}" for p in labels)
            lines.append(f"{g:32}{cells}")
        legend = [f"{_SHORT[lab]} = {lab}" for lab in labels if lab in _SHORT]
        if legend:
            lines.append("  " + "; ".join(legend))

    lines += ["", f"Disagreements: {len(ev.disagreements)}"]
    for d in ev.disagreements:
        lines.append(f"  {d.accession}  {d.field}: gold {_show(d.gold)}, predicted "
                     f"{_show(d.predicted)}")
        for span in d.evidence:
            lines.append(f"      \"{span}\"")
    return "\n".join(lines) + "\n"


# --- helpers ---------------------------------------------------------------------------------

def _by_accession(records: Iterable[dict], side: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for number, record in enumerate(records, start=1):
        accession = record.get("accession")
        if accession is None or str(accession) == "":
            raise ValueError(f"{side} record {number} has no accession")
        accession = str(accession)
        if accession in out:
            raise ValueError(f"{side} accession '{accession}' appears twice (record {number})")
        out[accession] = record
    return out


def _counting(record: dict) -> list[dict]:
    out = []
    for f in record.get("findings") or []:
        counts = f.get("counts")
        if counts is None:
            counts = not (f.get("negated") or f.get("historical") or f.get("hypothetical"))
        if counts:
            out.append(f)
    return out


def _keys(findings: list[dict], field: str) -> set[str]:
    keys: set[str] = set()
    for f in findings:
        value = f.get(field)
        if isinstance(value, str):
            keys.add(value)
        elif value:
            keys.update(str(v) for v in value)
    return keys


def _value(value, field: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    return text.upper() if field == "birads" else text.lower()


def _label(record: dict) -> str:
    variant = record.get("variant")
    if variant is not None:
        return str(int(variant))
    return record.get("variant_reason") or "none"


def _evidence(findings: list[dict]) -> tuple[str, ...]:
    spans: list[str] = []
    for f in findings:
        for e in f.get("evidence") or []:
            text = e.get("text") if isinstance(e, dict) else str(e)
            if text and text not in spans:
                spans.append(text)
    return tuple(spans)


def _order(label: str) -> tuple:
    if label.isdigit():
        return (0, int(label), "")
    if label in VARIANT_REASONS:
        return (1, VARIANT_REASONS.index(label), "")
    return (2, 0, label)


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _show(value) -> str:
    if isinstance(value, list):
        return "{" + ", ".join(value) + "}" if value else "{}"
    return "null" if value is None else str(value)
