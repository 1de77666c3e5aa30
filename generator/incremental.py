"""``pia build --incremental``: rebuild only the pages whose inputs changed.

The build cache (``.pia-cache/state.json`` next to the site) records, for the last
successful build:

* ``environment``: a hash of everything that shapes every page (mkdocs.yml, theme/,
  docs/site-pages/, the generator's code and templates, the build time stamp). If it
  differs, the build is a full one.
* ``assessments``: per assessment, a fingerprint of everything its page and downloads are
  made of — the file's bytes (its normalized values are made from them alone), the URLs of
  the laws and provisions it links to, its contractors and the name of its agency (the
  dependency record of an assessment page). An unchanged fingerprint
  means its Markdown, YAML and JSON are reused from the previous content/ without rendering.
* ``pages``: per home, entity, list and index page, a fingerprint of its context (the
  value its template renders); an unchanged one keeps its Markdown without rendering.
  The contexts of the home, list and index pages are made every time (they are what
  changes when another assessment changes). An entity's pages are also recorded under
  ``<url>#inputs`` with a fingerprint of everything they are made from (`EntityInputs`):
  when that is the same, they are kept without making their contexts at all.
* ``files``: the SHA-256 of every file of content/; only the files whose bytes changed go
  through MkDocs.

Next to it, ``.pia-cache/files/`` keeps each catalogue file's own validation and
normalization results by the SHA-256 of its bytes (generator/filecache.py, with its own
environment hash), so an unchanged file is neither parsed, validated nor normalized again;
the catalogue-wide rules and merge still run over all files.

Exactness: a page's HTML is a function of its Markdown, the nav, mkdocs.yml and the theme
only (generator/partitions.py relies on the same fact), so running MkDocs on exactly the
Markdown files whose bytes changed yields the same site as a full build. The search index
is the exception: it is updated for the changed documents with the statistics of the last
full index (generator/search/delta.py), so its ranking may differ slightly from a full
build's until the next one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.catalogue import (
    AssessmentEntry,
    CitationUse,
    ContractorEvent,
    Holding,
    SystemUse,
)
from generator.forked import can_fork
from generator.render.links import SiteMap
from generator.write import empty_trash

PROJECT = Path(__file__).resolve().parents[1]
LOWEST_PRIORITY = 19  # os.nice increment: the background removal of old trees
STATE_VERSION = 3  # 2: fingerprints hash the file's bytes, not its text; 3: page contexts
# What shapes pages and downloads (the importer, validator and search index builder do not:
# the search index checks its own code, generator/search/snapshot.py).
ENVIRONMENT_INPUTS = (
    "mkdocs.yml",
    "theme",
    "docs/site-pages",
    "CONTRIBUTING.md",
    "generator/build.py",
    "generator/opendata.py",
    "generator/partitions.py",
    "generator/catalogue",
    "generator/load",
    "generator/model",
    "generator/normalize",
    "generator/render",
)


@dataclass(frozen=True)
class State:
    environment: str  # environment_hash() of the build
    assessments: dict[str, str]
    files: dict[str, str]
    pages: dict[str, str]  # content file → context_fingerprint() of the page


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def environment_hash(epoch: int, root: Path = PROJECT) -> str:
    digest = hashlib.sha256(f"{STATE_VERSION}:{epoch}".encode())
    for name in ENVIRONMENT_INPUTS:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(file.read_bytes())
    return digest.hexdigest()


def assessment_fingerprint(entry: AssessmentEntry, site: SiteMap) -> str:
    """What the assessment's page and downloads depend on (see the module docstring).

    An entry's own values (title, dates, refs, citations, system and contractor slugs) are
    made from its file alone (tests/site/test_entity_inputs.py checks it), so the file's
    SHA-256 stands for them; encoding them too took 5 s of every build at 60,000
    assessments. Besides, the page reads of the site map its agency's name and the URLs of
    the laws and provisions it cites (each of its links to one is a citation's), whose
    slugs other files may give (a provision's is that of its first citation in the
    catalogue).
    """
    cited = [
        (site.provisions.get(u.provision or ""), site.laws.get(u.law or ""))
        for u in entry.citations
    ]
    values = (site.agency_names[entry.agency_slug], cited, entry.contractor_slugs)
    return sha256(entry.source.digest.encode("ascii") + b"\0" + _json(values).encode("utf-8"))


_json = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


SEPARATOR = "\x1e"  # between the pieces of JSON `EntityInputs` hashes
SLICE = 512  # items of a long sequence encoded at once
# The catalogue's values made from one assessment's file alone (generator/catalogue/extract.py,
# history.py `contractor_changes`, gather.py `_systems`): functions of the file's bytes.
PER_FILE_USES = SystemUse | Holding | ContractorEvent | CitationUse


def _per_file_uses(values: tuple[object, ...] | list[object]) -> bool:
    if not values or not isinstance(values[0], PER_FILE_USES):
        return False
    return len(set(map(type, values))) == 1  # one kind; in C (a law has 300,000 uses)


def _entries(values: tuple[object, ...] | list[object]) -> bool:
    """Whether the values are entries (dataclasses other than uses) to hash one by one."""
    return bool(values) and all(
        dataclasses.is_dataclass(value) and not isinstance(value, type | PER_FILE_USES)
        for value in values
    )


class EntityInputs:
    """Fingerprints of what an entity's pages are made from (the page function and its
    arguments: generator/render/entities.py `EntityGroup`), so that an unchanged entity
    keeps its pages without making their contexts: at 60,000 assessments the contexts of
    the entity pages (a row per use, two relative links each) and their fingerprints were
    most of an incremental build's page stage, for pages of which a one-file change
    reaches a few dozen.

    The fingerprint covers the page function and every argument it is called with (the
    entity's entry, encoded field by field by the C JSON encoder, and the other
    arguments), and what the function reads of the site map besides: for every
    assessment an argument names (``assessment_id``, ``assessment_ids``), the SHA-256 of
    its file, of which its title, number, kind and dates are a function; for every
    agency it names (``agency_slug``), the agency's name. An object of any other kind
    than those stops the build (TypeError) rather than be left out.

    A use (`PER_FILE_USES`: a system's use, a contractor's holding or event, a citation)
    is made from its assessment's file alone, so it goes in as that file's SHA-256 and
    its agency's name, the site-map reads its row makes, instead of its fields: encoding
    every use of every entity took half of an incremental build's page stage at 60,000
    assessments (tests/site/test_entity_inputs.py checks that uses are per file).

    The JSON is hashed in pieces (`_feed`), never made whole: a law's entry holds every
    citation of the law, 300,000 at 60,000 assessments, and encoded at once it took
    hundreds of megabytes in each page process.
    """

    def __init__(self, site: SiteMap) -> None:
        self.site = site
        self._shared: dict[int, str] = {}  # id of a mapping many entities are given → hash
        self._encode = json.JSONEncoder(
            ensure_ascii=False, check_circular=False, separators=(",", ":"), default=self._fields
        ).encode

    @functools.cached_property
    def _files(self) -> dict[str, str]:
        """Assessment id → what a use of it reads: its file's SHA-256 and its agency's name
        (a use's agency is its assessment's)."""
        names = self.site.agency_names
        return {
            i: f"{a.source.digest}{self._encode(names.get(a.agency_slug))}{SEPARATOR}"
            for i, a in self.site.assessments.items()
        }

    def fingerprint(self, make: functools.partial[object]) -> str:
        digest = hashlib.sha256(f"{make.func.__module__}.{make.func.__qualname__}".encode())
        for value in make.args:
            self._feed(digest, self._argument(value))
        for name, value in sorted(make.keywords.items()):
            digest.update(f"{SEPARATOR}={name}".encode())
            self._feed(digest, self._argument(value))
        return digest.hexdigest()

    def _feed(self, digest: hashlib._Hash, value: object) -> None:
        """Hash the JSON of ``value``: an entry field by field, a sequence of entries entry
        by entry, uses by their files, a long sequence in slices of `SLICE` items, anything
        else whole; each piece after a separator (JSON escapes control characters, so no
        piece holds one)."""
        is_entry = dataclasses.is_dataclass(value) and not isinstance(value, type)
        if is_entry and not isinstance(value, PER_FILE_USES):
            name, fields, read = self._fields(value)
            digest.update(f"{SEPARATOR}{{{name}".encode())
            for field_name, field_value in fields.items():
                digest.update(f"{SEPARATOR}.{field_name}".encode())
                self._feed(digest, field_value)
            digest.update(f"{SEPARATOR}:{self._encode(read)}}}".encode())
        elif isinstance(value, tuple | list) and _per_file_uses(value):
            files = self._files
            digest.update(f"{SEPARATOR}<{type(value[0]).__qualname__}".encode())
            digest.update("".join([files[use.assessment_id] for use in value]).encode())
        elif isinstance(value, tuple | list) and _entries(value):
            digest.update(f"{SEPARATOR}(".encode())  # a law's provisions, each with its uses
            for item in value:
                self._feed(digest, item)
            digest.update(f"{SEPARATOR})".encode())
        elif isinstance(value, tuple | list) and len(value) > SLICE:
            digest.update(f"{SEPARATOR}[".encode())
            for start in range(0, len(value), SLICE):
                digest.update(f"{SEPARATOR}{self._encode(value[start : start + SLICE])}".encode())
            digest.update(f"{SEPARATOR}]".encode())
        else:
            digest.update(f"{SEPARATOR}{self._encode(value)}".encode())

    def _argument(self, value: object) -> object:
        if value is self.site:
            return "site"
        if isinstance(value, dict):  # the system names, given to every agency: hashed once
            if id(value) not in self._shared:
                self._shared[id(value)] = sha256(self._encode(value).encode("utf-8"))
            return self._shared[id(value)]
        return value

    def _fields(self, value: object) -> list[object]:
        if isinstance(value, PER_FILE_USES):
            return [type(value).__qualname__, self._files[value.assessment_id]]
        fields = vars(value)  # TypeError for an object without fields: never left out
        read: list[object] = []
        if "assessment_id" in fields:
            read.append(self.site.assessments[fields["assessment_id"]].source.digest)
        if "assessment_ids" in fields:
            read.append([self.site.assessments[i].source.digest for i in fields["assessment_ids"]])
        if "agency_slug" in fields:
            read.append(self.site.agency_names.get(fields["agency_slug"]))
        return [type(value).__qualname__, fields, read]


def context_fingerprint(page: object) -> str:
    """What a page rendered from a context (generator/render/context.py) depends on besides
    the templates: the context's value. Contexts are frozen dataclasses of strings, numbers
    and tuples, whose repr shows every field."""
    return sha256(repr(page).encode("utf-8"))


def has_state(cache: Path) -> bool:
    return (cache / "state.json").is_file()


def load_state(cache: Path) -> State | None:
    try:
        data = json.loads((cache / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != STATE_VERSION:
        return None
    return State(data["environment"], data["assessments"], data["files"], data["pages"])


def save_state(cache: Path, state: State) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    data = {
        "version": STATE_VERSION,
        "environment": state.environment,
        "assessments": state.assessments,
        "files": state.files,
        "pages": state.pages,
    }
    temporary = cache / "state.json.tmp"
    temporary.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), "utf-8")
    os.replace(temporary, cache / "state.json")


class Background:
    """File-system work that needs no catalogue: a function run in a forked process while
    the build goes on (at once where processes cannot be forked), with ``lowest_priority``
    at os.nice 19."""

    def __init__(
        self, work: Callable[..., None], *args: object, lowest_priority: bool = False
    ) -> None:
        self._process: BaseProcess | None = None
        self._done = True
        if not can_fork():
            work(*args)
            return
        target = functools.partial(_at_lowest_priority, work) if lowest_priority else work
        self._process = multiprocessing.get_context("fork").Process(
            target=target, args=args, daemon=True
        )
        self._process.start()

    def wait(self) -> bool:
        """Wait for the work to end; whether all of it was done."""
        if self._process is not None:
            self._process.join()
            self._done = self._process.exitcode == 0
            # its pipe is closed here, not by a finalizer whenever the object is collected
            # (a SIGTERM during a finalizer is only printed, not raised)
            self._process.close()
            self._process = None
        return self._done

    def stop(self) -> None:
        """End the work now, done or not (the build failed)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        self.wait()


def _at_lowest_priority(work: Callable[..., None], *args: object) -> None:
    os.nice(LOWEST_PRIORITY)
    work(*args)


@contextlib.contextmanager
def emptying_trash(trash: Path) -> Iterator[None]:
    """Remove the trees earlier builds left in ``trash`` (generator/write.py
    `discard_tree`: the search index an incremental build replaced) in the background, at
    the lowest CPU priority, while the body runs; wait for it at the end, or stop it if
    the body fails.

    The removal is work no stage of this build needs: at the lowest priority it takes
    the time the build leaves a core idle instead of slowing the stages, which share
    both cores."""
    work = Background(_empty_trash_quietly, trash, lowest_priority=True)
    try:
        yield
        work.wait()
    finally:
        work.stop()


def _empty_trash_quietly(trash: Path) -> None:
    try:
        empty_trash(trash)
    except KeyboardInterrupt:  # Background.stop: the rest waits for the next build
        sys.exit(1)


def file_hashes(
    locate: Callable[[str], Path], files: Iterable[str], known: dict[str, str]
) -> dict[str, str]:
    """SHA-256 of each file (found by ``locate``), reusing ``known`` for files that were
    kept, not rewritten."""
    return {f: known[f] if f in known else sha256(locate(f).read_bytes()) for f in files}
