#!/usr/bin/env python3
"""Checks the classifier's training corpus files and prints counts per category and kind.

Each file Sources/SiangCore/Resources/classifier/corpus/<category>.tsv starts with the header
`category<TAB>kind<TAB>text` and holds only texts of its own category. Categories come from the
default taxonomy and kinds from the Kind enum, so a file that names anything else fails here, before
the classifier is trained on it. A text must not repeat the seed corpus or another corpus text (a
repeated text adds weight, not variety) and must hold no long digit run (a phone or ID number).

Usage: scripts/check-classifier-corpus.py   (exit 1 on any problem)
"""
import collections
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
resources = root / "Sources/SiangCore/Resources"
taxonomy = (resources / "defaults/taxonomy.yaml").read_text(encoding="utf-8")
categories = set(re.findall(r"^\s*- code: (\w+)", taxonomy, re.M))
kind_source = (root / "Sources/SiangCore/Case/Kind.swift").read_text(encoding="utf-8")
kinds = {k.strip() for k in re.search(r"^\s*case ([a-z, ]+)$", kind_source, re.M).group(1).split(",")}
header = "category\tkind\ttext"


def rows(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


problems = []
seen = {}
for line in rows(resources / "classifier/seed-corpus.tsv")[1:]:
    seen[line.split("\t")[-1]] = "seed-corpus.tsv"

per_category = collections.Counter()
per_kind = collections.Counter()
for path in sorted((resources / "classifier/corpus").glob("*.tsv")):
    lines = rows(path)
    if not lines or lines[0] != header:
        problems.append(f"{path.name}: the first line must be the header {header!r}")
    for number, line in enumerate(lines[1:], start=2):
        where = f"{path.name}:{number}"
        fields = line.split("\t")
        if len(fields) != 3 or "\r" in line:
            problems.append(f"{where}: needs exactly three tab-separated fields")
            continue
        category, kind, text = fields
        if category != path.stem:
            problems.append(f"{where}: category {category!r} in the file of {path.stem!r}")
        if category not in categories:
            problems.append(f"{where}: {category!r} is no category of the taxonomy")
        if kind not in kinds:
            problems.append(f"{where}: {kind!r} is no kind")
        if not text.strip() or text != text.strip():
            problems.append(f"{where}: the text is empty or has surrounding spaces")
        if re.search(r"\d{9,}", text):
            problems.append(f"{where}: a long digit run looks like a phone or ID number")
        if text in seen:
            problems.append(f"{where}: the text repeats {seen[text]}")
        seen[text] = where
        per_category[category] += 1
        per_kind[kind] += 1

for category in sorted(categories):
    print(f"{category:16} {per_category[category]:5}")
print("  ".join(f"{kind} {per_kind[kind]}" for kind in sorted(kinds)), f" total {sum(per_kind.values())}")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
