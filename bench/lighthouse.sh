#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile profile, its default) on every customer section, signed in, driving Debian's Chromium.
# Prints performance and accessibility per page and what failed; the reports stay in $OUT (JSON).
#   bench/lighthouse.sh http://127.0.0.1:5091 [bench200@seed.local [password]]
# Needs the portal running at that address and the bench built (dotnet build -c Release bench/Portal.Benchmarks).
# Lighthouse is installed once into $LH_DIR (not the repository's package.json): npm install lighthouse@12.2.3.
set -euo pipefail
BASE=${1:?base url, e.g. http://127.0.0.1:5091}
EMAIL=${2:-bench200@seed.local}
PASSWORD=${3:-Seed-Customer-2026}   # the demo data's customers: Demo!2345
PAGES=${PAGES:-"/ /loyalty /analytics /segment /offers /tickets /notifications"}
LH_DIR=${LH_DIR:-/tmp/lighthouse-12.2.3}
OUT=${OUT:-/tmp/lighthouse-reports}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH_DIR"
  npm install --prefix "$LH_DIR" --no-audit --no-fund lighthouse@12.2.3 >/dev/null
fi
mkdir -p "$OUT"
echo "Lighthouse $("$LH_DIR/node_modules/.bin/lighthouse" --version) against $BASE as $EMAIL; $(chromium --version 2>/dev/null); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-15s %11s %13s  %s\n' Page Performance Accessibility "FCP / LCP / TBT / CLS; failed audits"
for page in $PAGES; do
  # A fresh sign-in per page: Identity re-checks the cookie on every request once it is a minute old.
  cookie=$(dotnet run --no-build -c Release --project "$ROOT/bench/Portal.Benchmarks" -- sign-in --base-url "$BASE" --email "$EMAIL" --password "$PASSWORD")
  node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({ Cookie: process.argv[2] }))' "$OUT/headers.json" "$cookie"
  name=$(echo "$page" | tr '/' '_'); name=${name:-_}
  "$LH_DIR/node_modules/.bin/lighthouse" "$BASE$page" --quiet --output=json --output-path="$OUT/$name.json" \
    --only-categories=performance,accessibility --extra-headers="$OUT/headers.json" \
    --chrome-flags="--headless=new --no-sandbox" || { echo "$page: lighthouse failed"; continue; }
  node -e '
    const r = require(process.argv[1]), page = process.argv[2];
    if (r.finalDisplayedUrl && /\/account\/login/.test(r.finalDisplayedUrl)) { console.log(page + ": FAILED, ended on the sign-in page"); process.exit(0); }
    const a = r.audits, s = k => r.categories[k].score === null ? "n/a" : Math.round(r.categories[k].score * 100);
    const m = k => a[k] ? a[k].displayValue : "?";
    const failed = Object.values(r.categories).flatMap(c => c.auditRefs)
      .filter(ref => ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 0.9)
      .map(ref => ref.id + (a[ref.id].details && a[ref.id].details.items ? " (" + a[ref.id].details.items.length + ")" : ""));
    console.log(page.padEnd(15) + " " + String(s("performance")).padStart(11) + " " + String(s("accessibility")).padStart(13) + "  "
      + [m("first-contentful-paint"), m("largest-contentful-paint"), m("total-blocking-time"), m("cumulative-layout-shift")].join(" / ")
      + (failed.length ? "; " + [...new Set(failed)].join(", ") : ""));
  ' "$OUT/$name.json" "$page"
done
rm -f "$OUT/headers.json"
echo "Load average now $(cut -d' ' -f1-3 /proc/loadavg); reports in $OUT"
