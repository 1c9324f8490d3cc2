#!/bin/sh
# A pack config is checked line by line before it is used: every problem names
# its line, nothing is accepted silently (repeated keys or sections, a line
# without '=', a Latin-1 file), and a CSV given where a config is expected says so.
. tests/cli/lib.inc

conf() { printf "$2" > "$TMP/$1.conf"; }
conf csv 'a,b,c\n1,2,3\n'
conf dupkey '[pack]\ntitle = x\noutput = o\ntitle = y\n'
conf dupsec '[pack]\ntitle = x\n\n[pack]\nkeep = 2\n'
conf noeq '# comment\n[pack]\ntitle x\n'
conf latin1 '[pack]\ntitle = caf\351\n'
conf nosec 'title = x\n'
conf badhdr '[pack\ntitle = x\n'
conf badtime '[pack]\ntitle = x\noutput = o\n# when\ntimestamp = yesterday\n'

want() { # NAME LINE WORDS
  expect_exit 1 "$HG" run "$TMP/$1.conf"
  grep -q "$1.conf:$2: .*$3" "$ERR" || fail "$1: want '$1.conf:$2: ...$3', got: $(cat "$ERR")"
}
want csv 1 "looks like a CSV file, not a pack config"
want dupkey 4 "key 'title' appears again in \[pack\] (first at line 2)"
want dupsec 4 "section \[pack\] appears again (first at line 1)"
want noeq 3 "expected KEY = VALUE"
want latin1 2 "not valid UTF-8"
want nosec 1 "expected a \[section\] header first"
want badhdr 1 "a section header is"
want badtime 5 "\[pack\] timestamp: not a time"
# a real Fingertips export given to run
expect_exit 1 "$HG" run fixtures/london/real/fingertips_tobacco_profile_london_2019.csv
grep -q "looks like a CSV file" "$ERR" || fail "export given to run: $(cat "$ERR")"
expect_exit 1 "$HG" run "$TMP/none.conf"
grep -q "none.conf: no such file" "$ERR" || fail "missing config: $(cat "$ERR")"
finish
