"""Relative links between pages: `urls.relative` is posixpath.relpath from the site root,
made without it (relpath asks for the working directory on every call)."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.render import urls


def relpath_href(from_url: str, to_url: str) -> str:
    rel = posixpath.relpath("/" + to_url, "/" + from_url)
    if to_url.endswith("/") or to_url == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def test_links_between_the_sites_pages():
    agency = urls.agency("011002-shicho")
    assert urls.relative(agency, agency) == "./"
    assert urls.relative(agency, "") == "../../"
    assert urls.relative("", agency) == agency
    assert urls.relative(agency, "agencies/011002-shicho--p2/") == "../011002-shicho--p2/"
    assert urls.relative("laws/bango/19-8/", "laws/bango/") == "../"
    assert urls.relative("laws/bango/", "data/assessments.csv") == "../../data/assessments.csv"


def test_dot_segments_resolve_as_posixpath_does():
    assert urls.relative("a/./b/", "a/c/../d/") == relpath_href("a/./b/", "a/c/../d/")


segment = st.sampled_from(["a", "b", "agencies", "011002-shicho", "x.json", "", ".", ".."])
url = st.lists(segment, max_size=5).map(lambda parts: "/".join(parts)) | st.lists(
    segment, max_size=5
).map(lambda parts: "/".join(parts) + "/")


@given(url, url)
def test_every_href_is_the_one_posixpath_gives(from_url: str, to_url: str):
    assert urls.relative(from_url, to_url) == relpath_href(from_url, to_url)


def test_a_listing_links_its_pages_as_relative_does():
    for total in (1, 2, 7):
        for page in range(1, total + 1):
            here = urls.listing("contractors/", "ka", page)
            expected = [
                urls.relative(here, urls.listing("contractors/", "ka", n))
                for n in range(1, total + 1)
            ]
            assert urls.listing_hrefs(page, total) == expected
