#!/usr/bin/env python3
"""`argraph cruxes | sweep | compare | uncertainty` end to end on the essay's argument
(arguments/absolute-difficulty.yaml with its imports): text and JSON output, the JSON shapes of DESIGN.md
section 6, and the numbers against independent evaluations by `argraph eval` (a plain propagation with
--set / --given / --profile, not the analyses' sensitivity algebra). The crux's swing is also checked
against docs/essay.md, whose figures come from an evaluator written separately in Python.
Run from the project root with the argraph binary as argv[1]."""
import json
from functools import partial

import harness
from harness import expect

run = partial(harness.run, timeout=300)
ARGUMENT = "arguments/absolute-difficulty.yaml"
TARGET = "alignment-extremely-hard"


def json_of(*args):
    r = run(*args, "--format", "json")
    expect(r.returncode == 0, f"{args[0]} json exit {r.returncode}: {r.stderr}")
    return json.loads(r.stdout) if r.returncode == 0 else None


def has_keys(obj, keys, what):
    missing = set(keys) - set(obj)
    expect(not missing, f"{what}: missing keys {sorted(missing)}")


def number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x


def evaluated(*args):
    """P(target) by a plain `argraph eval` with the given flags."""
    out = json_of("eval", ARGUMENT, *args)
    return out["marginals"][TARGET]["true"] if out else float("nan")


def close(a, b, tolerance):
    return number(a) and number(b) and abs(a - b) <= tolerance


# ---- cruxes ----------------------------------------------------------------------------------------
cruxes = json_of("cruxes", ARGUMENT, "--profile", "author")
if cruxes:
    has_keys(cruxes, ["target", "credence", "threshold", "parameters", "claims"], "cruxes")
    expect(cruxes["target"] == TARGET, "cruxes target")
    expect(cruxes["threshold"] == 0.5, "default threshold")
    expect(close(cruxes["credence"], evaluated("--profile", "author"), 1e-9), "cruxes credence = eval")
    expect(cruxes.get("propagations") == 2, f"two propagations in all, not {cruxes.get('propagations')}")
    for p in cruxes["parameters"]:
        has_keys(p, ["name", "value", "low", "high", "derivative", "at_low", "at_high", "flip_at"], "parameter")
    for c in cruxes["claims"]:
        has_keys(c, ["id", "if_true", "if_false", "mutual_information", "expected_shift"], "claim")

    def swing(x, lo, hi):
        return abs(x[hi] - x[lo]) if number(x[hi]) and number(x[lo]) else 0

    for key, lo, hi in (("parameters", "at_low", "at_high"), ("claims", "if_false", "if_true")):
        swings = [swing(x, lo, hi) for x in cruxes[key]]
        expect(swings == sorted(swings, reverse=True), f"{key} ranked by swing")

    # The top claim crux: P(conclusion | claim) and P(conclusion | not claim) by conditioning in eval,
    # and the essay's independently computed 0.118 -> 0.745.
    top = cruxes["claims"][0]
    expect(top["id"] == "inner-difficulty-extreme", f"the author's crux is the top claim, not {top['id']}")
    if_true = evaluated("--profile", "author", "--given", f"{top['id']}=true")
    if_false = evaluated("--profile", "author", "--given", f"{top['id']}=false")
    expect(close(top["if_true"], if_true, 1e-9), f"if_true {top['if_true']} vs eval {if_true}")
    expect(close(top["if_false"], if_false, 1e-9), f"if_false {top['if_false']} vs eval {if_false}")
    expect(close(if_false, 0.118, 1e-3) and close(if_true, 0.745, 1e-3),
           f"essay's swing 0.118 -> 0.745, got {if_false} -> {if_true}")

    # The top parameter: P(conclusion) at the ends of its range, and the flip, re-evaluated.
    p = cruxes["parameters"][0]
    at_low = evaluated("--profile", "author", "--set", f"{p['name']}={p['low']!r}")
    at_high = evaluated("--profile", "author", "--set", f"{p['name']}={p['high']!r}")
    expect(close(p["at_low"], at_low, 1e-9), f"{p['name']} at_low {p['at_low']} vs eval {at_low}")
    expect(close(p["at_high"], at_high, 1e-9), f"{p['name']} at_high {p['at_high']} vs eval {at_high}")
    expect(abs(at_high - at_low) >= max(swing(x, "at_low", "at_high") for x in cruxes["parameters"]) - 1e-9,
           "the top parameter has the largest re-evaluated swing")
    if number(p["flip_at"]):
        flipped = evaluated("--profile", "author", "--set", f"{p['name']}={p['flip_at']!r}")
        expect(close(flipped, 0.5, 1e-6), f"flip value re-evaluates to the threshold: {flipped}")
    # Every derivative of the top five equals a central difference of eval.
    for p in cruxes["parameters"][:5]:
        h = 1e-5
        up = evaluated("--profile", "author", "--set", f"{p['name']}={p['value'] + h!r}")
        down = evaluated("--profile", "author", "--set", f"{p['name']}={p['value'] - h!r}")
        expect(close(p["derivative"], (up - down) / (2 * h), 1e-5 * max(1, abs(p["derivative"]))),
               f"{p['name']} derivative {p['derivative']} vs difference {(up - down) / (2 * h)}")

r = run("cruxes", ARGUMENT, "--profile", "author", "--top", "3")
expect(r.returncode == 0, f"cruxes text exit {r.returncode}: {r.stderr}")
expect(f"Cruxes of '{TARGET}'" in r.stdout, "cruxes text header: " + r.stdout[:200])
expect("inner-difficulty-extreme" in r.stdout and "more parameters; --top N shows more" in r.stdout,
       "cruxes text rows and --top")
expect("nan" not in r.stdout.lower(), "no NaN in cruxes text")

# ---- sweep -----------------------------------------------------------------------------------------
PARAM = "inner-difficulty-extreme.base"
sweep = json_of("sweep", ARGUMENT, "--param", PARAM, "--from", "0.1", "--to", "0.9", "--steps", "5")
if sweep:
    has_keys(sweep, ["target", "parameters", "values", "points"], "sweep")
    expect(sweep["parameters"] == [PARAM] and len(sweep["points"]) == 5, "sweep points")
    for point in sweep["points"]:
        x = point[PARAM]
        expect(close(point["credence"], evaluated("--set", f"{PARAM}={x!r}"), 1e-9), f"sweep at {x} = eval")
r = run("sweep", ARGUMENT, "--param", PARAM, "--steps", "3")
expect(r.returncode == 0 and PARAM in r.stdout, f"sweep text: {r.stdout[:200]} {r.stderr}")

# ---- compare ---------------------------------------------------------------------------------------
compare = json_of("compare", ARGUMENT, "--profile", "pessimist", "--profile", "optimist")
if compare:
    has_keys(compare, ["a", "b", "difference", "method", "attribution"], "compare")
    for side, profile in (("a", "pessimist"), ("b", "optimist")):
        has_keys(compare[side], ["profile", "credence"], f"compare {side}")
        expect(compare[side]["profile"] == profile, f"compare {side} profile")
        expect(close(compare[side]["credence"], evaluated("--profile", profile), 1e-9), f"compare {side} = eval")
    expect(close(compare["difference"], compare["b"]["credence"] - compare["a"]["credence"], 1e-12),
           "difference is b - a")
    expect(compare["method"] == "exact", "exact Shapley for this many differing parameters")
    for x in compare["attribution"]:
        has_keys(x, ["name", "a", "b", "shapley"], "attribution")
    expect(close(sum(x["shapley"] for x in compare["attribution"]), compare["difference"], 1e-9),
           "Shapley values sum to the difference")
r = run("compare", ARGUMENT, "--profile", "pessimist", "--profile", "optimist")
expect(r.returncode == 0 and "Shapley attribution (exact)" in r.stdout, f"compare text: {r.stdout[:300]}")

# ---- uncertainty -----------------------------------------------------------------------------------
runs = [json_of("uncertainty", ARGUMENT, "--samples", "20000", "--seed", "7", "--threads", "2") for _ in range(2)]
u = runs[0]
if u and runs[1]:
    has_keys(u, ["samples", "seed", "mean", "sd", "quantiles", "histogram", "sobol"], "uncertainty")
    has_keys(u["quantiles"], ["0.05", "0.5", "0.95"], "quantiles")
    expect(u["seed"] == 7 and 0 < u["samples"] <= 20000, "samples and seed")
    q = u["quantiles"]
    expect(0 <= q["0.05"] <= q["0.5"] <= q["0.95"] <= 1 and q["0.05"] <= u["mean"] <= q["0.95"], "quantiles ordered")
    expect(u["sd"] > 0, "the intervals do make the conclusion uncertain")
    expect(sum(b["count"] for b in u["histogram"]) == u["samples"], "histogram counts every sample")
    for s in u["sobol"]:
        has_keys(s, ["name", "first_order", "total"], "sobol")
    expect(len(u["sobol"]) == len(u.get("varied", u["sobol"])), "one Sobol index per varied parameter")
    same = {k: v for k, v in u.items() if k != "seconds"} == {k: v for k, v in runs[1].items() if k != "seconds"}
    expect(same, "same seed and threads: the same result")
r = run("uncertainty", ARGUMENT, "--samples", "2000", "--seed", "1")
expect(r.returncode == 0 and f"P({TARGET})" in r.stdout and "mean" in r.stdout, f"uncertainty text: {r.stdout[:300]}")
expect("nan" not in r.stdout.lower(), "no NaN in uncertainty text")
expect(run("uncertainty", ARGUMENT, "--samples", "0").returncode == 2, "samples < 1 refused")

harness.finish()
