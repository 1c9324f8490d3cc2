#!/usr/bin/env python3
"""Writes one sheet of an .xlsx workbook as CSV (maintainer tool, standard library only).

Usage: xlsx_sheet_to_csv.py WORKBOOK.xlsx "SHEET NAME" OUT.csv

Cells are written as the workbook stores them (shared strings as text, numbers as
their stored digits, so nothing is rounded); rows are padded with empty cells to
the header's width; empty rows are dropped.  Not part of the build or the tests.
"""
import csv, re, sys, zipfile
import xml.etree.ElementTree as ET

M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'


def column(ref):
    n = 0
    for ch in re.match(r'[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_rows(path, name):
    z = zipfile.ZipFile(path)
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si'):
            shared.append(''.join(t.text or '' for t in si.iter(M + 't')))
    rels = {r.get('Id'): r.get('Target')
            for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
    for s in ET.fromstring(z.read('xl/workbook.xml')).iter(M + 'sheet'):
        if s.get('name') != name:
            continue
        target = rels[s.get(R + 'id')].lstrip('/')
        target = target if target.startswith('xl/') else 'xl/' + target
        for row in ET.fromstring(z.read(target)).iter(M + 'row'):
            cells = {}
            for c in row.iter(M + 'c'):
                v = c.find(M + 'v')
                if c.get('t') == 'inlineStr':
                    cells[column(c.get('r'))] = ''.join(t.text or '' for t in c.iter(M + 't'))
                elif v is not None:
                    cells[column(c.get('r'))] = shared[int(v.text)] if c.get('t') == 's' else v.text
            if cells:
                yield [cells.get(i, '') for i in range(max(cells) + 1)]
        return
    sys.exit('no sheet named %r' % name)


rows = list(sheet_rows(sys.argv[1], sys.argv[2]))
width = len(rows[0])
with open(sys.argv[3], 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    for r in rows:
        w.writerow(r + [''] * (width - len(r)))
