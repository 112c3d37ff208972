#!/usr/bin/env python3
"""The analysis commands on stored arguments (`--db FILE` with `ID[@VERSION]`): eval, cruxes, sweep,
uncertainty, compare, critique, render and report read the stored version and the store's profiles
and objections, and eval/cruxes/compare/render/report record their result in the evaluation history.
Every number is checked against the same command run on the file with the profile's values given by
--set (an independent path through the loader). Each run uses its own database in a fresh folder.
Run from the project root with the argraph binary as argv[1]."""
import json
import os
import shutil
import sqlite3
import tempfile

from harness import expect, finish, run

EXAMPLE = "arguments/example.yaml"


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol


def marginals(result):
    return {k: v["true"] for k, v in json.loads(result.stdout)["marginals"].items()}


tmp = tempfile.mkdtemp(prefix="argraph-store-analysis-")
try:
    db = os.path.join(tmp, "team.db")
    # A missing database is refused, not created.
    r = run("eval", "bridge", "--db", db)
    expect(r.returncode == 2 and "there is no database" in r.stderr, f"missing db: {r.returncode} {r.stderr}")
    expect(not os.path.exists(db), "a missing database must not be created by eval")

    expect(run("db", "import", EXAMPLE, "--db", db).returncode == 0, "import example")
    r = run("db", "profile", "set", "bridge", "ana", "maintained=0.4", "corrosion=0.5", "--author", "Ana",
            "--db", db)
    expect(r.returncode == 0, "profile set ana: " + r.stderr)
    r = run("db", "profile", "set", "bridge", "ben", "sound-design=0.6", "safe.reliability=0.9", "--db", db)
    expect(r.returncode == 0, "profile set ben: " + r.stderr)

    # eval: the stored version evaluates like the file; a stored profile like --set of its values.
    own = run("eval", EXAMPLE, "--format", "json")
    stored = run("eval", "bridge", "--db", db, "--format", "json")
    expect(stored.returncode == 0, "eval stored: " + stored.stderr)
    expect(marginals(stored) == marginals(own), "stored version evaluates like its file")
    ana_file = run("eval", EXAMPLE, "--set", "maintained=0.4", "--set", "corrosion=0.5", "--format", "json")
    ana = run("eval", "bridge@1", "--db", db, "--profile", "ana", "--given", "survey-outdated=false",
              "--format", "json")
    ana_given = run("eval", EXAMPLE, "--set", "maintained=0.4", "--set", "corrosion=0.5", "--given",
                    "survey-outdated=false", "--format", "json")
    expect(ana.returncode == 0, "eval --profile ana: " + ana.stderr)
    expect(all(close(marginals(ana)[k], v) for k, v in marginals(ana_given).items()),
           "a stored profile evaluates like --set of its values")
    expect(not close(marginals(ana)["safe"], marginals(stored)["safe"], 1e-3), "the profile changes the result")
    # The file's own profile still works with --db when the store has none of that name.
    cautious = run("eval", "bridge", "--db", db, "--profile", "cautious", "--format", "json")
    expect(cautious.returncode == 0 and all(close(marginals(cautious)[k], v)
                                            for k, v in marginals(ana_file).items()),
           "the file's profile under --db")

    # Evaluations are recorded with version, profile, target, method, evidence and settings.
    run("eval", "bridge", "--db", db, "--profile", "ben", "--set", "corrosion=0.2")
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT v.version, e.profile, e.target, e.method, e.credence, e.evidence, e.settings "
                           "FROM evaluations e JOIN versions v ON v.id = e.version_id ORDER BY e.id").fetchall()
    expect(len(rows) == 4, f"four evaluations recorded, got {len(rows)}")
    if len(rows) == 4:
        expect(rows[0][:4] == (1, "", "safe", "exact") and close(rows[0][4], marginals(own)["safe"]),
               f"first record {rows[0]}")
        expect(rows[1][1] == "ana" and json.loads(rows[1][5]) == {"survey-outdated": "false"}
               and close(rows[1][4], marginals(ana_given)["safe"]), f"second record {rows[1]}")
        ben = marginals(run("eval", EXAMPLE, "--set", "sound-design=0.6", "--set", "safe.reliability=0.9",
                            "--set", "corrosion=0.2", "--format", "json"))
        expect(rows[3][1] == "ben" and json.loads(rows[3][6]) == {"corrosion": 0.2}
               and close(rows[3][4], ben["safe"]), f"fourth record {rows[3]}")
    # ... and listed by `db evaluations`.
    r = run("db", "evaluations", "bridge", "--db", db, "--format", "json")
    expect(r.returncode == 0 and len(json.loads(r.stdout)) == 4, "db evaluations lists them: " + r.stderr)

    # cruxes, sweep and uncertainty under a stored profile equal the file under --set.
    ana_set = ["--set", "maintained=0.4", "--set", "corrosion=0.5"]
    for command, extra in (("cruxes", []), ("sweep", ["--param", "maintained", "--steps", "5"]),
                           ("uncertainty", ["--samples", "2000", "--seed", "7"])):
        a = run(command, "bridge", "--db", db, "--profile", "ana", "--format", "json", *extra)
        b = run(command, EXAMPLE, *ana_set, "--format", "json", *extra)
        expect(a.returncode == 0, f"{command} --db: {a.stderr}")
        ja, jb = json.loads(a.stdout or "{}"), json.loads(b.stdout)
        for key in ("seconds",):
            ja.pop(key, None), jb.pop(key, None)
        expect(ja == jb, f"{command} with a stored profile equals the file with --set")

    # compare two stored profiles: the difference is the difference of the two evaluations.
    r = run("compare", "bridge", "--db", db, "--profile", "ana", "--profile", "ben", "--format", "json")
    expect(r.returncode == 0, "compare stored profiles: " + r.stderr)
    out = json.loads(r.stdout or "{}")
    ben_only = marginals(run("eval", EXAMPLE, "--set", "sound-design=0.6", "--set", "safe.reliability=0.9",
                             "--format", "json"))
    expect(close(out["a"]["credence"], marginals(ana_file)["safe"]) and
           close(out["b"]["credence"], ben_only["safe"]), "compare's credences")
    expect(close(sum(x["shapley"] for x in out["attribution"]), out["difference"], 1e-9), "Shapley sums")

    # A second version: ID@VERSION picks one; a profile parameter the new version lacks is skipped.
    v2 = os.path.join(tmp, "v2", "example.yaml")
    os.makedirs(os.path.dirname(v2))
    with open(EXAMPLE) as f:
        text = f.read()
    text = text.replace("    credence: 0.9\n    interval: [0.75, 0.97]", "    credence: 0.8\n    interval: [0.6, 0.9]")
    text = text.replace("      - claim: maintained\n        strength: 0.6\n", "")
    text = text.replace("  maintained:\n", "  was-maintained:\n").replace("maintained: 0.4, ", "")
    with open(v2, "w") as f:
        f.write(text)
    r = run("db", "import", v2, "--db", db)
    expect(r.returncode == 0 and "new" in r.stdout, "import version 2: " + r.stdout + r.stderr)
    one = marginals(run("eval", "bridge@1", "--db", db, "--format", "json"))
    two = marginals(run("eval", "bridge@2", "--db", db, "--format", "json"))
    latest = marginals(run("eval", "bridge", "--db", db, "--format", "json"))
    expect(one == marginals(own) and two == marginals(run("eval", v2, "--format", "json")) and latest == two,
           "ID@VERSION and the latest version")
    r = run("eval", "bridge", "--db", db, "--profile", "ana")
    expect(r.returncode == 0 and "'maintained' is not a parameter of version 2 of 'bridge'" in r.stderr,
           "a missing parameter of a stored profile warns: " + r.stderr)
    r = run("compare", "bridge@1", "bridge@2", "--db", db, "--format", "json")
    expect(r.returncode == 1 and "do not have the same parameters" in r.stderr, "versions with other parameters")

    # Usage errors.
    r = run("eval", "bridge@x", "--db", db)
    expect(r.returncode == 2 and "names a stored argument as ID or ID@VERSION" in r.stderr, "bad reference: " + r.stderr)
    r = run("eval", "brige", "--db", db)
    expect(r.returncode == 2 and "there is no argument 'brige'" in r.stderr and "did you mean 'bridge'" in r.stderr,
           "unknown argument: " + r.stderr)
    r = run("eval", "bridge@9", "--db", db)
    expect(r.returncode == 2 and "has no version 9" in r.stderr, "unknown version: " + r.stderr)
    r = run("eval", "bridge", "--db", db, "--profile", "anna")
    expect(r.returncode == 2 and "unknown profile 'anna'" in r.stderr and "'ana'" in r.stderr,
           "unknown profile: " + r.stderr)

    # critique reads the store's open objections; an answered one is no longer reported.
    r = run("db", "objection", "add", "bridge", "corrosion", "--text", "Only <b>railings</b> rusted.",
            "--author", "Ben", "--db", db)
    expect(r.returncode == 0, "objection add: " + r.stderr)
    r = run("critique", "bridge", "--db", db, "--format", "json")
    expect(r.returncode == 0, "critique --db: " + r.stderr)
    found = [f for f in json.loads(r.stdout or '{"findings": []}')["findings"] if f["rule"] == "objection"]
    texts = [f["message"] for f in found]
    expect("open objection to 'corrosion' by Ben: Only <b>railings</b> rusted. (objection 1 in the store)" in texts,
           f"stored objection reported: {texts}")
    stored_one = [f for f in found if "objection 1 in the store" in f["message"]]
    expect(stored_one and stored_one[0]["claim"] == "corrosion" and stored_one[0]["line"] > 0,
           "the stored objection sits on its target claim")
    r = run("critique", EXAMPLE, "--format", "json")
    expect("objection 1 in the store" not in r.stdout, "without --db no stored objection")
    # A stored argument's findings name its files as the user would: relative to the current folder
    # when the file was imported from inside it, else by the absolute path it was imported from.
    files = {f["file"] for f in json.loads(r.stdout)["findings"]}
    r = run("critique", "bridge@1", "--db", db, "--format", "json")
    stored_files = {f["file"] for f in json.loads(r.stdout or '{"findings": []}')["findings"]}
    expect(stored_files == files == {EXAMPLE}, f"stored findings name {stored_files}, the file's {files}")
    r = run("critique", "bridge@1", "--db", os.path.abspath(db), "--format", "json", cwd=tmp)
    elsewhere = {f["file"] for f in json.loads(r.stdout or '{"findings": []}')["findings"]}
    expect(elsewhere == {os.path.abspath(EXAMPLE)}, f"from another folder the absolute path: {elsewhere}")
    run("db", "objection", "answer", "1", "--text", "Checked: cables too.", "--db", db)
    r = run("critique", "bridge", "--db", db, "--format", "json")
    expect("objection 1 in the store" not in r.stdout, "an answered objection is not reported")

    # render and report read the store and record their evaluation.
    before = len(json.loads(run("db", "evaluations", "bridge", "--db", db, "--format", "json").stdout))
    svg = os.path.join(tmp, "map.dot")
    r = run("render", "bridge@1", "--db", db, "--profile", "ana", "-o", svg)
    expect(r.returncode == 0, "render --db: " + r.stderr)
    html = os.path.join(tmp, "report.html")
    r = run("report", "bridge@1", "--db", db, "--samples", "500", "-o", html)
    expect(r.returncode == 0, "report --db: " + r.stderr)
    with open(html) as f:
        page = f.read()
    expect("ana" in page and "ben" in page and "kept in the store by Ana" in page, "stored profiles in the report")
    after = len(json.loads(run("db", "evaluations", "bridge", "--db", db, "--format", "json").stdout))
    expect(after == before + 2, f"render and report record: {before} -> {after}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

finish()
