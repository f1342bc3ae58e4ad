#!/bin/sh
# Host-side checks of vigil's default ruleset and the event generator:
#   - rules/vigil_rules.yaml validates alone, with the local file, and after
#     Falco's upstream files, with zero errors and zero warnings of its own;
#   - the examples commented in vigil_rules.local.yaml load when uncommented;
#   - every output field compiles (a replay of the sample captures);
#   - no rule name clashes with an upstream rule, every rule has tags with
#     a MITRE ATT&CK technique id, and every rule has a generator action;
#   - the generator builds as one static binary and lists its actions.
# Usage: tests/rules_default/check.sh   (from anywhere; needs agent/vigil)
set -eu

cd "$(dirname "$0")/../.."
VIGIL=agent/vigil
RULES=rules/vigil_rules.yaml
LOCAL=rules/vigil_rules.local.yaml
UP=../shared/falco-rules
[ -d "$UP" ] || UP=/work/shared/falco-rules
GEN=tools/vigil-event-generator
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

[ -x "$VIGIL" ] || make agent >/dev/null

# 1. validation, alone and with the others; our files add no warning
validate() {
	name=$1; shift
	if "$VIGIL" -V "$@" >"$tmp/out" 2>&1; then
		if grep -E "^rules/vigil_rules(\.local)?\.yaml:.*(warning|error)" "$tmp/out"; then
			bad "$name: diagnostics in vigil's files"
		else
			ok "$name: $(tail -n 1 "$tmp/out")"
		fi
	else
		cat "$tmp/out"
		bad "$name: does not validate"
	fi
}
validate "ruleset alone" "$RULES"
validate "ruleset + local" "$RULES" "$LOCAL"
validate "upstream stable + ruleset + local" "$UP/falco_rules.yaml" "$RULES" "$LOCAL"
validate "upstream stable+incubating+sandbox + ruleset" "$UP/falco_rules.yaml" \
	"$UP/falco-incubating_rules.yaml" "$UP/falco-sandbox_rules.yaml" "$RULES"

# 2. the local file's commented examples are valid rules language
sed -n 's/^#    //p' "$LOCAL" >"$tmp/local_examples.yaml"
[ -s "$tmp/local_examples.yaml" ] || bad "no examples found in $LOCAL"
validate "local examples uncommented" "$RULES" "$tmp/local_examples.yaml"
if "$VIGIL" -L "$RULES" "$tmp/local_examples.yaml" 2>/dev/null |
	grep -A1 "^User Management Program Run$" | grep -q "(disabled)" &&
	! "$VIGIL" -L "$RULES" 2>/dev/null |
	grep -A1 "^User Management Program Run$" | grep -q "(disabled)"; then
	ok "local example disables 'User Management Program Run'"
else
	bad "local example did not disable 'User Management Program Run'"
fi

# 3. outputs compile: replay every sample capture through the rules
SCAP=../shared/scap
[ -d "$SCAP" ] || SCAP=/work/shared/scap
for cap in "$SCAP"/*.scap "$SCAP"/*.scap.gz; do
	[ -f "$cap" ] || continue
	if "$VIGIL" -e "$cap" -r "$RULES" >"$tmp/replay" 2>&1; then
		ok "replay $(basename "$cap"): $(grep -o '[0-9]* alerts' "$tmp/replay" | head -n 1)"
	else
		cat "$tmp/replay"
		bad "replay $(basename "$cap")"
	fi
	if grep -q "unknown field" "$tmp/replay"; then
		bad "an output field does not compile"
	fi
done

# 4. names, tags, coverage
grep '^- rule: ' "$RULES" | sed 's/^- rule: //' >"$tmp/ours"
cat "$UP"/falco*.yaml | grep '^- rule: ' | sed 's/^- rule: //' |
	tr 'A-Z' 'a-z' | sort -u >"$tmp/theirs"
clash=$(tr 'A-Z' 'a-z' <"$tmp/ours" | sort | comm -12 - "$tmp/theirs")
[ -z "$clash" ] && ok "no rule name clashes with upstream" || bad "name clashes: $clash"
nrules=$(wc -l <"$tmp/ours")
ntags=$("$VIGIL" -L "$RULES" 2>/dev/null | grep -c '^  tags: .*T[0-9]\{4\}' || true)
[ "$ntags" -eq "$nrules" ] && ok "$nrules rules, all tagged with a MITRE technique" ||
	bad "$nrules rules but $ntags tag lines with a MITRE technique id"
if grep -E '^- (list|macro): ' "$RULES" | grep -vq -E '^- (list|macro): vigil_'; then
	bad "a list or macro is not prefixed vigil_"
else
	ok "every list and macro is prefixed vigil_"
fi

# 5. the generator: static, lists its actions, covers every rule
make -s -C tools/event-generator >/dev/null
if file "$GEN" | grep -q "statically linked"; then
	ok "generator is statically linked"
else
	bad "generator is not static: $(file "$GEN")"
fi
"$GEN" --list >"$tmp/list" && ok "generator --list: $(grep -c '^[a-z]' "$tmp/list") actions" ||
	bad "generator --list"
"$GEN" --list --json >"$tmp/list.json" || bad "generator --list --json"
python3 - "$tmp/list.json" "$tmp/ours" <<'PY' || fail=1
import json, sys
acts = json.load(open(sys.argv[1]))
rules = [l.rstrip("\n") for l in open(sys.argv[2])]
covered = {r for a in acts for r in a["rules"]}
bad = False
for a in acts:
    if len(a["rules"]) != len(a["counts"]) or sum(a["counts"]) != a["count"]:
        print("FAIL action %s: rules/counts/count disagree" % a["action"]); bad = True
    for r in a["rules"]:
        if r not in rules:
            print("FAIL action %s expects unknown rule %r" % (a["action"], r)); bad = True
for r in rules:
    if r not in covered:
        print("FAIL rule %r has no generator action" % r); bad = True
if not bad:
    print("ok   every rule has a generator action, every expected rule exists")
sys.exit(1 if bad else 0)
PY
if "$GEN" run no_such_action >/dev/null 2>&1; then
	bad "generator accepts an unknown action"
else
	ok "generator refuses an unknown action"
fi

[ "$fail" -eq 0 ] && echo "rules_default: all checks passed" || echo "rules_default: FAILED"
exit "$fail"
