#!/usr/bin/env python3
"""docs/cli.md is what scripts/gen-cli-doc makes from the built binary's help text.

Regenerates the page from the binary under test and compares it with the committed one; on a
difference it prints a unified diff and says how to refresh the page.

Usage: cli_doc_test.py PATH/TO/argraph   (run from the project's root, as CTest does)
"""
import difflib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    proc = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "gen-cli-doc"), "--binary", binary, "--output", "-"],
        capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"FAIL: scripts/gen-cli-doc exited {proc.returncode}:\n{proc.stderr}")
        return 1
    generated = proc.stdout
    committed_path = os.path.join(ROOT, "docs", "cli.md")
    if not os.path.isfile(committed_path):
        print("FAIL: docs/cli.md does not exist; run scripts/gen-cli-doc")
        return 1
    with open(committed_path, encoding="utf-8") as f:
        committed = f.read()
    if generated != committed:
        diff = difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                    "docs/cli.md (committed)", "docs/cli.md (from the binary)")
        sys.stdout.writelines(diff)
        print("FAIL: docs/cli.md is out of date with the binary's help; run scripts/gen-cli-doc")
        return 1
    print(f"docs/cli.md matches the help text ({len(committed.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
