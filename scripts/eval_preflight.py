"""Does `qujat preflight` agree with docxtpl? For every .docx under CORPUS_DIR: run `qujat preflight FILE` (the
CLI, as users do) and render the file with docxtpl itself (``service.preflight.trial_render``: the application's
Jinja environment, an empty record, a missing value rendering empty). Prints one row per file and the number of
disagreements: a file docxtpl renders but preflight flags (a false alarm), or one docxtpl fails on that
preflight passes (a miss).

    PYTHONPATH=$PWD .venv/bin/python scripts/eval_preflight.py ../shared/corpus/peer_tests [--mutations 4]

``--mutations N`` also breaks each template N ways per file (a tag's ``{{``, ``}}``, ``{%`` or ``%}`` dropped
or doubled in word/document.xml, at random places, seed 1) and compares both verdicts on every mutant (in
process: ``service.preflight.check_bytes``, as the command calls it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def preflight(path: Path) -> tuple[str, str]:
    """(verdict, first problem) of `qujat preflight PATH --format json`: pass | problem | unreadable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "preflight", str(path),
                           "--format", "json"], capture_output=True, text=True, timeout=300, env=env)
    if done.returncode == 0:
        return "pass", ""
    if done.returncode == 1:
        first = json.loads(done.stdout)[0]
        return "problem", f"{first['location']}: {first['code']}: {first['message']}"
    return "unreadable", (done.stderr.strip().splitlines() or ["?"])[-1]


def mutants(blob: bytes, count: int, rng: random.Random) -> list[tuple[str, bytes]]:
    """(what was changed, the template with one tag delimiter dropped or doubled)."""
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    marks = list(re.finditer(r"\{%|%\}|\}\}|\{\{", document))
    out = []
    for m in rng.sample(marks, min(count, len(marks))):
        for how, by in (("dropped", ""), ("doubled", m.group(0) * 2)):
            changed = document[:m.start()] + by + document[m.end():]
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, data in parts.items():
                    zf.writestr(name, changed.encode("utf-8") if name == "word/document.xml" else data)
            out.append((f"{m.group(0)!r} at {m.start()} {how}", buf.getvalue()))
    return out


def eval_mutants(files: list[Path], count: int) -> None:
    from service.preflight import check_bytes, trial_render
    from validators.errors import QujatError

    rng = random.Random(1)
    total = disagreements = failing = 0
    for path in files:
        for what, blob in mutants(path.read_bytes(), count, rng):
            renders = trial_render(blob) is None
            try:
                passes = not check_bytes(path.name, blob)
            except QujatError:
                passes = False
            total += 1
            failing += not renders
            if renders != passes:
                disagreements += 1
                print(f"DISAGREE {path.name}: {what}: docxtpl {'renders' if renders else 'fails'}, "
                      f"preflight {'passes' if passes else 'reports'}")
    print(f"mutants: {total} ({failing} docxtpl fails on); disagreements: {disagreements}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder searched for .docx files (recursively)")
    parser.add_argument("--mutations", type=int, default=0, help="mutants per template (0: none)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from service.preflight import trial_render

    files = sorted(p for p in args.corpus.rglob("*.docx") if p.is_file())
    if not files:
        print(f"no .docx under {args.corpus}", file=sys.stderr)
        return 2
    rows, disagreements = [], 0
    for path in files:
        failure = trial_render(path.read_bytes())
        rendered = "renders" if failure is None else "fails"
        verdict, said = preflight(path)
        agree = (rendered == "renders") == (verdict == "pass")
        disagreements += not agree
        rows.append((str(path.relative_to(args.corpus)), rendered, verdict, "" if agree else "DISAGREE",
                     said or (failure or "")))
    width = max(len(r[0]) for r in rows)
    print(f"{'template':<{width}}  {'docxtpl':<8} {'preflight':<10} {'':<8} what was said")
    for name, rendered, verdict, flag, said in rows:
        print(f"{name:<{width}}  {rendered:<8} {verdict:<10} {flag:<8} {said[:110]}")
    renders = sum(r[1] == "renders" for r in rows)
    passed = sum(r[2] == "pass" for r in rows)
    false_alarms = sum(r[1] == "renders" and r[2] != "pass" for r in rows)
    misses = sum(r[1] == "fails" and r[2] == "pass" for r in rows)
    print(f"\n{len(rows)} templates: docxtpl renders {renders}, fails on {len(rows) - renders}; "
          f"preflight passes {passed}, reports {len(rows) - passed}")
    print(f"disagreements: {disagreements} (preflight flags what docxtpl renders: {false_alarms}; "
          f"preflight passes what docxtpl fails on: {misses})")
    if args.mutations > 0:
        eval_mutants(files, args.mutations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
