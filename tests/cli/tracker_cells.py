#!/usr/bin/env python3
"""Checks the target tracker table of a pack page against results/targets.csv.

Usage: tracker_cells.py PAGE.html TARGETS.csv
PAGE.html is `pdftotext -bbox` of the tracker page.  Columns are found by the
area codes printed under the area names, rows by the target ids in the first
column; every cell's words are read back and compared with the row of
results/targets.csv for that target, area and sex: the latest value and period,
the status and the area's own target value (1 decimal, as printed).  Prints the
number of cells checked; exits 1 on the first mismatch, naming it.
"""
import csv
import html
import re
import sys

STATUSES = ["not enough data", "achieved", "on track", "at risk", "off track"]


def words(path):
    pat = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    out = []
    for m in pat.finditer(open(path, encoding="utf-8").read()):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        out.append((x0, y0, x1, y1, html.unescape(m.group(5))))
    return out


def main():
    ws = words(sys.argv[1])
    rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
    ids = {r["target_id"] for r in rows}
    cols = sorted(((w[0] + w[2]) / 2, w[4]) for w in ws if re.fullmatch(r"E\d{8}", w[4]))
    if not cols:
        sys.exit("no area codes on the page")
    code_y = max(w[3] for w in ws if re.fullmatch(r"E\d{8}", w[4]))
    left = min(w[0] for w in ws if re.fullmatch(r"E\d{8}", w[4])) - 30
    heads = sorted((w[1], w[4], nxt[4].strip("()")) for w, nxt in zip(ws, ws[1:])
                   if w[4] in ids and w[0] < left and nxt[4].startswith("("))
    if not heads:
        sys.exit("no target rows on the page")
    legend_y = min((w[1] for w in ws if w[4] == "achieved" and w[0] < left), default=1e9)
    checked = 0
    for i, (y, tid, sex) in enumerate(heads):
        y_end = heads[i + 1][0] if i + 1 < len(heads) else legend_y
        for cx, code in cols:
            cell = [w for w in ws if y - 2 <= w[1] < y_end - 2 and w[0] >= left and w[1] > code_y
                    and min(cols, key=lambda c: abs(c[0] - (w[0] + w[2]) / 2))[1] == code]
            text = " ".join(w[4] for w in sorted(cell, key=lambda w: (round(w[1]), w[0])))
            want = [r for r in rows if r["target_id"] == tid and r["area_code"] == code
                    and r["sex"] in (sex, "")]
            want = sorted(want, key=lambda r: r["sex"] != sex)
            where = f"{tid} ({sex}) {code}: '{text}'"
            if text.startswith("no value"):
                if want and want[0]["latest_value"] and want[0]["sex"] == sex:
                    sys.exit(f"{where}: targets.csv has {want[0]['latest_value']}")
                checked += 1
                continue
            if not want or want[0]["sex"] != sex:
                sys.exit(f"{where}: no such row in targets.csv")
            r = want[0]
            m = re.fullmatch(r"(-?[\d,.]+) in (.+?) (" + "|".join(STATUSES) + r")(?: target (-?[\d,.]+))?", text)
            if not m:
                sys.exit(f"{where}: cannot read the cell")
            value, period, status, target = m.groups()
            value = value.replace(",", "")
            target = target.replace(",", "") if target else None
            exp_t = f"{float(r['target_value']):.1f}" if r["target_value"] else None
            if (value != f"{float(r['latest_value']):.1f}" or period != r["latest_period"]
                    or status != r["status"] or (target or None) != exp_t):
                sys.exit(f"{where}: targets.csv says {r['latest_value']} in {r['latest_period']}, "
                         f"{r['status']}, target {r['target_value']}")
            checked += 1
    print(checked)


main()
