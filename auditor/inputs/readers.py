"""Report and procedure files -> Report / Procedure records, one row at a time.

Formats follow the extension: .csv/.tsv/.txt, .xlsx/.xlsm (first worksheet), .parquet,
.jsonl/.ndjson. Every reader streams: it holds one row (Parquet: one batch) at a time, never the
whole file, so memory does not grow with the number of rows. The one exception is what a format
forces on us: an .xlsx file's shared-string table, which Excel fills with every distinct text cell,
is loaded whole by any reader; large extracts are better given as CSV, Parquet or JSONL.

Row numbers are what a user finds when opening the file:
  CSV and Excel: the spreadsheet row; the header is row 1, so the first data row is row 2. Blank
                 rows are skipped but still counted, as a spreadsheet shows them.
  JSONL:         the line number; the first line is row 1 (blank lines are skipped but counted).
  Parquet:       the record number; the first record is row 1.

Bad input stops the run with an InputError naming file, row and column (exit code 1): missing
columns (before any row is read), dates that are not dates, broken CSV quoting or JSON. Problems
confined to one row never drop it: the record is yielded with `error` set (empty text, invalid
UTF-8, control characters, missing accession or patient, duplicate accession) and whatever text
could be read. NUL bytes are removed without comment (padding from fixed-width exports).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from auditor.errors import InputError
from auditor.inputs.columns import (
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    ColumnSpec,
    ResolvedColumns,
    normalize_header,
    resolve_columns,
)
from auditor.inputs.dates import parse_date
from auditor.inputs.seen import FirstSeen
from auditor.models import Procedure, Report

FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "excel", ".xlsm": "excel",
    ".parquet": "parquet",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}

# A report of 1 MB is kept (the NLP stage caps it); a single CSV field beyond this is taken for
# broken quoting swallowing the rest of the file, and stops the run instead of filling memory.
CSV_FIELD_LIMIT = 64 * 1024 * 1024
# Loaded whole by openpyxl (see above); refuse what would not fit rather than swap.
XLSX_SHARED_STRINGS_LIMIT = 1024 * 1024 * 1024
PARQUET_BATCH_ROWS = 1024

_SURROGATES = re.compile("[\udc80-\udcff]")  # undecodable bytes, kept by errors="surrogateescape"
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f\x7f]")  # not tab, newline, vertical tab, form feed, CR
_FLOAT_CODE = re.compile(r"(\d+)\.0+")

Rows = Iterator[tuple[int, dict[str, object]]]
Resolver = Callable[[Sequence[object]], ResolvedColumns]


# --- public API --------------------------------------------------------------------------------

def read_reports(path: str | Path, column_map: Mapping[str, str] | None = None) -> Iterator[Report]:
    """Stream the reports of a file. Missing columns raise InputError here, before any row."""
    file, columns, rows = _open_table(path, REPORT_COLUMNS, column_map)
    return _reports(file, columns, rows)


def read_procedures(path: str | Path,
                    column_map: Mapping[str, str] | None = None) -> Iterator[Procedure]:
    """Stream the procedures of a file. Missing columns raise InputError here, before any row."""
    file, columns, rows = _open_table(path, PROCEDURE_COLUMNS, column_map)
    return _procedures(file, columns, rows)


def count_rows_and_sha256(path: str | Path) -> tuple[int, str]:
    """Data rows (as the readers count them: blank rows and lines excluded) and the file's SHA-256.

    Both are computed streaming, for the Run sheet.
    """
    path = Path(path)
    with _open_binary(path) as fh:
        sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
    kind = _kind(path)
    if kind == "parquet":
        pf = _parquet_file(path)
        try:
            rows = pf.metadata.num_rows
        finally:
            pf.close()
        return rows, sha256
    table = _READERS[kind](path, lambda header: ResolvedColumns({}, {}))
    next(table)
    return sum(1 for _ in table), sha256


def excel_xml_is_defused() -> bool:
    """True when openpyxl parses workbook XML with defusedxml (no entities, no DTD tricks)."""
    import openpyxl.reader.excel
    import openpyxl.reader.strings
    import openpyxl.worksheet._reader

    def defused(function: object) -> bool:
        return getattr(function, "__module__", "").startswith("defusedxml")

    # With lxml installed openpyxl parses small parts with a resolve_entities=False parser.
    fromstring = openpyxl.reader.excel.fromstring
    safe_fromstring = defused(fromstring) or getattr(fromstring, "keywords", {}).get("parser")
    return bool(defused(openpyxl.reader.strings.iterparse)
                and defused(openpyxl.worksheet._reader.iterparse) and safe_fromstring)


# A cell key no input column can have: the row's shape problem, for the record's error.
SHAPE_PROBLEM = "\x00shape"


# --- records -----------------------------------------------------------------------------------

def _reports(file: str, columns: ResolvedColumns, rows: Rows) -> Iterator[Report]:
    first_seen = FirstSeen()  # the one per-row state: accessions, for duplicates
    try:
        for row, cells in rows:
            yield _report(file, columns, row, cells, first_seen)
    finally:
        first_seen.close()


def _report(file: str, columns: ResolvedColumns, row: int, cells, first_seen: FirstSeen) -> Report:
    problems: list[str] = [cells[SHAPE_PROBLEM]] if SHAPE_PROBLEM in cells else []
    accession = _identifier(cells.get("accession"), "accession", problems)
    if not accession:
        accession = f"<row {row}>"
        problems.insert(0, f"missing accession; using '{accession}'")
    else:
        earlier = first_seen.first_row(accession, row)
        if earlier is not None:
            problems.append(f"duplicate accession, first seen at row {earlier}")
    patient_id = _identifier(cells.get("patient_id"), "patient_id", problems)
    if not patient_id:
        problems.append("missing patient_id")
    exam_date = _date(cells.get("exam_date"), "exam_date", file, row, columns, problems)
    exam_type = _identifier(cells.get("exam_type"), "exam_type", problems)
    text = _text(cells.get("report_text"), "report_text", problems) or ""
    if not text.strip():
        problems.append("empty report_text")
    return Report(row=row, accession=accession, patient_id=patient_id or "",
                  exam_date=exam_date, exam_type=exam_type, text=text, source=file,
                  error="; ".join(problems) or None)


def _procedures(file: str, columns: ResolvedColumns, rows: Rows) -> Iterator[Procedure]:
    for row, cells in rows:
        problems: list[str] = [cells[SHAPE_PROBLEM]] if SHAPE_PROBLEM in cells else []
        patient_id = _identifier(cells.get("patient_id"), "patient_id", problems)
        if not patient_id:
            problems.append("missing patient_id")
        procedure_date = _date(cells.get("procedure_date"), "procedure_date", file, row, columns,
                               problems)
        code = _identifier(cells.get("cpt_code"), "cpt_code", problems)
        if code and (match := _FLOAT_CODE.fullmatch(code)):
            code = match[1]  # 77065.0: a code column that went through a float
        name = _identifier(cells.get("procedure_name"), "procedure_name", problems)
        if not code and not name:
            problems.append("neither cpt_code nor procedure_name is given")
        yield Procedure(
            row=row, patient_id=patient_id or "", procedure_date=procedure_date, code=code,
            name=name, accession=_identifier(cells.get("accession"), "accession", problems),
            laterality=_identifier(cells.get("laterality"), "laterality", problems),
            ordering_provider=_identifier(cells.get("ordering_provider"), "ordering_provider",
                                          problems),
            site=_identifier(cells.get("site"), "site", problems),
            source=file, error="; ".join(problems) or None)


def _text(value: object, column: str, problems: list[str]) -> str | None:
    """A cell as text, repaired: NULs removed, bad bytes and control characters replaced."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN: an empty numeric cell
            return None
        if value.is_integer():
            value = int(value)  # a numeric Excel cell: 77065.0 -> "77065"
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", errors="surrogateescape")
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    elif isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif not isinstance(value, str):
        value = str(value)
    if "\x00" in value:
        value = value.replace("\x00", "")
    if _SURROGATES.search(value):
        value, count = _SURROGATES.subn("\ufffd", value)
        problems.append(f"invalid UTF-8 in {column}: {count} undecodable byte(s) replaced "
                        f"with U+FFFD")
    if _CONTROL.search(value):
        value, count = _CONTROL.subn(" ", value)
        problems.append(f"binary data in {column}: {count} control character(s) replaced "
                        f"with spaces")
    return value


def _identifier(value: object, column: str, problems: list[str]) -> str | None:
    text = _text(value, column, problems)
    if text is None:
        return None
    return text.strip() or None


def _date(value: object, column: str, file: str, row: int, columns: ResolvedColumns,
          problems: list[str]) -> date | None:
    if value is None or (isinstance(value, float) and value != value) or (
            isinstance(value, str) and not value.replace("\x00", "").strip()):
        problems.append(f"missing {column}")
        return None
    if isinstance(value, str):
        value = value.replace("\x00", "")
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError(f"{column}: {_SURROGATES.sub('?', str(exc))}", file=file, row=row,
                         column=columns.names[column]) from None


# --- tables: header check, then (row number, {canonical: raw cell}) ------------------------------

def _open_table(path: str | Path, spec: ColumnSpec,
                column_map: Mapping[str, str] | None) -> tuple[str, ResolvedColumns, Rows]:
    path = Path(path)
    file = str(path)
    reader = _READERS[_kind(path)]
    table = reader(path, lambda header: resolve_columns(header, spec, column_map, file))
    # The generator's first item is the resolved header: the file is open and checked when this
    # returns, and closing the generator (or dropping it) closes the file.
    columns = next(table)
    return file, columns, table


def _kind(path: Path) -> str:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"unsupported file type '{path.suffix}'; expected one of: "
                         f"{', '.join(FORMATS)}", file=str(path))
    return kind


def _open_binary(path: Path) -> io.BufferedReader:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", file=str(path)) from None


def _csv_rows(path: Path, resolve: Resolver) -> Iterator:
    file = str(path)
    csv.field_size_limit(CSV_FIELD_LIMIT)  # default 128 KB: a long report is legitimate
    with _open_binary(path) as raw:
        encoding = _text_encoding(raw.peek(4)[:4])
        # surrogateescape: an undecodable byte spoils only its own field, which _text flags.
        text = io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
        leading = []
        for line in text:
            leading.append(line)
            if line.strip():
                break
        delimiter = _delimiter(leading[-1] if leading else "", path.suffix.lower())
        # strict: broken quoting is an error, not a row that silently swallows the ones after it.
        reader = csv.reader(itertools.chain(leading, text), delimiter=delimiter, strict=True)
        columns = None
        row = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(f"malformed CSV near line {reader.line_num}: {exc}", file=file,
                                 row=row + 1) from None
            row += 1
            if _blank(record):
                continue
            if columns is None:
                columns = resolve([_SURROGATES.sub("\ufffd", h) for h in record])
                yield columns
                continue
            cells = {c: record[i] if i < len(record) else None
                     for c, i in columns.positions.items()}
            if len(record) != columns.width:
                # An unquoted delimiter inside a field shifts or cuts the text: say so.
                cells[SHAPE_PROBLEM] = (f"the row has {len(record)} fields and the header "
                                        f"{columns.width}: a field may hold an unquoted "
                                        f"'{delimiter}'; check the text")
            yield row, cells
        if columns is None:
            raise InputError("the file is empty; expected a header row", file=file)


def _text_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text" export
    return "utf-8"


def _delimiter(header_line: str, suffix: str) -> str:
    """The extension's delimiter if the header uses it, else the commonest of tab ; | ,"""
    default = "\t" if suffix == ".tsv" else ","
    if default in header_line:
        return default
    counts = {d: header_line.count(d) for d in "\t;|,"}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else default


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.replace("\x00", "").strip())
               for c in cells)


def _excel_rows(path: Path, resolve: Resolver) -> Iterator:
    file = str(path)
    if not excel_xml_is_defused():
        raise InputError("refusing to read Excel files: openpyxl is not parsing XML with "
                         "defusedxml (is OPENPYXL_DEFUSEDXML set to False?)", file=file)
    _check_workbook_archive(path)
    import openpyxl
    from defusedxml import DefusedXmlException

    bad_xml = (DefusedXmlException, SyntaxError)  # xml.etree.ElementTree.ParseError is one
    # Our own handle, so that it is closed even when openpyxl fails half way through loading.
    with _open_binary(path) as fh:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # openpyxl's "no default style"
                workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except (*bad_xml, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            # openpyxl wraps what the XML parser raised in a ValueError; look at the chain.
            unsafe = _cause(exc, DefusedXmlException)
            if unsafe is not None:
                raise InputError(f"refused: the workbook's XML declares entities or a DTD, as "
                                 f"XML bombs do ({type(unsafe).__name__})", file=file) from None
            raise InputError(f"not a readable Excel workbook: {_cause(exc, bad_xml) or exc}",
                             file=file) from None
        cells = iter(())
        try:
            if not workbook.worksheets:
                raise InputError("the workbook has no worksheet", file=file)
            sheet = _choose_sheet(workbook, resolve, file, bad_xml)
            sheet.reset_dimensions()  # stored dimensions are often wrong: read every row
            cells = sheet.iter_rows(min_row=1, values_only=True)
            columns = None
            row = 0
            while True:
                try:
                    record = next(cells)
                except StopIteration:
                    break
                except bad_xml as exc:
                    what = ("declares entities or a DTD, as XML bombs do"
                            if isinstance(exc, DefusedXmlException) else f"is broken ({exc})")
                    raise InputError(f"refused: the worksheet's XML {what}", file=file,
                                     row=row + 1) from None
                row += 1
                if _blank(record):
                    continue
                if columns is None:
                    columns = resolve(record)
                    yield columns
                    continue
                yield row, {c: record[i] if i < len(record) else None
                            for c, i in columns.positions.items()}
            if columns is None:
                raise InputError("the first worksheet is empty; expected a header row",
                                 file=file)
        finally:
            if hasattr(cells, "close"):
                cells.close()  # the worksheet's XML stream, opened by the generator
            workbook.close()


def _choose_sheet(workbook, resolve: Resolver, file: str, bad_xml: tuple):
    """The first worksheet whose header row has the required columns.

    Most extracts have one sheet; a workbook with a notes or cover sheet first still reads,
    and when no sheet fits, the error names them all.
    """
    sheets = workbook.worksheets
    if len(sheets) == 1:
        return sheets[0]
    first_error = None
    for ws in sheets:
        ws.reset_dimensions()
        rows = ws.iter_rows(min_row=1, values_only=True)
        try:
            header = next((r for r in rows if not _blank(r)), None)
        except bad_xml:
            raise InputError(f"refused: the XML of worksheet '{ws.title}' is broken or "
                             "declares entities", file=file) from None
        finally:
            rows.close()
        if header is None:
            continue
        try:
            resolve(header)
            return ws
        except InputError as exc:
            first_error = first_error or exc
    names = ", ".join(repr(ws.title) for ws in sheets)
    why = first_error.message if first_error else "every sheet is empty"
    raise InputError(f"no worksheet has the required columns (sheets: {names}); {why}",
                     file=file)


def _cause(exc: BaseException, types: type | tuple[type, ...]) -> BaseException | None:
    """The first exception of `types` in exc's chain (itself, its cause, its context...)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, types):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _check_workbook_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if (info.filename.lower().endswith("sharedstrings.xml")
                        and info.file_size > XLSX_SHARED_STRINGS_LIMIT):
                    raise InputError(f"refused: the workbook's shared strings unpack to "
                                     f"{info.file_size:,} bytes; save the sheet as CSV",
                                     file=str(path))
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except zipfile.BadZipFile:
        raise InputError("not an Excel .xlsx/.xlsm workbook (not a zip archive)",
                         file=str(path)) from None


def _parquet_file(path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    _open_binary(path).close()  # file-not-found as an InputError
    try:
        # Buffered, no pre-buffering: column chunks are read page by page, not whole.
        return pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", file=str(path)) from None


def _parquet_rows(path: Path, resolve: Resolver) -> Iterator:
    import pyarrow as pa

    parquet = _parquet_file(path)
    try:
        header = parquet.schema_arrow.names
        columns = resolve(header)
        yield columns
        names = {c: header[i] for c, i in columns.positions.items()}
        row = 0
        batches = parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS,
                                       columns=list(dict.fromkeys(names.values())))
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except pa.ArrowException as exc:
                raise InputError(f"cannot read Parquet data after record {row}: {exc}",
                                 file=str(path), row=row + 1) from None
            for record in batch.to_pylist():
                row += 1
                yield row, {c: record[name] for c, name in names.items()}
    finally:
        parquet.close()


def _jsonl_rows(path: Path, resolve: Resolver) -> Iterator:
    file = str(path)
    with _open_binary(path) as fh:
        keys: dict[str, str] | None = None
        seen: list[str] = []  # every key met so far, in order
        record_keys: set[str] = set()
        for number, line in enumerate(fh, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            if not line.strip():
                continue
            text = line.decode("utf-8", errors="surrogateescape")
            try:
                # strict=False lets control characters through, for _text to flag, not to fail.
                record = json.loads(text, strict=False)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON: {exc.msg} (character {exc.pos + 1})",
                                 file=file, row=number) from None
            if not isinstance(record, dict):
                raise InputError(f"expected one JSON object per line, found "
                                 f"{type(record).__name__}", file=file, row=number)
            if keys is None:
                # The first record stands for the header; later ones may omit keys (empty
                # cells) or bring keys the first one lacked (then the columns are resolved
                # again over every key seen, so an optional column is never lost).
                seen = list(record)
                columns = resolve(seen)
                keys = {c: normalize_header(columns.names[c]) for c in columns.positions}
                yield columns
            elif any(k not in record_keys for k in record):
                seen += [k for k in record if k not in record_keys]
                wider = resolve(seen)
                keys = {c: normalize_header(wider.names[c]) for c in wider.positions}
            record_keys = set(seen)
            by_key = {normalize_header(k): v for k, v in record.items()}
            yield number, {c: by_key.get(k) for c, k in keys.items()}
        if keys is None:
            raise InputError("the file is empty; expected one JSON object per line", file=file)


_READERS: dict[str, Callable[[Path, Resolver], Iterator]] = {
    "csv": _csv_rows,
    "excel": _excel_rows,
    "parquet": _parquet_rows,
    "jsonl": _jsonl_rows,
}
