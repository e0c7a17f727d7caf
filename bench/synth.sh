#!/usr/bin/env bash
# Times a full synth of both profiles three ways, side by side in one run, and prints ratios:
#   tsx (what `npm run synth` uses), precompiled JavaScript (tsc, then node), and ts-node (the cdk8s default).
# Needs: hyperfine (apt-get install -y hyperfine). Output goes to a temp dir; charts-out/ is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 1; }
OUT=$(mktemp -d)
JS="$PWD/.tmp/bench-js"   # inside the repo so node_modules resolves
rm -rf "$JS"
trap 'rm -rf "$OUT" "$JS"' EXIT
npx tsc -p tsconfig.build.json --outDir "$JS"
RUNS=${RUNS:-10}
hyperfine --warmup 2 --runs "$RUNS" --export-json "$OUT/times.json" \
  -n tsx "node_modules/.bin/tsx infra/main.ts --out $OUT/a" \
  -n precompiled-js "node $JS/infra/main.js --out $OUT/b" \
  -n ts-node "TS_NODE_TRANSPILE_ONLY=false node_modules/.bin/ts-node infra/main.ts --out $OUT/c" >/dev/null
node -e '
const r = require(process.argv[1]).results;
const by = Object.fromEntries(r.map((x) => [x.command, x.mean]));
for (const x of r) console.log(`${x.command.padEnd(15)} mean ${x.mean.toFixed(3)} s  (± ${x.stddev.toFixed(3)})  ratio to ts-node ${(x.mean / by["ts-node"]).toFixed(2)}x`);
console.log(`tsx is ${(by["ts-node"] / by.tsx).toFixed(1)}x faster than ts-node; precompiled JS is ${(by["ts-node"] / by["precompiled-js"]).toFixed(1)}x faster`);
' "$OUT/times.json"
diff -r "$OUT/a" "$OUT/b" >/dev/null && diff -r "$OUT/a" "$OUT/c" >/dev/null && echo "all three wrote identical output"
