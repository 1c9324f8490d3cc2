#!/usr/bin/env python3
"""The column meanings of docs/outputs.md (and docs/inequalities.md, which
documents results/inequalities.csv), for the workbook's Definitions sheet.

Reads the `| column | meaning |` table under each `## results/NAME.csv`
heading; a cell naming several columns (`` `a`, `b` ``, `` `a` .. `c` ``)
gives each the same meaning (a range is expanded only where the names end in
digits).  Backticks are removed: the workbook shows plain text.

  outputs_columns.py DOC...          prints sheet<TAB>column<TAB>meaning
  outputs_columns.py --c DOC...      prints the C rows of engine/publish/workbook_columns.c
  (DOC... defaults to docs/outputs.md docs/inequalities.md)

The CLI test (tests/cli/run_workbook.sh) uses the first form to check that the
workbook says what the docs say; the second regenerates the table after an
edit of the docs.
"""
import re
import sys


def names(cell):
    found = re.findall(r"`([^`]+)`", cell)
    m = re.match(r"^`(\w*?)(\d+)(\w*)` \.\. `(\w*?)(\d+)(\w*)`$", cell.strip())
    if m and m.group(1) == m.group(4) and m.group(3) == m.group(6):
        return [f"{m.group(1)}{i}{m.group(3)}" for i in range(int(m.group(2)), int(m.group(5)) + 1)]
    m = re.match(r"^`(\w+)` \.\. `(\w+)`$", cell.strip())
    if m:
        return None  # a span of columns named by its ends: the caller expands it
    return found


def plain(text):
    return text.replace("`", "").strip()


def parse(path):
    rows, sheet, in_table = [], None, False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        h = re.match(r"^## results/(\w+)\.csv", line)
        if h:
            sheet, in_table = h.group(1), False
            continue
        if line.startswith("## "):
            sheet = None
            continue
        if sheet is None:
            continue
        if re.match(r"^\| column \| meaning \|", line):
            in_table = True
            continue
        if in_table and line.startswith("|---"):
            continue
        if in_table and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if len(cells) < 2:
                continue
            cols = names(cells[0])
            meaning = plain(" | ".join(cells[1:]))
            if cols is None:
                rows.append((sheet, plain(cells[0]), meaning, True))
            else:
                for c in cols:
                    rows.append((sheet, c, meaning, False))
            continue
        in_table = False
    return rows


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    args = sys.argv[1:]
    as_c = args and args[0] == "--c"
    if as_c:
        args = args[1:]
    rows = []
    for doc in args or ["docs/outputs.md", "docs/inequalities.md"]:
        rows += parse(doc)
    for sheet, col, meaning, span in rows:
        if as_c:
            print(f"    {{{c_string(sheet)}, {c_string(col)}, {c_string(meaning)}}},")
        else:
            print(f"{sheet}\t{col}\t{meaning}")


if __name__ == "__main__":
    main()
