"""Streaming CSV and Parquet tables: rows go to disk as they come, memory stays flat.

Both write to a temporary name and rename on `close()`; `abort()` removes the temporary file.
CSV is opened by spreadsheets, so its text cells are neutralised like the workbook's; Parquet is
typed data for programs and keeps text as it was read.
"""

from __future__ import annotations

import contextlib
import csv
import os
from datetime import date

from auditor.outputs.atomic import AtomicPath
from auditor.outputs.rows import column_kind
from auditor.outputs.safe import safe_text

PARQUET_BATCH_ROWS = 5_000


class _AtomicTable:
    """A table streamed to a temporary file: finish() completes it, commit() puts it in place."""

    _atomic: AtomicPath

    @property
    def path(self):
        return self._atomic.target

    def _complete(self) -> None:
        raise NotImplementedError

    def _drop(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        try:
            self._complete()
        except BaseException:
            self._atomic.abort()
            raise

    def commit(self) -> None:
        self._atomic.commit()

    def close(self) -> None:
        self.finish()
        self.commit()

    def abort(self) -> None:
        try:
            with contextlib.suppress(Exception):
                self._drop()
        finally:
            self._atomic.abort()


class CsvTable(_AtomicTable):
    def __init__(self, path: str | os.PathLike, columns: tuple[str, ...]):
        self.columns = columns
        self.rows = 0
        self._atomic = AtomicPath(path)
        # utf-8-sig: Excel only reads a CSV as UTF-8 when it starts with a BOM.
        self._fh = open(self._atomic.temp, "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._fh)
        self._csv.writerow(columns)

    def write_row(self, values: tuple) -> None:
        self._csv.writerow([_csv_cell(v) for v in values])
        self.rows += 1

    def _complete(self) -> None:
        self._fh.close()

    def _drop(self) -> None:
        self._fh.close()


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


class ParquetTable(_AtomicTable):
    def __init__(self, path: str | os.PathLike, columns: tuple[str, ...],
                 batch_rows: int | None = None):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.columns = columns
        self.rows = 0
        self.batch_rows = batch_rows or PARQUET_BATCH_ROWS
        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
                 "bool": pa.bool_(), "date": pa.date32()}
        self.schema = pa.schema([(c, types[column_kind(c)]) for c in columns])
        self._atomic = AtomicPath(path)
        self._writer = pq.ParquetWriter(self._atomic.temp, self.schema)
        self._batch: list[list] = [[] for _ in columns]
        self._pending = 0

    def write_row(self, values: tuple) -> None:
        for column, value in zip(self._batch, values, strict=True):
            column.append(value)
        self._pending += 1
        self.rows += 1
        if self._pending >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        table = self._pa.Table.from_arrays(
            [self._pa.array(col, type=field.type)
             for col, field in zip(self._batch, self.schema, strict=True)],
            schema=self.schema)
        self._writer.write_table(table)
        self._batch = [[] for _ in self.columns]
        self._pending = 0

    def _complete(self) -> None:
        self._flush()
        self._writer.close()

    def _drop(self) -> None:
        self._writer.close()


def open_table(path: str | os.PathLike, columns: tuple[str, ...], fmt: str):
    """A streaming table writer for 'csv' or 'parquet'."""
    if fmt == "csv":
        return CsvTable(path, columns)
    if fmt == "parquet":
        return ParquetTable(path, columns)
    raise ValueError(f"unknown table format '{fmt}'; allowed: ['csv', 'parquet']")
