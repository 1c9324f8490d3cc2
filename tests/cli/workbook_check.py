#!/usr/bin/env python3
"""Reads a run's results/healthgap.xlsx back with openpyxl (a real reader,
not ours) and checks it against the run's CSVs, manifest.json, the metadata
input and the docs: tests/cli/run_workbook.sh runs it.

  workbook_check.py RUN_DIR METADATA_CSV TIMESTAMP [sources]

(with `sources`: the indicators' sources and licences of the config of
tests/cli/run_workbook.sh)

Checks: the sheets (one per results CSV, indicators, inequalities, targets,
changes first, then Definitions and Sources); per results sheet the header,
the row count and every cell (text equal to the CSV's, less the formula
guard's apostrophe; numbers equal as floats to the CSV's text; empty as
empty); the number format of the value columns from the metadata's decimals;
the Fingertips fill of every comparison cell; the frozen header row and the
autofilter; the Definitions sheet (every indicator, with the metadata's name,
unit and polarity and the config's source and licence; every column with the
docs' meaning); the Sources sheet against manifest.json; the created date.
Prints each failure; exit 1 if any.
"""
import csv
import datetime
import json
import os
import subprocess
import sys

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    print("FAIL: python3-openpyxl is not installed (make deps installs it)")
    sys.exit(1)

run, metadata, timestamp = sys.argv[1:4]
test_sources = sys.argv[4:5] == ["sources"]
failures = []


def fail(msg):
    if len(failures) < 30:
        print("FAIL:", msg)
    failures.append(msg)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def unguarded(v):
    return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r" else v


# Fingertips colours (docs/charts.md, Palettes): fill, white text
FILLS = {
    "better": ("92D050", 0), "similar": ("FFC000", 0), "worse": ("C00000", 1),
    "not compared": ("C9C9C9", 0), "lower": ("5555E6", 1), "higher": ("BED2FF", 0),
    "lowest quintile": ("DED3EC", 0), "2nd lowest quintile": ("BEA7DA", 0),
    "middle quintile": ("9E7CC8", 0), "2nd highest quintile": ("7E50B6", 1),
    "highest quintile": ("5E25A4", 1),
}
QUINTILE = {"best": "lowest quintile", "lowest": "lowest quintile",
            "better": "2nd lowest quintile", "low": "2nd lowest quintile",
            "middle": "middle quintile", "worse": "2nd highest quintile",
            "high": "2nd highest quintile", "worst": "highest quintile",
            "highest": "highest quintile", "not compared": "not compared"}
STATUS = {"achieved": "better", "on track": "better", "at risk": "similar",
          "off track": "worse", "not enough data": "not compared"}
RAG = {"green": "better", "amber": "similar", "red": "worse", "not compared": "not compared"}
UNIT_COLUMNS = {"value", "lower_ci95", "upper_ci95", "lower_ci998", "upper_ci998"}


def expected_fill(column, v):
    v = v.lower()
    if column == "benchmark_quintile":
        return FILLS.get(QUINTILE.get(v))
    if column in ("target_status", "status"):
        return FILLS.get(STATUS.get(v))
    if column == "rag":
        return FILLS.get(RAG.get(v))
    if column.startswith("compared_to_") or column == "significance":
        return FILLS.get(v)
    return None


def fill_of(cell):
    f = cell.fill
    if f is None or f.fill_type != "solid":
        return None
    rgb = f.fgColor.rgb if isinstance(f.fgColor.rgb, str) else None
    white = isinstance(cell.font.color.rgb, str) and cell.font.color.rgb.endswith("FFFFFF") \
        if cell.font is not None and cell.font.color is not None else False
    return (rgb[-6:].upper() if rgb else None, 1 if white else 0)


decimals = {}
with open(metadata, encoding="utf-8-sig", newline="") as f:
    meta = {r["indicator_id"]: r for r in csv.DictReader(f)}
for k, r in meta.items():
    decimals[k] = int(r["decimals"])


def number_format(d):
    return "0" if d == 0 else "0." + "0" * d


def check_cells(name, ws, header, rows):
    counts = {"numbers": 0, "fills": 0, "formats": 0}
    idc = header.index("indicator_id") if "indicator_id" in header else None
    for i, (row, xrow) in enumerate(zip(rows, ws.iter_rows(min_row=2))):
        for j, v in enumerate(row):
            cell = xrow[j] if j < len(xrow) else None
            got = cell.value if cell is not None else None
            where = f"{name}!{get_column_letter(j + 1)}{i + 2} ({header[j]})"
            if v == "":
                if got not in (None, ""):
                    fail(f"{where}: {got!r}, CSV empty")
                continue
            if isinstance(got, (int, float)) and not isinstance(got, bool):
                counts["numbers"] += 1
                # libxlsxwriter as Debian builds it writes 16 significant
                # digits ("%.16G"): the CSV keeps the 17th (docs/outputs.md)
                if float(f"{float(v):.16g}") != float(got):
                    fail(f"{where}: {got!r}, CSV {v!r}")
            elif got != unguarded(v):
                fail(f"{where}: {got!r}, CSV {v!r}")
            if header[j] in UNIT_COLUMNS and name == "indicators":
                if not isinstance(got, (int, float)):
                    fail(f"{where}: a value column holds text {got!r}")
                elif idc is not None and row[idc] in decimals:
                    counts["formats"] += 1
                    want = number_format(decimals[row[idc]])
                    if cell.number_format != want:
                        fail(f"{where}: format {cell.number_format!r}, want {want!r}")
            want = expected_fill(header[j], v)
            if want is not None:
                counts["fills"] += 1
                if fill_of(cell) != want:
                    fail(f"{where}: {v!r} filled {fill_of(cell)}, want {want}")
    return counts


def check_frame(name, ws, ncols, nrows):
    if ws.freeze_panes != "A2":
        fail(f"{name}: frozen at {ws.freeze_panes!r}, want the header row (A2)")
    want = f"A1:{get_column_letter(ncols)}{nrows + 1}"
    if ws.auto_filter.ref != want:
        fail(f"{name}: autofilter {ws.auto_filter.ref!r}, want {want!r}")
    for j in range(1, ncols + 1):
        w = ws.column_dimensions[get_column_letter(j)].width
        if not w or w < 6:
            fail(f"{name}: column {j} width {w}")


book = openpyxl.load_workbook(os.path.join(run, "results", "healthgap.xlsx"))
res = os.path.join(run, "results")
csvs = sorted(f[:-4] for f in os.listdir(res) if f.endswith(".csv"))
first = [s for s in ("indicators", "inequalities", "targets", "changes") if s in csvs]
want_sheets = first + [s for s in csvs if s not in first] + ["Definitions", "Sources"]
# the other tables come in the order the run wrote them: compare as sets
if book.sheetnames[:len(first)] != first or sorted(book.sheetnames) != sorted(want_sheets) or \
        book.sheetnames[-2:] != ["Definitions", "Sources"]:
    fail(f"sheets {book.sheetnames}, want {want_sheets}")

totals = {"numbers": 0, "fills": 0, "formats": 0}
ids = []
for name in csvs:
    if name not in book.sheetnames:
        continue
    ws = book[name]
    header, rows = read_csv(os.path.join(res, name + ".csv"))
    got_header = [c.value for c in ws[1]][:len(header)]
    if got_header != header:
        fail(f"{name}: header {got_header}, want {header}")
    if ws.max_row != len(rows) + 1:
        fail(f"{name}: {ws.max_row - 1} rows, CSV {len(rows)}")
    for k, v in check_cells(name, ws, header, rows).items():
        totals[k] += v
    check_frame(name, ws, len(header), len(rows))
    if "indicator_id" in header:
        for r in rows:
            if r[header.index("indicator_id")] not in ids:
                ids.append(r[header.index("indicator_id")])
print("cells checked:", totals)
if totals["fills"] == 0 or totals["numbers"] == 0 or totals["formats"] == 0:
    fail(f"nothing to check: {totals}")

# Definitions: indicators, then columns
ws = book["Definitions"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
ind_header = rows[1]
want_h = ["indicator_id", "name", "definition", "unit", "value_type", "polarity",
          "comparator", "decimals", "year_type", "source", "licence"]
if ind_header[:len(want_h)] != want_h:
    fail(f"Definitions: indicator header {ind_header}")
defs = {}
k = 2
while k < len(rows) and rows[k][0] is not None:
    defs[rows[k][0]] = dict(zip(want_h, rows[k]))
    k += 1
if sorted(defs) != sorted(ids):
    fail(f"Definitions: indicators {sorted(defs)}, want {sorted(ids)}")
for i, m in meta.items():
    if i in defs:
        d = defs[i]
        for col in ("name", "unit", "polarity", "comparator"):
            if (d[col] or "") != m[col]:
                fail(f"Definitions: {i} {col} {d[col]!r}, metadata {m[col]!r}")
        if d["decimals"] != int(m["decimals"]):
            fail(f"Definitions: {i} decimals {d['decimals']!r}")
        if not d["definition"]:
            fail(f"Definitions: {i} has no definition")
# the config's [input] source and licence (tests/cli/run_workbook.sh)
SOURCES = {"92443": ("OHID Fingertips, Local Tobacco Control Profiles",
                     "Open Government Licence v3.0"),
           "hg.pm25_annual_mean": ("GLA, London Atmospheric Emissions Inventory",
                                   "Open Government Licence v2.0"),
           "hg.guard": ("a hostile lookup", None)}
for i, (src, lic) in SOURCES.items() if test_sources else []:
    if i not in defs:
        fail(f"Definitions: {i} missing")
    elif ((defs[i]["source"], defs[i]["licence"]) != (src, lic)):
        fail(f"Definitions: {i} source/licence {defs[i]['source']!r} {defs[i]['licence']!r}")
while k < len(rows) and rows[k][0] != "Columns":
    k += 1
if k + 1 >= len(rows) or rows[k + 1][:3] != ["sheet", "column", "meaning"]:
    fail("Definitions: no Columns part")
meanings = {(r[0], r[1]): r[2] for r in rows[k + 2:] if r[0]}
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
docs = subprocess.run([sys.executable, os.path.join(root, "tests/tools/outputs_columns.py"),
                       os.path.join(root, "docs/outputs.md"),
                       os.path.join(root, "docs/inequalities.md")],
                      capture_output=True, text=True, check=True).stdout
doc = {}
for line in docs.splitlines():
    s, c, m = line.split("\t")
    doc[(s, c)] = m
for name in csvs:
    header, _ = read_csv(os.path.join(res, name + ".csv"))
    for j, c in enumerate(header):
        got = meanings.get((name, c))
        want = doc.get((name, c))
        if want is None:  # a span "a .. b" of the docs
            for (s, span), m in doc.items():
                if s == name and " .. " in span:
                    a, b = span.split(" .. ")
                    if a in header and b in header and header.index(a) <= j <= header.index(b):
                        want = m
        if not got:
            fail(f"Definitions: {name}.{c} has no meaning (document it in docs/outputs.md "
                 f"and rerun tests/tools/outputs_columns.py --c)")
        elif got != want:
            fail(f"Definitions: {name}.{c} says {got!r}, docs say {want!r} "
                 f"(rerun tests/tools/outputs_columns.py --c)")

# Sources against manifest.json
man = json.load(open(os.path.join(run, "manifest.json")))
ws = book["Sources"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
keys = ["input", "file", "role", "layout", "sha256", "rows_read", "rows_accepted",
        "rows_rejected", "rows_filtered"]
if rows[0][:len(keys)] != keys:
    fail(f"Sources: header {rows[0]}")
if rows[1][:5] != ["(config)", man["config"]["file"], "config", None, man["config"]["sha256"]]:
    fail(f"Sources: config row {rows[1][:5]}")
got = [dict(zip(keys, r)) for r in rows[2:]]
want = [{k: i[k] for k in keys} for i in man["inputs"]]
if got != want:
    fail(f"Sources: {got[:2]}..., manifest {want[:2]}...")
check_frame("Sources", ws, 11, len(rows) - 1)
if "results/healthgap.xlsx" not in man["outputs"]:
    fail("manifest.json: results/healthgap.xlsx not among the outputs")

created = book.properties.created
want_t = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).replace(tzinfo=None)
if created != want_t:
    fail(f"created {created}, want the run's timestamp {want_t}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("workbook ok")
