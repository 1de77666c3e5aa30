"""An assessment's fingerprint changes with everything its page and downloads show, and
with nothing else (`pia build --incremental` keeps the page when it is the same)."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import PROJECT, gather
from generator.catalogue import AssessmentEntry, Catalogue, build_catalogue
from generator.catalogue.values import Ref, RefKind
from generator.incremental import assessment_fingerprint
from generator.render.links import SiteMap
from tests.site.conftest import SMALL_CATALOGUE


def catalogue_in(directory: Path) -> Catalogue:
    with contextlib.redirect_stdout(io.StringIO()):
        sources = gather(directory, strict=False, say=lambda _: None)
    return build_catalogue(sources)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return catalogue_in(SMALL_CATALOGUE)


@pytest.fixture(scope="module")
def entry_and_site(catalogue: Catalogue) -> tuple[AssessmentEntry, SiteMap]:
    entry = next(a for a in catalogue.assessments if a.citations and a.refs)
    return entry, SiteMap.of(catalogue)


@pytest.mark.parametrize("directory", [SMALL_CATALOGUE, PROJECT / "catalogue"])
def test_a_link_to_a_law_or_provision_is_one_of_the_citations(directory: Path) -> None:
    """Why the fingerprint counts the URLs of an entry's citations and not of its links."""
    linked_somewhere = 0
    for entry in catalogue_in(directory).assessments:
        cited = {(RefKind.PROVISION, u.provision) for u in entry.citations if u.provision}
        cited |= {(RefKind.LAW, u.law) for u in entry.citations if u.law and not u.provision}
        links = [r for refs in entry.refs.values() for r in refs]
        linked = {(r.kind, r.key) for r in links if r.kind in (RefKind.LAW, RefKind.PROVISION)}
        assert linked == cited
        linked_somewhere += len(linked)
    assert linked_somewhere > 0


def _first_ref(entry: AssessmentEntry, kind: RefKind) -> tuple[str, int]:
    return next(
        (anchor, i)
        for anchor, refs in sorted(entry.refs.items())
        for i, ref in enumerate(refs)
        if ref.kind == kind
    )


def _with_ref(entry: AssessmentEntry, anchor: str, i: int, ref: Ref) -> AssessmentEntry:
    refs = dict(entry.refs)
    refs[anchor] = (*refs[anchor][:i], ref, *refs[anchor][i + 1 :])
    return dataclasses.replace(entry, refs=refs)


def test_an_equal_entry_on_an_equal_site_has_the_same_fingerprint(entry_and_site) -> None:
    entry, site = entry_and_site
    copy = dataclasses.replace(entry, refs=dict(entry.refs), citations=tuple(entry.citations))
    assert assessment_fingerprint(copy, dataclasses.replace(site)) == assessment_fingerprint(
        entry, site
    )


def test_the_fingerprint_is_the_same_in_another_process(entry_and_site) -> None:
    """No set or hash order reaches it (Python salts str hashes per process)."""
    entry, site = entry_and_site
    script = (
        "import contextlib, io\n"
        "from generator.build import PROJECT, gather\n"
        "from generator.catalogue import build_catalogue\n"
        "from generator.incremental import assessment_fingerprint\n"
        "from generator.render.links import SiteMap\n"
        "from tests.site.conftest import SMALL_CATALOGUE\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    sources = gather(SMALL_CATALOGUE, strict=False, say=lambda _: None)\n"
        "catalogue = build_catalogue(sources)\n"
        "site = SiteMap.of(catalogue)\n"
        f"entry = next(a for a in catalogue.assessments if a.id == {entry.id!r})\n"
        "print(assessment_fingerprint(entry, site))\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == assessment_fingerprint(entry, site)


@pytest.mark.parametrize(
    "change", ["file", "agency name", "provision url", "law url", "contractors"]
)
def test_the_fingerprint_changes_with_what_the_page_shows(entry_and_site, change) -> None:
    """The file's bytes, and what the page reads that other files may change."""
    entry, site = entry_and_site
    changed_entry, changed_site = entry, site
    if change == "file":
        source = dataclasses.replace(entry.source, digest="0" * 64)
        changed_entry = dataclasses.replace(entry, source=source)
    elif change == "agency name":
        names = {**site.agency_names, entry.agency_slug: "改名後の名前"}
        changed_site = dataclasses.replace(site, agency_names=names)
    elif change == "provision url":
        cited = next(u.provision for u in entry.citations if u.provision in site.provisions)
        provisions = {**site.provisions, cited: "laws/elsewhere/"}
        changed_site = dataclasses.replace(site, provisions=provisions)
    elif change == "law url":
        law = next(u.law for u in entry.citations if u.law in site.laws)
        changed_site = dataclasses.replace(site, laws={**site.laws, law: "laws/elsewhere/"})
    elif change == "contractors":
        slugs = (*entry.contractor_slugs, "new-contractor")
        changed_entry = dataclasses.replace(entry, contractor_slugs=slugs)
    assert assessment_fingerprint(changed_entry, changed_site) != assessment_fingerprint(
        entry, site
    )


def test_values_made_from_the_file_count_as_its_bytes(entry_and_site) -> None:
    """A title, a ref or a citation changes only with the file's bytes (a use and an entry
    are made from their file alone: tests/site/test_entity_inputs.py), whose SHA-256 the
    fingerprint holds; they are not encoded again."""
    entry, site = entry_and_site
    anchor, i = _first_ref(entry, RefKind.AGENCY)
    retitled = dataclasses.replace(entry, title=entry.title + "(改)")
    relabelled = _with_ref(entry, anchor, i, dataclasses.replace(entry.refs[anchor][i], label="x"))
    assert assessment_fingerprint(retitled, site) == assessment_fingerprint(entry, site)
    assert assessment_fingerprint(relabelled, site) == assessment_fingerprint(entry, site)
