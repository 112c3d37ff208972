#!/usr/bin/env python3
"""docs/essay.svg, the essay's diagram shown in README.md, is what `argraph render` draws today.

Renders arguments/absolute-difficulty.yaml again and compares the two SVGs by structure: the set of
node names (claims, objections, undercut points), the set of edges and the set of clusters. Labels
(credences move as the bundled numbers are tuned) and layout coordinates are not compared. When it fails after an intended change, run
    build/argraph render arguments/absolute-difficulty.yaml -o docs/essay.svg
Usage: docs_diagram_test.py ARGRAPH_BINARY   (CTest passes it; run from the source root)
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def structure(path):
    """(nodes, edges, clusters, labels) of a Graphviz SVG; labels maps a node to its text."""
    root = ET.parse(path).getroot()
    nodes, edges, clusters, labels = set(), set(), set(), {}
    for group in root.iter(SVG + "g"):
        kind = group.get("class")
        title = group.find(SVG + "title")
        if title is None or kind not in ("node", "edge", "cluster"):
            continue
        name = title.text or ""
        if kind == "node":
            nodes.add(name)
            labels[name] = " ".join(t.text or "" for t in group.iter(SVG + "text"))
        elif kind == "edge":
            edges.add(name)
        else:
            clusters.add(name)
    return nodes, edges, clusters, labels


def main():
    argraph = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as work:
        fresh = os.path.join(work, "essay.svg")
        run = subprocess.run([argraph, "render", "arguments/absolute-difficulty.yaml", "-o", fresh],
                             capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            print(f"FAIL: argraph render exited {run.returncode}: {run.stderr}")
            return 1
        committed = structure("docs/essay.svg")
        now = structure(fresh)
    for what, old, new in zip(("nodes", "edges", "clusters"), committed[:3], now[:3]):
        if old != new:
            failures.append(f"{what} differ: only in docs/essay.svg {sorted(old - new)}, "
                            f"only in the new render {sorted(new - old)}")
    if len(now[0]) < 10 or len(now[1]) < 10:
        failures.append(f"the essay's diagram is too small: {len(now[0])} nodes, {len(now[1])} edges")
    with open("README.md") as readme:
        if "docs/essay.svg" not in readme.read():
            failures.append("README.md does not show docs/essay.svg")
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        print("regenerate: build/argraph render arguments/absolute-difficulty.yaml -o docs/essay.svg")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
