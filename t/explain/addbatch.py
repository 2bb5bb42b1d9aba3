#!/usr/bin/env python3
"""Split one batch of newly collected real cases into the corpus and the held-out slice.

A batch file (t/explain/new/NN.txt) holds cases separated by header lines
    === slug | category | stage | tool | source URL | cause (optional)
followed by the pasted output, cut to the error, with account ids, key ids
and request ids replaced by placeholders of the same shape. The split draws
20% of the batch at random with the seed given on the command line (recorded
in t/explain/heldout/SEEDS): those go to t/explain/heldout/, the rest to
t/explain/corpus/ (file names r<batch>-<n>-<slug>.log, index real.tsv).
Usage: t/explain/addbatch.py t/explain/new/NN.txt SEED
"""
import os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
path, seed = sys.argv[1], int(sys.argv[2])
batch = os.path.splitext(os.path.basename(path))[0]
cases, cur = [], None
for line in open(path, encoding="utf-8"):
    if line.startswith("=== ") and line.count(" | ") >= 4:
        f = [x.strip() for x in line[4:].rstrip("\n").split(" | ")]
        if len(f) < 5:
            sys.exit(f"{path}: bad header: {line!r}")
        cur = [f[0], f[1], f[2], f[3], f[4], f[5] if len(f) > 5 else "", ""]
        cases.append(cur)
    elif cur is not None:
        cur[6] += line
rng = random.Random(seed)
idx = list(range(len(cases)))
held = set(rng.sample(idx, round(len(cases) * 0.2)))
for i, (slug, cat, stage, tool, src, cause, text) in enumerate(cases, 1):
    d = "heldout" if i - 1 in held else "corpus"
    name = f"r{batch}-{i:02d}-{slug}.log"
    with open(os.path.join(here, d, name), "w", encoding="utf-8") as fh:
        fh.write(text.strip("\n") + "\n")
    with open(os.path.join(here, d, "real.tsv"), "a", encoding="utf-8") as fh:
        fh.write(f"{name}\t{cat}\t{stage}\t{tool}\t{src}\t{cause}\n")
with open(os.path.join(here, "heldout", "SEEDS"), "a") as fh:
    fh.write(f"{batch}\tseed {seed}\t{len(cases)} cases\t{len(held)} held out\n")
print(f"{batch}: {len(cases)} cases, {len(held)} held out")
