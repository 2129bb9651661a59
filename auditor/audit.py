"""Rate every procedure performed against the guideline and its care pathway (audit.md).

Pure functions over plain records: exams (every report, index exams being those with a variant)
and procedure rows in, one verdict per procedure row (never dropped, never merged, input order)
and the under-use flags out. The steps, in the order they decide:

1. rows that could not be read, or whose code and name are both unknown -> `unrecognized`;
2. the row that is the index exam itself -> `out_of_scope` "index exam";
3. linking to the patient's most recent index exam on or before the date, within the link
   window -> else `unlinked`;
4. a tomosynthesis add-on -> `out_of_scope` "add-on of the same-day mammogram";
5. rules R1-R7 of audit.md, first match wins; R8 for everything else.

Steps 1-4 decide no rating, so their rows carry rule `R8` (the spec's "not rated" rule); the
status and the reason say exactly which step it was.

Decisions where audit.md's sentences could be read two ways (cross-check cases in brackets):

- A row sharing the index exam's accession is the index exam itself only with a code of the
  index exam's own kind, as without accessions. Otherwise "a diagnostic mammogram on the same day
  as a screening index is not the index exam: it is the workup" would lose to a shared accession,
  and a screening exam converted to a diagnostic one under the same accession would hide its
  workup (and raise a false U1) [C82]. Other codes on the accession (US, add-on) are rated as
  what they are.
- A diagnostic report (exam kind diagnostic) of the episode counts as a diagnostic mammogram for
  "workup done" (R3, R4, R6) and for U1: a report documents the mammogram even when the extract
  has no row for it, and flagging a biopsy as "straight from screening" next to its own workup
  report would be a false accusation [C15]. The dates follow the mammogram-row convention
  (same day comes first; for a mammogram, its same-day report is its own visit), and a report
  with the row's own accession is that row's report, not evidence of an earlier workup. Only a
  report of a mammogram counts: one whose exam type (or exam line) names another breast
  procedure and no mammography ("US BREAST RT LIMITED", "STEREOTACTIC BIOPSY LEFT") does not
  show a mammogram was done, so an ultrasound report dated with its ultrasound cannot make that
  ultrasound look "after the workup". Its BI-RADS still counts as a workup assessment (audit.md:
  "the most recent diagnostic report").
- A tomosynthesis add-on row is billed only with a diagnostic mammogram, so it shows one on its
  day for U1 [C93]; a missing under-use flag costs less than a false one. For "workup done" it is
  not counted (not decided; audit.md keeps the row only so the mammogram is counted once).
- The US condition (associated mass/focal asymmetry, extensive distribution) holds when the index
  exam or a diagnostic report of the episode on or before the ultrasound says so: the guideline
  conditions US on what "diagnostic mammographic workup demonstrates", and a screening index
  seldom has the workup's findings [C87]. Reports after the ultrasound, and its own report, do
  not count: they are not what justified it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from auditor.guideline import Guideline, Rating, rating_category
from auditor.models import (
    BIRADS_ORDER,
    AuditSettings,
    Exam,
    Procedure,
    ProcedureResult,
    UnderuseFlag,
)
from auditor.procedures import (
    CATEGORIES,
    MAMMOGRAPHY_PROCEDURES,
    ProcedureClass,
    ProcedureTable,
    classify_procedure,
    load_procedure_table,
)
from auditor.settings import check_settings

MAMMO_DX, MAMMO_SIFU = MAMMOGRAPHY_PROCEDURES
NOT_RATED = "R8"
# The BI-RADS order of variant-mapping.md, to pick one assessment among same-day reports.
_BIRADS_RANK = {value: rank for rank, value in enumerate(BIRADS_ORDER)}
_BIRADS_MEANING = {"0": "incomplete", "1": "negative", "2": "benign", "3": "probably benign",
                   "4": "suspicious", "5": "highly suggestive of malignancy",
                   "6": "known biopsy-proven malignancy"}
_CATEGORY_WORDS = {"usually_appropriate": "usually appropriate",
                   "may_be_appropriate": "may be appropriate",
                   "usually_not_appropriate": "usually not appropriate"}
_STATUS_WORDS = {"appropriate": "appropriate", "may_be_appropriate": "may be appropriate",
                 "inappropriate": "inappropriate", "out_of_scope": "out of scope"}
# The guideline's own words (its summary), quoted where a rule rests on them.
GUIDELINE_NOT_FROM_SCREENING = ("Currently, short-term follow-up or biopsy of calcifications "
                                "directly from screening mammography is not recommended.")
GUIDELINE_NOT_ESTABLISHED = ("The use of magnetic resonance imaging (MRI), breast-specific gamma "
                             "imaging (BSGI), positron emission mammography (PEM), and ductal "
                             "lavage in evaluating clustered microcalcifications has not been "
                             "established. In general, they should not be used to avoid biopsy "
                             "of mammographically suspicious calcifications.")
GUIDELINE_FNA = ("Stereotactically guided fine needle aspiration (FNA) of microcalcifications "
                 "has been shown to be inaccurate.")
GUIDELINE_US = ("Ultrasound should only be performed if the diagnostic mammographic workup "
                "demonstrates suspicious microcalcifications with an associated mass/focal "
                "asymmetry or in cases of suspicious calcifications with an extensive "
                "distribution.")


@dataclass
class AuditResult:
    procedures: list[ProcedureResult] = field(default_factory=list)
    underuse: list[UnderuseFlag] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    """One procedure row with what the audit learnt about it."""

    position: int
    procedure: Procedure
    cls: ProcedureClass
    patient: str
    index: Exam | None = None  # the linked index exam (or the one the row is)
    index_key: int | None = None
    is_index_itself: str | None = None  # how it matched: "same accession", "same day"

    @property
    def usable(self) -> bool:
        return not _unreadable(self.procedure) and self.procedure.procedure_date is not None

    @property
    def date(self) -> date | None:
        return self.procedure.procedure_date


def _unreadable(proc: Procedure) -> bool:
    """A row whose read error took what rating needs: the patient, the date, code and name.

    Other row problems (an undecodable byte in the site or provider column) travel in the
    row's error column but do not stop the rating: un-rating a biopsy would change the
    verdicts of the rows after it (tissue diagnosis, R1) and the under-use flags.
    """
    return proc.error is not None and (proc.procedure_date is None or not proc.patient_id
                                       or not (proc.code or proc.name))


def audit(exams: Iterable[Exam], procedures: Iterable[Procedure], guideline: Guideline,
          table: ProcedureTable | None = None,
          settings: AuditSettings = AuditSettings()) -> AuditResult:  # noqa: B008
    """Rate every procedure row and flag under-use, as audit.md says."""
    settings = check_settings(settings)
    table = table or load_procedure_table()
    exams = list(exams)
    ctx = _Context(exams, guideline, settings)
    rows = [ctx.link(i, p, classify_procedure(p.code, p.name, table))
            for i, p in enumerate(procedures)]
    ctx.index_rows(rows)
    results = [ctx.judge(row) for row in rows]
    underuse = ctx.underuse(rows, results) if settings.underuse_rules else []
    return AuditResult(procedures=results, underuse=underuse)


def _patient(value) -> str:
    return str(value).strip() if value is not None else ""


def _kind_rank(exam: Exam) -> int:
    # Same-day tie: the diagnostic exam follows the screening one it works up.
    return 1 if exam.exam_kind == "diagnostic" else 0


class _Context:
    def __init__(self, exams: list[Exam], guideline: Guideline, settings: AuditSettings):
        self.guideline = guideline
        self.settings = settings
        self.exams = exams
        self.index_by_patient: dict[str, list[int]] = defaultdict(list)
        self.diagnostic_by_patient: dict[str, list[int]] = defaultdict(list)
        for key, exam in enumerate(exams):
            if exam.exam_date is None:
                continue
            patient = _patient(exam.patient_id)
            if exam.variant is not None:
                self.index_by_patient[patient].append(key)
            if exam.exam_kind == "diagnostic":
                self.diagnostic_by_patient[patient].append(key)
        self.episode: dict[int, list[_Row]] = defaultdict(list)
        self.by_patient: dict[str, list[_Row]] = defaultdict(list)

    # --- linking ------------------------------------------------------------------------------

    def link(self, position: int, proc: Procedure, cls: ProcedureClass) -> _Row:
        patient = _patient(proc.patient_id)
        row = _Row(position, proc, cls, patient)
        if _unreadable(proc):
            return row
        keys = self.index_by_patient.get(patient, [])
        itself = self._index_itself(proc, cls, keys)
        if itself is not None:
            key, how = itself
            return _Row(position, proc, cls, patient, self.exams[key], key, how)
        if proc.procedure_date is None:
            return row
        best = None
        for key in keys:
            exam = self.exams[key]
            gap = (proc.procedure_date - exam.exam_date).days
            if 0 <= gap <= self.settings.link_window_days:
                rank = (exam.exam_date, _kind_rank(exam), exam.row, key)
                if best is None or rank > best[0]:
                    best = (rank, key)
        if best is None:
            return row
        return _Row(position, proc, cls, patient, self.exams[best[1]], best[1])

    def _index_itself(self, proc: Procedure, cls: ProcedureClass,
                      keys: list[int]) -> tuple[int, str] | None:
        accession = (proc.accession or "").strip()
        own_kind = {"screening": "screening_mammogram", "diagnostic": "diagnostic_mammogram"}
        for key in keys:
            exam = self.exams[key]
            exam_acc = (exam.accession or "").strip()
            if (accession and exam_acc and accession == exam_acc
                    and cls.category == own_kind.get(exam.exam_kind)):
                return key, f"same accession and a {exam.exam_kind} mammogram code"
        for key in keys:
            exam = self.exams[key]
            exam_acc = (exam.accession or "").strip()
            if accession and exam_acc:
                continue  # both have accessions, and they differ
            if (proc.procedure_date is not None and exam.exam_date == proc.procedure_date
                    and cls.category == own_kind.get(exam.exam_kind)):
                return key, f"same day and a {exam.exam_kind} mammogram code"
        return None

    def index_rows(self, rows: list[_Row]) -> None:
        for row in rows:
            if not row.usable:
                continue
            self.by_patient[row.patient].append(row)
            if row.index_key is not None and row.is_index_itself is None:
                self.episode[row.index_key].append(row)

    # --- pathway facts ------------------------------------------------------------------------

    def workup_reports(self, row: _Row) -> list[Exam]:
        """The diagnostic reports of the row's episode on or before it, oldest first; not the
        row's own report (same accession; for a mammogram, the same day: its own visit)."""
        accession = (row.procedure.accession or "").strip()
        strict = row.cls.category == "diagnostic_mammogram"
        out = []
        for key in self.diagnostic_by_patient.get(row.patient, []):
            exam = self.exams[key]
            if not row.index.exam_date <= exam.exam_date <= row.date:
                continue
            if accession and (exam.accession or "").strip() == accession:
                continue
            if strict and exam.exam_date == row.date:
                continue
            out.append(exam)
        return sorted(out, key=lambda e: (e.exam_date, e.row))

    def workup_evidence(self, row: _Row) -> str | None:
        """What shows the diagnostic workup was done by the row's date, or None: the index exam
        is diagnostic, or a diagnostic mammogram row of the episode on or before the row's date
        (a same-day mammogram comes first; for a mammogram itself, other same-day mammogram
        rows are the same visit, so only earlier days count), or a diagnostic report of the
        episode by the same convention."""
        if row.index.exam_kind == "diagnostic":
            return f"the index exam {row.index.accession} is diagnostic"
        strict = row.cls.category == "diagnostic_mammogram"
        rows = [other for other in self.episode[row.index_key]
                if other is not row and other.cls.category == "diagnostic_mammogram"
                and (other.date < row.date if strict else other.date <= row.date)]
        if rows:
            first = min(rows, key=lambda o: (o.date, o.position))
            return (f"diagnostic mammogram on day "
                    f"{_days(row.index.exam_date, first.date)}")
        reports = [exam for exam in self.workup_reports(row) if exam.mammogram]
        if reports:
            return (f"diagnostic report {reports[0].accession} of "
                    f"{reports[0].exam_date.isoformat()}")
        return None

    def tissue_diagnosis(self, row: _Row) -> _Row | None:
        """The first core biopsy of the episode on an earlier date, if any."""
        earlier = [o for o in self.episode[row.index_key]
                   if o.cls.category == "core_biopsy_breast" and o.date < row.date]
        return min(earlier, key=lambda o: (o.date, o.position)) if earlier else None

    def workup_assessment(self, row: _Row) -> tuple[str | None, Exam | None]:
        """BI-RADS of the most recent diagnostic report on or before the row, within the
        episode; not the row's own report (same accession; for a mammogram, same day)."""
        best = None
        for exam in self.workup_reports(row):
            rank = (exam.exam_date, _BIRADS_RANK.get(_birads(exam.birads), -1))
            if best is None or rank > best[0]:
                best = (rank, exam)
        if best is None:
            return None, None
        return _birads(best[1].birads), best[1]

    # --- verdicts -----------------------------------------------------------------------------

    def judge(self, row: _Row) -> ProcedureResult:
        proc, cls = row.procedure, row.cls
        base = {"procedure": proc, "category": cls.category, "acr_procedure": None,
                "index_accession": None, "days_from_index": None, "variant": None,
                "rating": None, "rating_category": None, "guideline_comment": None}
        if row.index is not None:
            base.update(index_accession=row.index.accession, variant=row.index.variant,
                        days_from_index=_days(row.index.exam_date, proc.procedure_date))

        def result(status, rule, reason, **extra):
            return ProcedureResult(**{**base, **extra}, status=status, rule=rule, reason=reason)

        if _unreadable(proc):
            return result("unrecognized", NOT_RATED,
                          f"Not rated (R8): row {proc.row} could not be read ({proc.error}); "
                          "it is kept as it was.")
        if cls.category is None:
            return result("unrecognized", NOT_RATED,
                          f"Unrecognized (R8): neither the code {_quote(proc.code)} nor the "
                          f"name {_quote(proc.name)} is in the procedure tables "
                          "(rules/procedures/); the row is kept but not rated.")
        if row.is_index_itself is not None:
            return result("out_of_scope", NOT_RATED,
                          f"Out of scope (R8), index exam: this row is index exam "
                          f"{row.index.accession} itself ({row.is_index_itself}); the audit "
                          "rates what follows it.")
        if proc.procedure_date is None:
            return result("unlinked", NOT_RATED,
                          "Unlinked (R8): the row has no procedure date, so it cannot be "
                          "linked to an index exam.")
        if row.index is None:
            return result("unlinked", NOT_RATED, "Unlinked (R8): " + self._why_unlinked(row))
        if cls.category == "dbt_addon":
            return result("out_of_scope", NOT_RATED,
                          f"Out of scope (R8), add-on of the same-day mammogram: {_what(cls)} "
                          "is billed with that day's mammogram, which is counted once.")

        days = base["days_from_index"]
        where = f"day {days} after {_exam_words(row.index)}"
        acr = self._acr_procedure(cls, days)
        rating = self.guideline.rating(row.index.variant, acr) if acr else None
        rated = {}
        if rating is not None:
            rated = {"acr_procedure": acr, "rating": rating.rating,
                     "rating_category": rating_category(rating.rating),
                     "guideline_comment": rating.comment or None}

        # R1: after a tissue diagnosis the pathway is staging and treatment.
        biopsy = self.tissue_diagnosis(row)
        if biopsy is not None:
            return result("out_of_scope", "R1",
                          f"R1 after tissue diagnosis: {_what(cls)} on {where} follows a core "
                          f"biopsy on day {_days(row.index.exam_date, biopsy.date)}; staging and "
                          "treatment are outside the guideline's initial workup, so out of "
                          "scope.", acr_procedure=acr)
        category = cls.category
        if category == "diagnostic_mammogram" and acr == MAMMO_DX:
            status = _by_rating(rating)
            note = ""
            if rating.comment:
                note = (f" Guideline comment: \"{rating.comment}\" The reports do not say "
                        "whether this was needed, so the rating alone decides.")
            return result(status, "R2",
                          f"R2 {MAMMO_DX} on {where}: {_rates(rating, self.guideline)}, so "
                          f"{_STATUS_WORDS[status]}.{note}", **rated)
        if category == "diagnostic_mammogram" and acr == MAMMO_SIFU:
            return self._r3(row, rating, where, rated, result)
        if category == "us_breast":
            return self._r4(row, rating, where, rated, result)
        if category in ("mri_breast", "pet_breast", "sestamibi_breast", "fna_breast"):
            status = _by_rating(rating)
            quote = GUIDELINE_FNA if category == "fna_breast" else GUIDELINE_NOT_ESTABLISHED
            return result(status, "R5",
                          f"R5 {acr} on {where}: {_rates(rating, self.guideline)}, so "
                          f"{_STATUS_WORDS[status]}. Guideline: \"{quote}\"", **rated)
        if category == "core_biopsy_breast":
            return self._r6(row, rating, where, rated, result)
        if category == "localization":
            status = _by_rating(rating)
            return result(status, "R7",
                          f"R7 {acr} on {where}, without a core biopsy on an earlier date "
                          f"(no tissue diagnosis): {_rates(rating, self.guideline)}, so "
                          f"{_STATUS_WORDS[status]}.", **rated)
        if category == "diagnostic_mammogram":
            return result("out_of_scope", "R8",
                          f"R8 surveillance: a diagnostic mammogram on {where} is past the "
                          f"short-interval window ({self.settings.short_interval_window_days} "
                          "days); the guideline does not rate it, so out of scope.")
        return result("out_of_scope", "R8",
                      f"R8 not in the guideline: {_what(cls)} on {where} is not one of the "
                      "guideline's initial-workup procedures, so out of scope.")

    def _acr_procedure(self, cls: ProcedureClass, days: int) -> str | None:
        if cls.category == "diagnostic_mammogram":
            if days <= self.settings.diagnostic_window_days:
                return MAMMO_DX
            if days <= self.settings.short_interval_window_days:
                return MAMMO_SIFU
            return None
        return cls.guideline_procedure_family

    def _r3(self, row, rating, where, rated, result):
        evidence = self.workup_evidence(row)
        if evidence is not None:
            assessment, report = self.workup_assessment(row)
            said = _assessment_words(assessment, report)
            if assessment in (None, "0", "3"):
                return result("appropriate", "R3",
                              f"R3 {MAMMO_SIFU} on {where}, after the diagnostic workup "
                              f"({evidence}): "
                              f"{said}, so follow-up of a probably benign finding is "
                              f"appropriate. ({_rates(rating, self.guideline)} when done "
                              "straight from screening.)", **rated)
            return result("inappropriate", "R3",
                          f"R3 {MAMMO_SIFU} on {where}, after the diagnostic workup "
                          f"({evidence}): {said}, "
                          "which is not a probably benign finding, so short-interval "
                          "follow-up is inappropriate.", **rated)
        status = _by_rating(rating)
        return result(status, "R3",
                      f"R3 {MAMMO_SIFU} on {where} with no diagnostic workup before it "
                      f"(straight from screening): {_rates(rating, self.guideline)}, so "
                      f"{_STATUS_WORDS[status]}. Guideline: \"{GUIDELINE_NOT_FROM_SCREENING}\"",
                      **rated)

    def _r4(self, row, rating: Rating, where, rated, result):
        head = f"R4 US breast on {where}"
        evidence = self.workup_evidence(row)
        if evidence is None:
            return result("inappropriate", "R4",
                          f"{head}, before any diagnostic mammographic workup, so "
                          f"inappropriate ({_rates(rating, self.guideline)}). Guideline: "
                          f"\"{GUIDELINE_US}\"", **rated)
        head += f", after the diagnostic workup ({evidence})"
        rates = _rates(rating, self.guideline)
        if rating.rating <= 3:
            return result("inappropriate", "R4", f"{head}: {rates}, so inappropriate.",
                          **rated)
        if rating.rating >= 7:
            return result("appropriate", "R4", f"{head}: {rates}, so appropriate.", **rated)
        if rating.condition is None:
            return result("may_be_appropriate", "R4", f"{head}: {rates}, so may be "
                          "appropriate.", **rated)
        # What the workup demonstrates: the index exam and the episode's diagnostic reports
        # up to this ultrasound (the guideline: "after diagnostic mammographic workup
        # demonstrates ...").
        index = row.index
        sources = [index] + [e for e in self.workup_reports(row) if e is not index]
        mass_by = [e for e in sources if e.associated_mass_or_asymmetry]
        extensive_by = [e for e in sources if e.extensive]
        facts = {"workup_done": True,
                 "associated_mass_or_asymmetry": bool(mass_by),
                 "extensive_distribution": bool(extensive_by),
                 "further_evaluation_needed": None}
        found = []
        if mass_by:
            found.append("an associated mass or focal asymmetry"
                         + _by_whom(mass_by, len(sources)))
        if extensive_by:
            found.append("an extensive distribution" + _by_whom(extensive_by, len(sources)))
        found_words = " and ".join(found) if found else ("neither an associated mass or focal "
                                                         "asymmetry nor an extensive "
                                                         "distribution")
        read = f"Index exam {index.accession}"
        if len(sources) > 1:
            read += " and the workup's diagnostic report" + ("s " if len(sources) > 2 else " ")
            read += ", ".join(f"{e.accession} of {e.exam_date.isoformat()}" for e in sources[1:])
        verb = "describe" if len(sources) > 1 else "describes"
        said = f"{rates}, with the comment \"{rating.comment}\" {read} {verb} {found_words}"
        if rating.condition.evaluate(facts) is True:
            return result("may_be_appropriate", "R4",
                          f"{head}: {said}, so the condition holds and this may be "
                          "appropriate.", **rated)
        return result("inappropriate", "R4",
                      f"{head}: {said}, so the condition does not hold and this is "
                      "inappropriate.", **rated)

    def _r6(self, row, rating, where, rated, result):
        head = f"R6 Core biopsy breast on {where}"
        evidence = self.workup_evidence(row)
        if evidence is None:
            return result("inappropriate", "R6",
                          f"{head}, before any diagnostic mammographic workup: biopsy directly "
                          f"from screening, so inappropriate ({_rates(rating, self.guideline)})."
                          f" Guideline: \"{GUIDELINE_NOT_FROM_SCREENING}\"", **rated)
        assessment, report = self.workup_assessment(row)
        said = _assessment_words(assessment, report)
        note = (f" (The guideline's rating, {rating.rating}, is for biopsy before the diagnostic "
                "workup.)")
        head += f", after the diagnostic workup ({evidence})"
        if assessment in (None, "0", "4", "4A", "4B", "4C", "5", "6"):
            return result("appropriate", "R6", f"{head}: {said}, so biopsy is "
                          f"appropriate.{note}", **rated)
        if assessment == "3":
            return result("may_be_appropriate", "R6",
                          f"{head}: {said}, for which short-interval follow-up is the usual "
                          f"course, so biopsy may be appropriate.{note}", **rated)
        return result("inappropriate", "R6", f"{head}: {said}, so biopsy is "
                      f"inappropriate.{note}", **rated)

    def _why_unlinked(self, row: _Row) -> str:
        window = self.settings.link_window_days
        dates = sorted(self.exams[k].exam_date for k in self.index_by_patient.get(row.patient, []))
        text = (f"no index exam (a report with a variant) of this patient on or before this "
                f"procedure within {window} days")
        before = [d for d in dates if d <= row.date]
        after = [d for d in dates if d > row.date]
        if before:
            text += f"; the most recent is {(row.date - before[-1]).days} days earlier"
        elif after:
            text += f"; the first is {(after[0] - row.date).days} days later"
        else:
            text += "; the patient has none"
        return text + "."

    # --- under-use ----------------------------------------------------------------------------

    def underuse(self, rows: list[_Row], results: list[ProcedureResult]) -> list[UnderuseFlag]:
        window = self.settings.underuse_window_days
        flags = []
        for key, exam in enumerate(self.exams):
            if exam.variant is None or exam.exam_date is None:
                continue
            later = sorted((r for r in self.by_patient.get(_patient(exam.patient_id), [])
                            if r.date >= exam.exam_date
                            and not (r.index_key == key and r.is_index_itself is not None)),
                           key=lambda r: (r.date, r.position))
            in_window = [r for r in later if (r.date - exam.exam_date).days <= window]
            found = [r for r in later if r.cls.category not in (None, "dbt_addon")]
            instead = self._instead(found[0], exam, results) if found else None
            instead_day = _days(exam.exam_date, found[0].date) if found else None
            instead_text = (f"Found instead: {instead} on day {instead_day}." if found
                            else "Found instead: no later procedure.")
            title = self.guideline.variants[exam.variant].title
            what = (f"{exam.exam_kind} exam {exam.accession} of {exam.exam_date.isoformat()} "
                    f"(variant {exam.variant}, \"{title}\")")
            if "U1" in self.settings.underuse_rules and exam.exam_kind == "screening":
                rating = self.guideline.rating(exam.variant, MAMMO_DX)
                if rating.rating >= 7 and not self._diagnostic_workup_within(exam, in_window):
                    flags.append(UnderuseFlag(
                        exam.accession, exam.patient_id, exam.exam_date, exam.variant,
                        exam.birads, "U1",
                        f"U1 no_diagnostic_workup: {exam.exam_kind} exam {exam.accession} of "
                        f"{exam.exam_date.isoformat()}: {_rates(rating, self.guideline)}, "
                        f"but no diagnostic mammogram took place within {window} days. "
                        f"{instead_text}",
                        rating=rating.rating, next_procedure=instead,
                        next_procedure_day=instead_day))
            birads = _birads(exam.birads)
            if ("U2" in self.settings.underuse_rules and birads and birads[0] in "45"
                    and not any(r.cls.category in ("core_biopsy_breast", "localization")
                                for r in in_window)):
                flags.append(UnderuseFlag(
                    exam.accession, exam.patient_id, exam.exam_date, exam.variant, exam.birads,
                    "U2",
                    f"U2 no_tissue_sampling: {what} is assessed BI-RADS {birads} "
                    f"({_BIRADS_MEANING[birads[0]]}), but no core biopsy or localization took "
                    f"place within {window} days (fine needle aspiration does not count. "
                    f"Guideline: \"{GUIDELINE_FNA}\"). {instead_text}",
                    next_procedure=instead, next_procedure_day=instead_day))
        return flags

    def _diagnostic_workup_within(self, exam: Exam, in_window: list[_Row]) -> bool:
        """U1's "a diagnostic mammogram within the window": a diagnostic mammogram row, a
        tomosynthesis add-on row (billed only with one), or a diagnostic report."""
        if any(r.cls.category in ("diagnostic_mammogram", "dbt_addon") for r in in_window):
            return True
        window = self.settings.underuse_window_days
        return any(0 <= (self.exams[k].exam_date - exam.exam_date).days <= window
                   and self.exams[k].mammogram
                   for k in self.diagnostic_by_patient.get(_patient(exam.patient_id), []))

    @staticmethod
    def _instead(row: _Row, exam: Exam, results: list[ProcedureResult]) -> str:
        res = results[row.position]
        name = res.acr_procedure or CATEGORIES[row.cls.category][0]
        code = row.cls.code or ""
        return f"{name} ({code})" if code and row.cls.source == "code" else name


# --- wording -----------------------------------------------------------------------------------

def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None


def _birads(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip().upper()
    return text if text in _BIRADS_RANK else None


def _by_rating(rating: Rating) -> str:
    return {"usually_appropriate": "appropriate", "may_be_appropriate": "may_be_appropriate",
            "usually_not_appropriate": "inappropriate"}[rating_category(rating.rating)]


def _rates(rating: Rating, guideline: Guideline) -> str:
    title = guideline.variants[rating.variant].title
    return (f"the guideline rates {rating.procedure} {rating.rating} "
            f"({_CATEGORY_WORDS[rating_category(rating.rating)]}) for variant {rating.variant}, "
            f"\"{title}\"")


def _exam_words(exam: Exam) -> str:
    return f"{exam.exam_kind} index exam {exam.accession} (variant {exam.variant})"


def _what(cls: ProcedureClass) -> str:
    label = CATEGORIES[cls.category][0]
    if cls.source == "code":
        return f"{label} ({cls.code}: {cls.descriptor})"
    return f"{label} (by its name)"


def _by_whom(exams: list[Exam], sources: int) -> str:
    """' (R-1)' naming which of several reports says so; nothing when only one was read."""
    return f" ({', '.join(e.accession for e in exams)})" if sources > 1 else ""


def _quote(value) -> str:
    if value is None or not str(value).strip():
        return "(none)"
    text = " ".join(str(value).split())
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _assessment_words(assessment: str | None, report: Exam | None) -> str:
    if report is None:
        return ("the workup assessment is unknown (no diagnostic report of this episode on or "
                "before it)")
    if assessment is None:
        return (f"the workup assessment is unknown (diagnostic report {report.accession} of "
                f"{report.exam_date.isoformat()} states none)")
    return (f"the workup assessment is BI-RADS {assessment} "
            f"({_BIRADS_MEANING[assessment[0]]}, diagnostic report {report.accession} of "
            f"{report.exam_date.isoformat()})")
