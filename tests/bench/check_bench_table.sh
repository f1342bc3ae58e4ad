#!/bin/sh
# tools/bench-table against raw lines whose medians and ratios are worked
# out by hand below: the kernel, kernel-cpu, floor, split and control
# tables.
#   tests/bench/check_bench_table.sh      exit 0 when every row matches
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d /tmp/vigil-bench-table-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0

# Three rounds per mode; the medians are the middle values:
#   getppid  off 500, burn 1000, floor 600, vigil 650, scap 3100
#   getppid_cpu  off 500, burn 510, floor 600, vigil 640, scap 1700
#   openclose    off 16000, floor 16500, vigil 20000, scap 30000
#   openclose_cpu off 16000, floor 16200, vigil 19000, scap 25000
#   vstop: getppid 620, getppid_cpu 615, openclose 17000, openclose_cpu 17100
#   vsmall: getppid 645, getppid_cpu 632, openclose 19000, openclose_cpu 18200
cat >"$T/bench.raw" <<'RAW'
mode=off round=1 getppid=490 openclose=15000 getppid_cpu=490 openclose_cpu=15000
mode=burn round=1 getppid=990 openclose=30000 getppid_cpu=505 openclose_cpu=16000
mode=floor round=1 getppid=600 openclose=16500 getppid_cpu=600 openclose_cpu=16200
mode=vstop round=1 getppid=610 openclose=17500 getppid_cpu=605 openclose_cpu=16900
mode=vsmall round=1 getppid=640 openclose=19500 getppid_cpu=630 openclose_cpu=18000
mode=vigil round=1 getppid=650 openclose=20000 getppid_cpu=640 openclose_cpu=19000
mode=scap round=1 getppid=3100 openclose=30000 getppid_cpu=1700 openclose_cpu=25000
mode=off round=2 getppid=500 openclose=16000 getppid_cpu=500 openclose_cpu=16000
mode=burn round=2 getppid=1000 openclose=31000 getppid_cpu=510 openclose_cpu=16100
mode=floor round=2 getppid=590 openclose=16400 getppid_cpu=590 openclose_cpu=16100
mode=vstop round=2 getppid=620 openclose=16800 getppid_cpu=615 openclose_cpu=17100
mode=vsmall round=2 getppid=645 openclose=18500 getppid_cpu=632 openclose_cpu=18200
mode=vigil round=2 getppid=660 openclose=21000 getppid_cpu=650 openclose_cpu=19500
mode=scap round=2 getppid=3000 openclose=29000 getppid_cpu=1600 openclose_cpu=24000
mode=off round=3 getppid=900 openclose=17000 getppid_cpu=900 openclose_cpu=17000
mode=burn round=3 getppid=1100 openclose=32000 getppid_cpu=520 openclose_cpu=16200
mode=floor round=3 getppid=700 openclose=17000 getppid_cpu=700 openclose_cpu=17000
mode=vstop round=3 getppid=630 openclose=17000 getppid_cpu=625 openclose_cpu=17300
mode=vsmall round=3 getppid=650 openclose=19000 getppid_cpu=634 openclose_cpu=18400
mode=vigil round=3 getppid=640 openclose=19000 getppid_cpu=630 openclose_cpu=18000
mode=scap round=3 getppid=3200 openclose=31000 getppid_cpu=1800 openclose_cpu=26000
RAW

# expect TABLE ROW: the table must hold exactly this row.
expect() {
	if tools/bench-table "$1" "$T/bench.raw" >"$T/out" 2>"$T/err" &&
			grep -Fxq -- "$2" "$T/out"; then
		return 0
	fi
	echo "FAIL bench-table $1: no row"
	echo "  $2"
	echo "  in:"
	sed 's/^/    /' "$T/out" "$T/err"
	fail=1
}

# kernel: added = median - off's median, ratio = vigil added / scap added.
expect kernel '| getppid | 500 (490–900) | 650 (640–660) | 3100 (3000–3200) | +150 (+30.0%) | +2600 (+520.0%) | 0.06 | 3/3/3 |'
expect kernel '| openclose | 16000 (15000–17000) | 20000 (19000–21000) | 30000 (29000–31000) | +4000 (+25.0%) | +14000 (+87.5%) | 0.29 | 3/3/3 |'
expect kernel-cpu '| getppid | 500 (490–900) | 640 (630–650) | 1700 (1600–1800) | +140 (+28.0%) | +1200 (+240.0%) | 0.12 | 3/3/3 |'
# floor: vigil above floor 650-600=50, scap 3100-600=2500, 50/2500=0.02;
# floor's share of scap's added cost (600-500)/(3100-500)=0.04.
expect floor '| getppid | 500 (490–900) | 600 (590–700) | +100 (+20.0%) | +50 | +2500 | 0.02 | 0.04 | 3/3/3/3 |'
# 19000-16200=2800 over 25000-16200=8800: 0.32; 200/9000: 0.02.
expect floor '| openclose_cpu | 16000 (15000–17000) | 16200 (16100–17000) | +200 (+1.2%) | +2800 | +8800 | 0.32 | 0.02 | 3/3/3/3 |'
# split: building = vstop - floor, ring and consumer = vigil - vstop, the
# 256 KiB rings' = vsmall - vstop; over scap above floor (30000-16500):
# 500/13500 = 0.04, 3000/13500 = 0.22.
expect split '| openclose | 16500 (16400–17000) | 17000 (16800–17500) | 19000 (18500–19500) | 20000 (19000–21000) | 30000 (29000–31000) | +500 | +3000 | +2000 | 0.04 | 0.22 | 3/3/3/3/3 |'
# CPU: over 25000-16200 = 8800: 900/8800 = 0.10, 1900/8800 = 0.22.
expect split '| openclose_cpu | 16200 (16100–17000) | 17100 (16900–17300) | 18200 (18000–18400) | 19000 (18000–19500) | 25000 (24000–26000) | +900 | +1900 | +1100 | 0.10 | 0.22 | 3/3/3/3/3 |'
expect control '| getppid_cpu | 500 (490–900) | 510 (505–520) | +2.0% | 3/3 |'

# A vigil median below the floor's reads as ≈0, not as a negative ratio.
sed 's/^mode=vigil \(.*\) getppid=[0-9]*/mode=vigil \1 getppid=550/' "$T/bench.raw" >"$T/b2"
mv "$T/b2" "$T/bench.raw"
expect floor '| getppid | 500 (490–900) | 600 (590–700) | +100 (+20.0%) | -50 | +2500 | ≈0 | 0.04 | 3/3/3/3 |'
# and a vigil below vstop as ≈0 too: 20/2500 = 0.01 for building.
expect split '| getppid | 600 (590–700) | 620 (610–630) | 645 (640–650) | 550 (550–550) | 3100 (3000–3200) | +20 | -70 | +25 | 0.01 | ≈0 | 3/3/3/3/3 |'

[ $fail -eq 0 ] && echo "bench-table: all rows as worked out"
exit $fail
