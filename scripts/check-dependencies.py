#!/usr/bin/env python3
"""Checks that every target's declared dependencies equal the modules its sources import.

A module imported but not declared builds only by accident (another target pulled it in);
a dependency declared but never imported slows the build and misleads the reader. Reads the
manifest with `swift package dump-package`; system modules (Foundation, Glibc, Testing, ...)
need no declaration. Exits 1 and lists every difference.
"""
import json
import os
import re
import subprocess
import sys

SYSTEM = {
    "Foundation", "FoundationNetworking", "FoundationEssentials", "Glibc", "Darwin", "Musl", "Dispatch", "Synchronization",
    "Testing", "XCTest", "Swift", "_Concurrency", "CoreFoundation", "os", "WASILibc", "Android", "Bionic", "ucrt", "WinSDK",
}
IMPORT = re.compile(r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def imports(text):
    """The modules a Swift file imports, skipping lines inside multi-line string literals."""
    modules, in_string = set(), False
    for line in text.splitlines():
        if not in_string:
            match = IMPORT.match(line)
            if match:
                modules.add(match.group(1))
        if line.count('"""') % 2 == 1:
            in_string = not in_string
    return modules


def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


def imported(directory):
    modules = set()
    for root, _, files in os.walk(directory):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(root, name), encoding="utf-8") as source:
                    modules.update(imports(source.read()))
    return modules - SYSTEM


def check(root, problems):
    """Adds the differences of the package at `root` to `problems`; returns its target count."""
    manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True).stdout)
    for target in manifest["targets"]:
        default = "Tests" if target["type"] == "test" else "Sources"
        directory = os.path.join(root, target.get("path") or os.path.join(default, target["name"]))
        if not any(name.endswith(".swift") for _, _, files in os.walk(directory) for name in files):
            continue  # a C target
        uses, declares = imported(directory), declared(target)
        for module in sorted(uses - declares):
            problems.append(f"{target['name']}: imports {module} without declaring it")
        for module in sorted(declares - uses):
            problems.append(f"{target['name']}: declares {module} without importing it")
    return len(manifest["targets"])


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = []
    # The package and the fuzz targets' package (Fuzz/, built apart by scripts/fuzz.sh).
    count = check(root, problems) + check(os.path.join(root, "Fuzz"), problems)
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print(f"dependencies: every target declares exactly what it imports ({count} targets, Fuzz/ included)")


if __name__ == "__main__":
    main()
