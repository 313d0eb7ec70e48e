#!/usr/bin/env python3
"""Reads the TRX and Cobertura files under a results folder: prints line and branch coverage per
source project (merged across test projects) and a last line 'N passed, N failed[, N skipped]'."""
import glob, os, re, sys
import xml.etree.ElementTree as ET

root = sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results"
expected_runs = int(sys.argv[2]) if len(sys.argv) > 2 else 0

# Coverage: union of hit lines across test runs, per package (assembly).
lines = {}     # (package, file, line) -> hit?
branches = {}  # (package, file, line) -> (covered, total)
for path in glob.glob(os.path.join(root, "**", "coverage.cobertura.xml"), recursive=True):
    report = ET.parse(path).getroot()
    # File names are relative to the report's <source>, which differs between reports: make them absolute.
    sources = [s.text or "" for s in report.iter("source")]
    for pkg in report.iter("package"):
        name = pkg.get("name")
        for cls in pkg.iter("class"):
            fname = cls.get("filename")
            if not os.path.isabs(fname):
                fname = next((os.path.normpath(os.path.join(src, fname)) for src in sources
                              if os.path.exists(os.path.join(src, fname))), fname)
            for ln in cls.iter("line"):
                key = (name, fname, ln.get("number"))
                lines[key] = lines.get(key, False) or int(ln.get("hits", "0")) > 0
                m = re.search(r"\((\d+)/(\d+)\)", ln.get("condition-coverage") or "")
                if m:
                    c, t = int(m.group(1)), int(m.group(2))
                    pc, pt = branches.get(key, (0, t))
                    branches[key] = (max(c, pc), max(t, pt))

packages = sorted({k[0] for k in lines})
if packages:
    print("Coverage (line, branch):")
for p in packages:
    lk = [v for k, v in lines.items() if k[0] == p]
    bk = [v for k, v in branches.items() if k[0] == p]
    lr = 100.0 * sum(lk) / len(lk) if lk else 100.0
    bc, bt = sum(c for c, _ in bk), sum(t for _, t in bk)
    br = 100.0 * bc / bt if bt else 100.0
    print(f"  {p}: line {lr:.1f}% ({sum(lk)}/{len(lk)}), branch {br:.1f}% ({bc}/{bt})")

passed = failed = skipped = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
runs = glob.glob(os.path.join(root, "**", "*.trx"), recursive=True)
# A test project that crashed before writing its results counts as a failure, not as nothing.
if len(runs) < expected_runs:
    print(f"{expected_runs - len(runs)} test project(s) wrote no results")
    failed += expected_runs - len(runs)
for path in runs:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
