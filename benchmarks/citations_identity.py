"""The citation parser of this checkout gives the same results as a reference checkout.

    git worktree add /tmp/ref <commit>
    python -m benchmarks.citations_identity --catalogue DIR --reference /tmp/ref

Every string field of every assessment of DIR is parsed both ways: as prose
(find_citations, with and without the document's definitions) and as a legal-basis field
(parse_legal_basis, with the I-5, I-6 and no context article), plus the calls the build itself
makes and, with --text FILE, every paragraph and line of FILE. Both sides run in a child process
(PYTHONPATH set to their checkout) on the same pickled inputs; the report gives the number of
calls compared, the CPU seconds of each side and the first differences. Exit status 1 if any.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

Call = tuple[str, str, dict[str, Any]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, required=True)
    parser.add_argument("--reference", type=Path, required=True, help="reference checkout")
    parser.add_argument("--text", type=Path, action="append", default=[])
    args = parser.parse_args()
    calls = unique(record(args.catalogue) + text_calls(args.text))
    with tempfile.TemporaryDirectory() as work:
        inputs = Path(work) / "calls.pkl"
        inputs.write_bytes(pickle.dumps(calls))
        reference = run_side(args.reference, inputs, Path(work) / "reference.pkl")
        current = run_side(Path.cwd(), inputs, Path(work) / "current.pkl")
    differ = [i for i, (a, b) in enumerate(zip(reference, current, strict=True)) if a != b]
    print(f"{len(calls)} calls compared, {len(differ)} differ")
    for i in differ[:5]:
        kind, text, kwargs = calls[i]
        print(f"{kind} {text[:120]!r} {kwargs.get('context_article')}")
        print(f"  reference: {reference[i]}\n  current:   {current[i]}")
    return 1 if differ else 0


def record(catalogue: Path) -> list[Call]:
    """The build's own calls, then every string field as prose and as a legal basis."""
    from generator.build import gather
    from generator.catalogue import build_catalogue
    from generator.catalogue import extract as ex

    calls: list[Call] = []
    find, parse = ex.find_citations, ex.parse_legal_basis
    ex.find_citations = lambda text, **kw: calls.append(("find", text, kw)) or find(text, **kw)
    ex.parse_legal_basis = lambda text, **kw: calls.append(("parse", text, kw)) or parse(text, **kw)
    try:
        sources = gather(catalogue, False, lambda _: None)
        build_catalogue(sources)
    finally:
        ex.find_citations, ex.parse_legal_basis = find, parse
    for source in sources:
        assessment = source.unpack()
        all_leaves = list(ex.leaves(assessment))
        definitions = ex.extract_definitions("\n".join(ex.plain_text(x.value) for x in all_leaves))
        body = ex.agency_of(assessment.cover.agency).body
        texts = [x.value for x in all_leaves if isinstance(x.value, str) and x.value.strip()]
        calls.extend(field_calls(texts, body, definitions))
    return calls


def field_calls(texts: list[str], body: str | None, definitions: dict[str, str]) -> list[Call]:
    calls: list[Call] = []
    for text in texts:
        calls.append(("find", text, {"body": body, "definitions": definitions}))
        calls.append(("find", text, {}))
        for article in ("9", "19", None):
            context = {"context_law": "mynumber_act", "context_article": article}
            calls.append(("parse", text, {**context, "body": body, "definitions": definitions}))
    return calls


def text_calls(paths: list[Path]) -> list[Call]:
    calls: list[Call] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for part in [*text.split("\n\n"), *text.splitlines()]:
            if part.strip():
                calls.extend([("find", part, {}), ("parse", part, {})])
    return calls


def unique(calls: list[Call]) -> list[Call]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for kind, text, kwargs in calls:
        key = (kind, text, repr(sorted(kwargs.items())))
        if key not in seen:
            seen.add(key)
            kept.append((kind, text, kwargs))
    return kept


def run_side(checkout: Path, inputs: Path, output: Path) -> list[Any]:
    command = [sys.executable, __file__, "--run", str(inputs), str(output)]
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    subprocess.run(command, cwd=checkout, env=env, check=True)
    return pickle.loads(output.read_bytes())


def run_calls(inputs: Path, output: Path) -> None:
    """In the child: parse every call with the checkout on PYTHONPATH; exceptions are results."""
    import time

    from generator.normalize.citations import find_citations, parse_legal_basis

    calls: list[Call] = pickle.loads(inputs.read_bytes())
    started, results = time.process_time(), []
    for kind, text, kwargs in calls:
        function = find_citations if kind == "find" else parse_legal_basis
        try:
            results.append(function(text, **kwargs))
        except Exception as error:  # a failure must fail on both sides alike
            results.append(("error", type(error).__name__, str(error)))
    checkout = Path(sys.modules[find_citations.__module__].__file__ or "").parents[3]
    print(f"{checkout}: {len(calls)} calls, {time.process_time() - started:.2f} s CPU")
    output.write_bytes(pickle.dumps(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        run_calls(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main())
