#!/bin/sh
# Draws every chart type from the real London data in fixtures/charts/ into
# docs/charts/ (PNG at 96 dpi), and two of them as vector PDFs.  Run from the
# repository root after `make`:  sh docs/charts/make.sh [path/to/healthgap]
set -eu
HG=${1:-build/healthgap}
F=fixtures/charts
O=docs/charts
TS=1700000000   # a fixed run timestamp: the same inputs give the same bytes
T=$F/fingertips_tobacco_profile_london_2019.csv
L=$F/le_london_boroughs_2015_2025.csv
I=$F/england_inequalities_93763_93088.csv
Q=$F/inequalities_93763_england.csv
P=$F/ons_mye2019_london_5yr_bands.csv
M=$F/msoa_atlas_life_expectancy_female.csv
B=$F/london_boroughs_ctyua_dec2023_bsc.geojson
MS=$F/london_msoa2011_fingertips_simplified.geojson

chart() { # chart NAME TYPE ARGS...
  name=$1; shift
  "$HG" chart "$@" --timestamp $TS -o "$O/$name.png"
  echo "$O/$name.png"
}

chart 01-overview overview $T
chart 02-spine spine -a E09000030 $T
chart 03-compare compare -i 92443 --unit % $T
chart 04-trends trends -a E09000030 -s Female $L
chart 05-inequalities inequalities -i 93088 $I
chart 06-gradient gradient -i 93763 --inequalities $Q $I
chart 07-gap gap -a E09000030 -s Male $L
chart 07-gap-sii gap -i 93763 --unit "SII, deaths per 100,000" \
  --source "healthgap gaps on OHID Fingertips data" $Q
chart 08-funnel funnel -i 91547 --unit % $T
chart 09-map-boroughs map -i 92443 --boundaries $B $T
chart 09-map-msoa map --fill continuous --boundaries $MS --outline $B --source "GLA London Datastore, MSOA Atlas" $M
chart 10-boxplot boxplot -s Female --area-prefix E09 $L
chart 10-pyramid pyramid -a E09000030 --source "ONS mid-2019 population estimates" $P
chart 10-scatter scatter -i 92443 --x-indicator 92304 -a E09000030 $T
chart 11-compare-cvd compare -i 92304 --palette cvd --unit % $T

# vector PDFs (deterministic: same bytes for the same inputs and timestamp)
"$HG" chart overview $T --timestamp $TS -o "$O/01-overview.pdf"
"$HG" chart compare -i 92443 --unit % $T --timestamp $TS -o "$O/03-compare.pdf"
