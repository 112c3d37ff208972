#!/usr/bin/env python3
"""`argraph critique` end to end: exit codes, --fail-on, the JSON shape, the attack-graph export, and
`check --critique`. Run from the project root with the argraph binary as argv[1]."""
import json
import os
import tempfile

from harness import expect, finish, run

DATA = "tests/data/critique"


# JSON shape and numbers
r = run("critique", f"{DATA}/double-counting.yaml", "--format", "json")
expect(r.returncode == 0, f"critique json exit {r.returncode}: {r.stderr}")
out = json.loads(r.stdout)
expect(out["argument"] == "double", "argument id")
found = [f for f in out["findings"] if f["rule"] == "double-counting"]
expect(len(found) == 1, "one double-counting finding")
if found:
    f = found[0]
    expect(f["severity"] == "warning" and f["claim"] == "c", "severity and claim")
    expect(abs(f["numbers"]["naive"] - 0.25) < 1e-12 and abs(f["numbers"]["exact"] - 0.5) < 1e-12, "numbers")
    expect(f["file"].endswith("double-counting.yaml") and f["line"] > 0, "location")
expect(set(out["counts"]) == {"error", "warning", "note"}, "counts keys")

# --fail-on
expect(run("critique", f"{DATA}/clean.yaml", "--fail-on", "warning").returncode == 0, "clean passes")
expect(run("critique", f"{DATA}/extreme-credence.yaml", "--fail-on", "warning").returncode == 1,
       "a warning fails --fail-on warning")
expect(run("critique", f"{DATA}/extreme-credence.yaml", "--fail-on", "error").returncode == 0,
       "a warning passes --fail-on error")
expect(run("critique", f"{DATA}/objection.yaml", "--fail-on", "warning").returncode == 0,
       "notes never fail")

# text output: compiler style with the rule id
r = run("critique", f"{DATA}/extreme-credence.yaml")
expect("extreme-credence.yaml:" in r.stdout and "warning:" in r.stdout and "[extreme-credence]" in r.stdout,
       "text format: " + r.stdout)
expect("0 errors, 1 warnings, 0 notes" in r.stdout, "summary: " + r.stdout)

# attack graph export
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "graph.i23")
    r = run("critique", f"{DATA}/unanswered-attack.yaml", "--attack-graph", path)
    expect(r.returncode == 0, "export exit")
    with open(path) as f:
        expect(f.read() == "p af 3\n# 1 a\n# 2 x\n# 3 c\n2 3\n", "i23 text")
    r = run("critique", f"{DATA}/clean.yaml", "--attack-graph", os.path.join(tmp, "graph.txt"))
    expect(r.returncode == 2 and ".apx, .tgf or .i23" in r.stderr, "bad extension is a usage error")

# usage and unreadable files
expect(run("critique", f"{DATA}/no-such-file.yaml").returncode == 2, "unreadable file exits 2")
expect(run("critique", f"{DATA}/clean.yaml", "--format", "xml").returncode == 2, "bad format exits 2")

# check --critique adds the findings to check's diagnostics
r = run("check", "--critique", f"{DATA}/extreme-credence.yaml")
expect("[extreme-credence]" in r.stdout, "check --critique prints findings: " + r.stdout)
r = run("check", f"{DATA}/extreme-credence.yaml")
expect("[extreme-credence]" not in r.stdout, "check alone does not critique")

finish()
