#!/usr/bin/env python3
"""The bundled arguments (arguments/*.yaml) are valid and faithful to their sources.

For every file: `argraph check` exits 0, `argraph critique` reports no error (when the command is
built), every quote of a claim whose source names a `file:` is a verbatim substring of that text,
and the three profiles author / pessimist / optimist exist with a description. For the essay: every
claim of the inventory (seeds/claims.md, section 1) is present under its id without the `e-` prefix.

Usage: arguments_test.py PATH/TO/argraph   (run from the project's root, as CTest does)
"""
import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARGUMENTS = os.path.join(ROOT, "arguments")

# seeds/claims.md section 1, without the `e-` prefix; the two shared premises live in
# shared-premises.yaml and are imported as `shared`.
ESSAY_CLAIMS = [
    "asymmetry-not-sufficient", "thesis-absolute-difficulty", "sharp-generalization",
    "science-goal-agnostic", "power-without-alignment", "gap-amplified", "robust-wanting-only-route",
    "aligned-target-harder", "inner-difficulty-extreme", "aligned-before-threshold",
    "relative-gap-irrelevant", "alignment-extremely-hard", "scope-sovereign",
    "pivotal-analogous-easier", "pivotal-needs-no-self-improve", "pivotal-robustness-unclear",
    "clarify-arguments",
]
ESSAY_SHARED = ["cap-outgeneralizes-align", "no-later-fix"]

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def subcommands(binary):
    """The subcommand names that `argraph --help` lists."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    names = set()
    in_list = False
    for line in out.splitlines():
        if line.strip().upper().startswith("SUBCOMMANDS"):
            in_list = True
            continue
        if in_list and line.startswith("  ") and line.strip():
            names.add(line.split()[0])
    return names


def run(binary, *args):
    proc = subprocess.run([binary, *args], capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


def check_quotes(path, doc):
    """Every quote whose source has a `file:` appears verbatim in that file."""
    base = os.path.dirname(path)
    texts = {}
    for key, source in (doc.get("sources") or {}).items():
        if isinstance(source, dict) and source.get("file"):
            source_path = os.path.join(base, source["file"])
            if not os.path.isfile(source_path):
                fail(f"{path}: source {key}: file {source['file']} does not exist")
                continue
            with open(source_path, encoding="utf-8") as f:
                texts[key] = f.read()
    checked = 0
    for claim_id, claim in (doc.get("claims") or {}).items():
        source = claim.get("source")
        quote = claim.get("quote")
        if source in texts and quote:
            checked += 1
            if quote not in texts[source]:
                fail(f"{path}: claim {claim_id}: quote is not verbatim in source {source}: {quote!r}")
    return checked


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    commands = subcommands(binary)
    files = sorted(f for f in os.listdir(ARGUMENTS) if f.endswith(".yaml"))
    if not files:
        fail("no argument files in arguments/")
    for name in files:
        path = os.path.join(ARGUMENTS, name)
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        rel = os.path.join("arguments", name)
        if "check" in commands:
            code, out = run(binary, "check", rel)
            if code != 0:
                fail(f"argraph check {rel} exited {code}:\n{out}")
        if "critique" in commands:
            code, out = run(binary, "critique", rel, "--fail-on", "error")
            if code != 0:
                fail(f"argraph critique {rel} exited {code}:\n{out}")
        checked = check_quotes(path, doc)
        print(f"{rel}: {checked} quotes checked against their source text")
        if name != "example.yaml":
            profiles = doc.get("profiles") or {}
            for profile in ("author", "pessimist", "optimist"):
                if not (profiles.get(profile) or {}).get("description"):
                    fail(f"{rel}: profile {profile} missing or without a description")

    with open(os.path.join(ARGUMENTS, "absolute-difficulty.yaml"), encoding="utf-8") as f:
        essay = yaml.safe_load(f)
    with open(os.path.join(ARGUMENTS, "shared-premises.yaml"), encoding="utf-8") as f:
        shared = yaml.safe_load(f)
    for claim_id in ESSAY_CLAIMS:
        if claim_id not in essay["claims"]:
            fail(f"absolute-difficulty.yaml: inventory claim e-{claim_id} is missing")
    for claim_id in ESSAY_SHARED:
        if claim_id not in shared["claims"] or shared["claims"][claim_id].get("source") != "essay":
            fail(f"shared-premises.yaml: inventory claim e-{claim_id} is missing or not from the essay")
    if essay.get("conclusion") != "alignment-extremely-hard":
        fail("absolute-difficulty.yaml: the conclusion is not alignment-extremely-hard")

    essay_path = os.path.join("arguments", "absolute-difficulty.yaml")
    if "eval" in commands:
        conclusions = {}
        for profile in ("pessimist", "author", "optimist"):
            code, out = run(binary, "eval", essay_path, "--profile", profile, "--format", "json")
            if code != 0:
                fail(f"argraph eval {essay_path} --profile {profile} exited {code}:\n{out}")
                continue
            result = json.loads(out)
            conclusions[profile] = result["marginals"][result["target"]]["true"]
        print(f"essay conclusion by profile: {conclusions}")
        if len(conclusions) == 3:
            if not conclusions["pessimist"] - conclusions["optimist"] > 0.3:
                fail(f"pessimist and optimist conclusions are not clearly apart: {conclusions}")
            if not conclusions["pessimist"] > conclusions["author"] > conclusions["optimist"]:
                fail(f"the author's conclusion is not between the pessimist's and the optimist's: {conclusions}")
    if "cruxes" in commands:
        code, out = run(binary, "cruxes", essay_path, "--format", "json")
        if code != 0:
            fail(f"argraph cruxes {essay_path} exited {code}:\n{out}")
        else:
            result = json.loads(out)
            claims = [c for c in result["claims"] if c["id"] != result["target"]]
            swing = sorted(claims, key=lambda c: -abs(c["if_true"] - c["if_false"]))
            top = [c["id"] for c in swing[:3]]
            print(f"essay claims with the largest swing: {top}")
            if "inner-difficulty-extreme" not in top:
                fail(f"the author's crux inner-difficulty-extreme is not among the top three claims: {top}")

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"{len(files)} argument files OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
