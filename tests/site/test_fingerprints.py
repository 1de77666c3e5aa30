"""An assessment's fingerprint changes with everything its page and downloads show, and
with nothing else (`pia build --incremental` keeps the page when it is the same)."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import subprocess
import sys

import pytest

from generator.build import gather
from generator.catalogue import AssessmentEntry, build_catalogue
from generator.catalogue.values import Ref, RefKind
from generator.incremental import assessment_fingerprint
from generator.render.links import SiteMap
from tests.site.conftest import SMALL_CATALOGUE


@pytest.fixture(scope="module")
def entry_and_site() -> tuple[AssessmentEntry, SiteMap]:
    with contextlib.redirect_stdout(io.StringIO()):
        sources = gather(SMALL_CATALOGUE, strict=False, say=lambda _: None)
    catalogue = build_catalogue(sources)
    entry = next(a for a in catalogue.assessments if a.citations and a.refs)
    return entry, SiteMap.of(catalogue)


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
        "from generator.build import gather\n"
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
    "change",
    [
        "file",
        "title",
        "business",
        "ref label",
        "ref key",
        "citation provision",
        "citation role",
        "agency name",
        "provision url",
        "contractors",
    ],
)
def test_the_fingerprint_changes_with_what_the_page_shows(entry_and_site, change) -> None:
    entry, site = entry_and_site
    use = entry.citations[0]
    changed_entry, changed_site = entry, site
    if change == "file":
        source = dataclasses.replace(entry.source, digest="0" * 64)
        changed_entry = dataclasses.replace(entry, source=source)
    elif change == "title":
        changed_entry = dataclasses.replace(entry, title=entry.title + "(改)")
    elif change == "business":
        changed_entry = dataclasses.replace(entry, business=entry.business + "等")
    elif change in ("ref label", "ref key"):
        anchor, i = _first_ref(entry, RefKind.AGENCY)
        ref = entry.refs[anchor][i]
        field = "label" if change == "ref label" else "key"
        other = dataclasses.replace(ref, **{field: getattr(ref, field) + "x"})
        changed_entry = _with_ref(entry, anchor, i, other)
    elif change == "citation provision":
        other_use = dataclasses.replace(use, provision=f"{use.provision}:other")
        changed_entry = dataclasses.replace(entry, citations=(other_use, *entry.citations[1:]))
    elif change == "citation role":
        roles = [role for role in type(use.role) if role != use.role]
        other_use = dataclasses.replace(use, role=roles[0])
        changed_entry = dataclasses.replace(entry, citations=(other_use, *entry.citations[1:]))
    elif change == "agency name":
        names = {**site.agency_names, entry.agency_slug: "改名後の名前"}
        changed_site = dataclasses.replace(site, agency_names=names)
    elif change == "provision url":
        cited = next(u.provision for u in entry.citations if u.provision in site.provisions)
        provisions = {**site.provisions, cited: "laws/elsewhere/"}
        changed_site = dataclasses.replace(site, provisions=provisions)
    elif change == "contractors":
        slugs = (*entry.contractor_slugs, "new-contractor")
        changed_entry = dataclasses.replace(entry, contractor_slugs=slugs)
    assert assessment_fingerprint(changed_entry, changed_site) != assessment_fingerprint(
        entry, site
    )
