#!/usr/bin/env python3
"""Regenerates the default theme's web fonts (theme/fonts/*.woff2) and their coverage list.

A maintainer's tool, never run by a build or by CI: the fonts it writes are committed. It needs
`npm` and Python's fontTools with Brotli (`pip install fonttools brotli`). It

1. fetches the pinned fontsource npm packages into a temporary folder (`npm pack`),
2. merges each face's `latin` and `latin-ext` files into one font,
3. subsets it to the characters a report in English, French, Dutch or German needs (CHARACTERS),
4. renames Source Serif 4 to "Folio Serif": its licence reserves the name "Source" for the
   unmodified font, and a subset is a modified version,
5. writes theme/fonts/<face>.woff2, the licences, and tools/fonts/coverage.txt: the code points
   every face covers, which tests/testsuite/fonts.rs checks the built dissertation site against.

Run from anywhere: `python3 tools/fonts/subset.py`.
"""

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "theme", "fonts")
COVERAGE = os.path.join(ROOT, "tools", "fonts", "coverage.txt")

PACKAGES = {"serif": "@fontsource/source-serif-4@5.3.1", "sans": "@fontsource/inter@5.3.0"}

# (output file, package, fontsource file stem, weight, style)
FACES = [
    ("folio-serif-400.woff2", "serif", "source-serif-4", 400, "normal"),
    ("folio-serif-400-italic.woff2", "serif", "source-serif-4", 400, "italic"),
    ("folio-serif-600.woff2", "serif", "source-serif-4", 600, "normal"),
    ("inter-400.woff2", "sans", "inter", 400, "normal"),
    ("inter-600.woff2", "sans", "inter", 600, "normal"),
]

# Basic Latin, Latin-1, Latin Extended-A (French œ, Dutch ĳ, Central European names), the
# spacing accents, capital sharp s, general punctuation (dashes, quotes, ellipsis, thin and
# narrow no-break spaces), the euro and trade mark signs, the minus and the fraction slash.
CHARACTERS = [
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x0192, 0x0192), (0x02C6, 0x02C7), (0x02D8, 0x02DD),
    (0x1E9E, 0x1E9E), (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2212, 0x2212),
    (0x2215, 0x2215),
]

# Blocks of symbols that the theme leaves to the reader's system fonts (browsers fall back per
# character): arrows, circled numbers, geometric shapes. Text outside the covered characters and
# these blocks fails the coverage test.
SYSTEM = [(0x2190, 0x21FF), (0x2460, 0x24FF), (0x25A0, 0x25FF)]

LAYOUT_FEATURES = "kern,liga,clig,calt,ccmp,locl,mark,mkmk,tnum,pnum,lnum,onum,frac,numr,dnom,case"

RENAMES = {"Source Serif 4": "Folio Serif", "SourceSerif4": "FolioSerif"}


def fetch(workdir):
    """npm-packs the pinned packages and unpacks each into workdir/<key>."""
    for key, spec in PACKAGES.items():
        out = subprocess.run(["npm", "pack", "--silent", spec], cwd=workdir, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(os.path.join(workdir, out)) as tar:
            tar.extractall(os.path.join(workdir, key), filter="data")


def merged(workdir, package, stem, weight, style):
    """One TrueType font from the face's latin and latin-ext files, dated as the package's."""
    parts = []
    stamp = None
    for subset_name in ("latin", "latin-ext"):
        path = os.path.join(workdir, package, "package", "files",
                            f"{stem}-{subset_name}-{weight}-{style}.woff2")
        font = TTFont(path, recalcTimestamp=False)
        stamp = stamp or (font["head"].created, font["head"].modified)
        font.flavor = None
        plain = os.path.join(workdir, f"{stem}-{subset_name}-{weight}-{style}.ttf")
        font.save(plain)
        parts.append(plain)
    font = Merger().merge(parts)
    font.recalcTimestamp = False
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    font = TTFont(buffer, recalcTimestamp=False)
    font["head"].created, font["head"].modified = stamp
    return font


def rename(font):
    for record in font["name"].names:
        if record.nameID in (0, 7, 13, 14):  # copyright, trademark, licence: kept as they are
            continue
        text = record.toUnicode()
        for old, new in RENAMES.items():
            text = text.replace(old, new)
        record.string = text


def unicodes():
    return [c for lo, hi in CHARACTERS for c in range(lo, hi + 1)]


def ranges(points):
    points = sorted(points)
    out, start, prev = [], None, None
    for p in points:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            out.append((start, prev))
            start = prev = p
    if start is not None:
        out.append((start, prev))
    return " ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in out)


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = [
        "# Written by tools/fonts/subset.py; read by tests/testsuite/fonts.rs. Do not edit by hand.",
        "# font <file under theme/fonts/> <size in bytes> <code points it maps>",
        "# system <blocks left to the reader's system fonts>",
    ]
    with tempfile.TemporaryDirectory() as workdir:
        fetch(workdir)
        for name, package, stem, weight, style in FACES:
            font = merged(workdir, package, stem, weight, style)
            options = subset.Options()
            options.layout_features = LAYOUT_FEATURES.split(",")
            options.hinting = False
            options.flavor = "woff2"
            options.name_IDs = ["*"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes())
            subsetter.subset(font)
            if package == "serif":
                rename(font)
            font.recalcTimestamp = False  # same input, same bytes
            target = os.path.join(OUT, name)
            subset.save_font(font, target, options)
            covered = set(font.getBestCmap())
            lines.append(f"font {name} {os.path.getsize(target)} {ranges(covered)}")
        shutil.copy(os.path.join(workdir, "serif", "package", "LICENSE"),
                    os.path.join(OUT, "OFL-folio-serif.txt"))
        shutil.copy(os.path.join(workdir, "sans", "package", "LICENSE"), os.path.join(OUT, "OFL-inter.txt"))
    lines.append("system " + " ".join(f"U+{a:04X}-{b:04X}" for a, b in SYSTEM))
    with open(COVERAGE, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, face[0])) for face in FACES)
    print(f"wrote {len(FACES)} fonts ({total} bytes) to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
