"""What the CLI test scripts share: the argraph binary under test (argv[1]), running it, and collecting
failed expectations so a script reports all of them and exits 1 at the end. Not a test itself (CTest
runs only *_test.py); scripts import it from their own folder."""
import subprocess
import sys

BINARY = sys.argv[1]
failures = []


def run(*args, timeout=120, cwd=None):
    """Runs argraph with `args` (in folder `cwd`, else this one); the CompletedProcess with text stdout
    and stderr."""
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def expect(condition, what):
    """Records `what` as a failure unless `condition` holds."""
    if not condition:
        failures.append(what)


def finish():
    """Prints the failures and exits 1 if there were any; otherwise prints ok."""
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("ok")
