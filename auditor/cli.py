"""The `auditor` command: a thin click layer over auditor.api.

Library errors (AuditorError) become exit code 1 with their file/row/column message here and
nowhere else; click's usage errors are exit code 2.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from auditor import __version__
from auditor.errors import AuditorError

COLUMN_MAP_HELP = ("Rename an input column: CANONICAL=SOURCE, e.g. report_text=RPT_TXT "
                   "(repeatable).")


class _Group(click.Group):
    """Turns library errors into a clear message and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AuditorError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except OSError as exc:  # an output folder that cannot be written, a full disk
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"error: cannot write{where}: {exc.strerror or exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="calc-auditor")
def main():
    """Audit breast-microcalcification follow-up against the ACR Appropriateness Criteria.

    Reads mammography reports and procedure extracts, maps each report to one of the guideline's
    18 variants (or says why none applies) and rates every procedure performed.
    """


def _check_map(ctx, param, pairs):
    """A malformed --map is a usage error (exit 2), found before any file is read."""
    from auditor.inputs.columns import parse_column_map

    try:
        parse_column_map(pairs)
    except AuditorError as exc:
        raise click.BadParameter(exc.message) from None
    return pairs


def _extract_output(ctx, param, value):
    from auditor.outputs.extract_writer import EXTRACT_FORMATS

    if Path(value).suffix.lower() not in EXTRACT_FORMATS:
        raise click.BadParameter(f"'{value}': the format follows the extension, one of "
                                 f"{', '.join(EXTRACT_FORMATS)}")
    return value


def _workbook_output(ctx, param, value):
    if Path(value).suffix.lower() != ".xlsx":
        raise click.BadParameter(f"'{value}': the audit workbook is an .xlsx file")
    return value


def _refuse_overwriting(inputs, outputs) -> None:
    """An output that is an input would destroy the extract it was made from."""
    sources = {Path(p).resolve() for p in inputs}
    for out in outputs:
        if Path(out).resolve() in sources:
            raise click.UsageError(f"'{out}' is an input file; choose another output path")


def _table_paths(tables_dir, fmt) -> list[Path]:
    from auditor.outputs.tables import TABLE_NAMES

    return [Path(tables_dir) / f"{name}.{fmt}" for name in TABLE_NAMES] if tables_dir else []


def _progress_enabled(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


# --- rules ------------------------------------------------------------------------------------

@main.group()
def rules():
    """Show or check the guideline rules in force."""


@rules.command("show")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--variant", type=click.IntRange(1, 18), default=None,
              help="Only this variant (1-18).")
@click.option("--rules-dir", type=click.Path(file_okay=False), default=None,
              help="Rules folder to use instead of the shipped one.")
def rules_show(fmt, variant, rules_dir):
    """Print the ratings table: variant, title, procedure, rating, RRL, comment."""
    from auditor.guideline import load_guideline

    guideline = load_guideline(rules_dir)
    rows = guideline.rows(variant)
    columns = ["variant", "title", "procedure", "rating", "rrl", "comment"]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({"rules_version": guideline.version, "title": guideline.title,
                               "ratings": rows}, ensure_ascii=False, indent=1))
    else:
        click.echo(f"{guideline.title} (rules {guideline.version})")
        current = None
        for row in rows:
            if row["variant"] != current:
                current = row["variant"]
                click.echo(f"\nVariant {current}: {row['title']}")
            comment = f"  {row['comment']}" if row["comment"] else ""
            click.echo(f"  {row['rating']}  {row['rrl']:<5} {row['procedure']}{comment}")


@rules.command("check")
@click.argument("rules_dir", required=False, type=click.Path(file_okay=False))
def rules_check(rules_dir):
    """Validate every rule file; errors name the file, row and column."""
    from auditor.api import check_rules

    summary = check_rules(rules_dir)
    for line in summary:
        click.echo(line)
    click.echo("rules OK")


# --- extract ----------------------------------------------------------------------------------

@main.command()
@click.argument("reports", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
              callback=_extract_output, help="Output file: .jsonl, .csv, .parquet or .xlsx.")
@click.option("--map", "column_map", multiple=True, help=COLUMN_MAP_HELP,
              callback=_check_map)
@click.option("--columns", "columns_file", type=click.Path(exists=True, dir_okay=False),
              help="TOML settings file with a [columns] table renaming input columns.")
@click.option("--rules-dir", type=click.Path(file_okay=False), default=None,
              help="Rules folder to use instead of the shipped one.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract(reports, out, column_map, columns_file, rules_dir, quiet):
    """Read REPORTS and write one extraction record per report to OUT."""
    from auditor.api import run_extract
    from auditor.outputs.extract_writer import findings_path

    _refuse_overwriting([reports], [out, findings_path(out)])
    result = run_extract(reports, out, column_map=column_map, columns_file=columns_file,
                         rules_dir=rules_dir, progress=_progress_enabled(quiet))
    click.echo(result.describe())


# --- audit ------------------------------------------------------------------------------------

def _audit_options(func):
    options = [
        click.option("--settings", "settings_file", type=click.Path(exists=True, dir_okay=False),
                     help="TOML settings file (windows, thresholds, column names)."),
        click.option("--diagnostic-window", type=click.IntRange(0), default=None,
                     help="Days after the index exam for Mammography diagnostic [90]."),
        click.option("--short-interval-window", type=click.IntRange(0), default=None,
                     help="Last day of the short-interval follow-up window [270]."),
        click.option("--link-window", type=click.IntRange(0), default=None,
                     help="Days a procedure may follow its index exam and still link [365]."),
        click.option("--extent-threshold-mm", type=click.FloatRange(0), default=None,
                     help="Stated extent (mm) that makes a distribution extensive [50]."),
        click.option("--underuse-window", type=click.IntRange(0), default=None,
                     help="Days checked for under-use after an index exam [90]."),
        click.option("--rules-dir", type=click.Path(file_okay=False), default=None,
                     help="Rules folder to use instead of the shipped one."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@click.option("--reports", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Report extract (CSV, Excel, Parquet or JSONL).")
@click.option("--procedures", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Procedure extract (CSV, Excel, Parquet or JSONL).")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
              callback=_workbook_output, help="Workbook to write (.xlsx).")
@click.option("--tables", "tables_dir", type=click.Path(file_okay=False), default=None,
              help="Also write every sheet as a table in this folder.")
@click.option("--format", "tables_format", type=click.Choice(["csv", "parquet"]),
              default="csv", show_default=True, help="Format of the --tables files.")
@click.option("--map", "column_map", multiple=True, help=COLUMN_MAP_HELP,
              callback=_check_map)
@_audit_options
def audit(reports, procedures, out, tables_dir, tables_format, column_map, settings_file,
          diagnostic_window, short_interval_window, link_window, extent_threshold_mm,
          underuse_window, rules_dir, quiet):
    """Extract, map and audit: rate every procedure and flag under-use; write the workbook."""
    from auditor.api import run_audit

    _refuse_overwriting([reports, procedures], [out, *_table_paths(tables_dir, tables_format)])
    overrides = {"diagnostic_window_days": diagnostic_window,
                 "short_interval_window_days": short_interval_window,
                 "link_window_days": link_window,
                 "extensive_extent_mm": extent_threshold_mm,
                 "underuse_window_days": underuse_window}
    result = run_audit(reports, procedures, out, tables_dir=tables_dir,
                       tables_format=tables_format, column_map=column_map,
                       settings_file=settings_file,
                       overrides={k: v for k, v in overrides.items() if v is not None},
                       rules_dir=rules_dir, progress=_progress_enabled(quiet))
    click.echo(result.describe())


@main.command()
@click.option("-o", "--output", "out", default="out/audit.xlsx", show_default=True,
              type=click.Path(dir_okay=False), help="Workbook to write.")
@click.option("--tables", "tables_dir", default="out/tables", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the CSV tables.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def demo(out, tables_dir, quiet):
    """Run the audit on the sample department in reports_sample/."""
    from auditor.api import run_audit, sample_dir

    folder = sample_dir()
    result = run_audit(folder / "reports.csv", folder / "procedures.csv", out,
                       tables_dir=tables_dir, progress=_progress_enabled(quiet))
    click.echo(result.describe())


# --- evaluate ---------------------------------------------------------------------------------

@main.command()
@click.option("--gold", required=True, type=click.Path(exists=True),
              help="Annotated corpus: a .jsonl file or a folder of them.")
@click.option("--reports", type=click.Path(exists=True), default=None,
              help="Reports to extract (default: the texts in the gold files).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the evaluation as JSON here.")
@click.option("--map", "column_map", multiple=True, help=COLUMN_MAP_HELP,
              callback=_check_map)
@click.option("--rules-dir", type=click.Path(file_okay=False), default=None,
              help="Rules folder to use instead of the shipped one.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def evaluate(gold, reports, json_out, column_map, rules_dir, quiet):
    """Score extraction against an annotated corpus: P/R/F1, variant accuracy, disagreements."""
    from auditor.api import run_evaluate

    text = run_evaluate(gold, reports, json_out=json_out, column_map=column_map,
                        rules_dir=rules_dir, progress=_progress_enabled(quiet))
    click.echo(text)
