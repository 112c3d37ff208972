#!/usr/bin/env python3
"""Every YAML example in docs/format.md and docs/guide.md is what the docs say it is.

Each ```yaml block is written to a scratch folder and checked with `argraph check`: it must pass,
unless the line before its fence is an HTML comment marking it invalid,

    <!-- invalid: RULE-ID -->      `check` must exit 1 and name RULE-ID in its output

A block whose preceding comment names a file, `<!-- file: NAME.yaml -->`, is written under that name
(so later examples can import it); the others are written as example-N.yaml. Both marks may be
combined in one comment, separated by a comma: `<!-- file: bad.yaml, invalid: unknown-key -->`.

Usage: format_doc_test.py PATH/TO/argraph   (run from the project's root, as CTest does)
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = ["docs/format.md", "docs/guide.md"]
MARK = re.compile(r"<!--\s*(.*?)\s*-->")


def blocks(path):
    """(line number, marks, text) of every ```yaml block of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    result = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```yaml":
            start = i + 1
            marks = {}
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            m = MARK.fullmatch(lines[j].strip()) if j >= 0 else None
            if m:
                for part in m.group(1).split(","):
                    if ":" in part:
                        key, value = part.split(":", 1)
                        marks[key.strip()] = value.strip()
            end = start
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            result.append((start, marks, "\n".join(lines[start:end]) + "\n"))
            i = end + 1
        else:
            i += 1
    return result


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    failures = 0
    checked = 0
    for doc in DOCS:
        path = os.path.join(ROOT, doc)
        if not os.path.isfile(path):
            print(f"FAIL: {doc} does not exist")
            failures += 1
            continue
        found = blocks(path)
        with tempfile.TemporaryDirectory() as scratch:
            names = []
            for n, (line, marks, text) in enumerate(found):
                name = marks.get("file") or f"example-{n + 1}.yaml"
                with open(os.path.join(scratch, name), "w", encoding="utf-8") as f:
                    f.write(text)
                names.append(name)
            for (line, marks, text), name in zip(found, names):
                checked += 1
                proc = subprocess.run([binary, "check", name], capture_output=True, text=True, cwd=scratch)
                output = proc.stdout + proc.stderr
                where = f"{doc}:{line}"
                if "invalid" in marks:
                    rule = marks["invalid"]
                    if proc.returncode != 1:
                        print(f"FAIL: {where}: an invalid example, but check exited {proc.returncode}:\n{output}")
                        failures += 1
                    elif rule and f"[{rule}]" not in output:
                        print(f"FAIL: {where}: check did not report [{rule}]:\n{output}")
                        failures += 1
                elif proc.returncode != 0:
                    print(f"FAIL: {where}: check exited {proc.returncode}:\n{output}")
                    failures += 1
        print(f"{doc}: {len(found)} YAML examples")
    if failures:
        print(f"{failures} failure(s)")
        return 1
    print(f"{checked} examples checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
