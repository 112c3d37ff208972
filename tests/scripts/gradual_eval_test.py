#!/usr/bin/env python3
"""`argraph eval --semantics X`: eval's JSON shape with strengths, the hand-checked values, cycles only
with --allow-cycles, and the flag combinations that are refused. argv[1] is the argraph binary."""
import json
import math

from harness import expect, finish, run

DATA = "tests/data/gradual"


def marginals(semantics, path, *extra):
    r = run("eval", path, "--format", "json", "--semantics", semantics, *extra)
    expect(r.returncode == 0, f"eval --semantics {semantics} {path}: exit {r.returncode} {r.stderr}")
    return json.loads(r.stdout) if r.returncode == 0 else None


out = marginals("dfquad", f"{DATA}/two-attackers.yaml")
if out:
    expect(out["method"] == "dfquad" and out["target"] == "c" and out["evidence"] == {}, "shape")
    expect(set(out) >= {"argument", "target", "method", "evidence", "marginals"}, "keys")
    expect(abs(out["marginals"]["c"]["true"]) < 1e-12, "DF-QuAD gives 0")
    expect(abs(out["marginals"]["c"]["false"] - 1) < 1e-12, "false is 1 - strength")
    expect(abs(out["marginals"]["a1"]["true"] - 1) < 1e-12, "an unattacked claim keeps its base")
out = marginals("qe", f"{DATA}/two-attackers.yaml")
if out:
    expect(abs(out["marginals"]["c"]["true"] - 0.1) < 1e-12, "quadratic energy gives 0.1")
for s in ("eb", "mlp", "hcat"):
    out = marginals(s, f"{DATA}/two-attackers.yaml")
    if out:
        v = out["marginals"]["c"]["true"]
        expect(0 <= v <= 1 and out["method"] == s, f"{s} in range")
out = marginals("hcat", f"{DATA}/two-attackers.yaml")
if out:
    expect(abs(out["marginals"]["c"]["true"] - 0.5 / 3) < 1e-12, "h-categorizer gives 0.5 / 3")
out = marginals("bayes", f"{DATA}/two-attackers.yaml")
if out:
    expect(out["method"] == "exact" and abs(out["marginals"]["c"]["true"]) < 1e-12, "bayes: noisy-AND gives 0")

# cycles: refused by default, evaluated with --allow-cycles
r = run("eval", f"{DATA}/cycle.yaml", "--semantics", "hcat")
expect(r.returncode == 1 and "[cycle]" in r.stderr, "a cycle is an error without --allow-cycles: " + r.stderr)
out = marginals("hcat", f"{DATA}/cycle.yaml", "--allow-cycles")
if out:
    expect(abs(out["marginals"]["x"]["true"] - (math.sqrt(5) - 1) / 2) < 1e-9, "h-categorizer fixpoint")
out = marginals("hcat", f"{DATA}/cycle.yaml", "--allow-cycles", "--discrete")
if out:
    expect(abs(out["marginals"]["x"]["true"] - (math.sqrt(5) - 1) / 2) < 1e-9, "discrete fixpoint")

# refused combinations
r = run("eval", f"{DATA}/cycle.yaml", "--allow-cycles")
expect(r.returncode == 2 and "--allow-cycles applies to the gradual semantics" in r.stderr, r.stderr)
r = run("eval", f"{DATA}/two-attackers.yaml", "--semantics", "qe", "--given", "a1=true")
expect(r.returncode == 2 and "--given has no meaning" in r.stderr, r.stderr)
r = run("eval", f"{DATA}/two-attackers.yaml", "--semantics", "nope")
expect(r.returncode == 2, "unknown semantics is a usage error")

# text output names the semantics' strength
r = run("eval", f"{DATA}/two-attackers.yaml", "--semantics", "qe")
expect(r.returncode == 0 and "strength(c) = 0.1000" in r.stdout, r.stdout)

finish()
