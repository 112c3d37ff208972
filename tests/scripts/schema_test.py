#!/usr/bin/env python3
"""schemas/argument.schema.json says what the loader says.

1. The schema is a valid JSON Schema (draft 2020-12).
2. Every bundled argument (arguments/*.yaml) and every valid fixture (tests/data/valid/**/*.yaml) is
   accepted by the schema and by `argraph check` (exit 0).
3. Every invalid fixture (tests/data/invalid/*.yaml) is rejected by `argraph check` (exit 1) and by the
   schema (or, like an editor, already by the YAML parser), except the fixtures in BEYOND_SCHEMA, whose
   errors need more than one file or the whole model. Those must be accepted by the schema, so that the
   list stays honest.

YAML is read as YAML 1.2 reads it, as argraph does (`yes` is a string, `1e3` a number, `012` twelve).

Usage: schema_test.py PATH/TO/argraph   (run from the project's root, as CTest does)
"""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Invalid fixtures whose errors JSON Schema cannot see, and why.
BEYOND_SCHEMA = {
    "cycle": "a cycle through claims needs the whole graph",
    "duplicate-id": "YAML parsers keep the last of duplicate keys",
    "duplicate-key": "YAML parsers keep the last of duplicate keys",
    "duplicate-link": "two list items naming the same claim (uniqueItems compares whole items)",
    "import-cycle": "imports are other files",
    "missing-conclusion": "only the root file needs one; imported files may be premise libraries",
    "missing-import": "imports are other files",
    "unknown-alias": "aliases are declared elsewhere in the file",
    "unknown-claim": "references to claims are resolved across the model",
    "unknown-conclusion": "references to claims are resolved across the model",
    "unknown-parameter": "parameter names depend on the model's claims and rules",
    "unknown-source": "source keys are declared elsewhere in the file",
    "unknown-target": "objection targets depend on the model's claims and parameters",
    "yaml-alias": "YAML parsers expand aliases; argraph refuses them",
}


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema scalars instead of YAML 1.1's."""


Yaml12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$",
     list("-+.0123456789")),
]
for tag, pattern, first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _float(loader, node):
    text = loader.construct_scalar(node).lower().lstrip("+")
    if text.lstrip("-") == ".inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if text.lstrip("-") == ".nan":
        return float("nan")
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda l, n: int(l.construct_scalar(n)))
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def schema_errors(validator, path):
    """The schema's complaints about the file, or ["YAML: ..."] when it does not parse."""
    try:
        with open(path, "rb") as f:
            document = yaml.load(f, Loader=Yaml12Loader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as e:
        return ["YAML: " + str(e).splitlines()[0]]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def check_exit(binary, path):
    return subprocess.run([binary, "check", os.path.relpath(path, ROOT)], cwd=ROOT, capture_output=True).returncode


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    with open(os.path.join(ROOT, "schemas", "argument.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    valid = sorted(glob.glob(os.path.join(ROOT, "arguments", "*.yaml")) +
                   glob.glob(os.path.join(ROOT, "tests", "data", "valid", "**", "*.yaml"), recursive=True))
    for path in valid:
        name = os.path.relpath(path, ROOT)
        errors = schema_errors(validator, path)
        if errors:
            fail(f"{name}: the schema rejects a valid file: {errors[:3]}")
        if check_exit(binary, path) != 0:
            fail(f"{name}: argraph check rejects a valid file")

    invalid = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "invalid", "*.yaml")))
    stems = {os.path.splitext(os.path.basename(p))[0] for p in invalid}
    for stem in sorted(set(BEYOND_SCHEMA) - stems):
        fail(f"BEYOND_SCHEMA lists {stem}, which is not a fixture")
    rejected_by_schema = 0
    for path in invalid:
        name = os.path.relpath(path, ROOT)
        stem = os.path.splitext(os.path.basename(path))[0]
        if check_exit(binary, path) != 1:
            fail(f"{name}: argraph check does not exit 1")
        errors = schema_errors(validator, path)
        if stem in BEYOND_SCHEMA:
            if errors:
                fail(f"{name}: listed as beyond the schema, but the schema rejects it: {errors[:3]}")
        elif not errors:
            fail(f"{name}: the schema accepts an invalid fixture")
        else:
            rejected_by_schema += 1

    print(f"{len(valid)} valid files accepted; {rejected_by_schema} invalid fixtures rejected by schema and "
          f"loader, {len(BEYOND_SCHEMA)} by the loader only")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
