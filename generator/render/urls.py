"""The site's URL scheme (directory URLs) and relative links between pages.

Every page URL is relative to the site root and ends with ``/``; its Markdown source is
``<url>index.md``. Collections reserve the name ``list`` for their grouped listings.
"""

from __future__ import annotations

import functools
import posixpath

HOME = ""
ASSESSMENTS = "assessments/"
AGENCIES = "agencies/"
SYSTEMS = "systems/"
CONTRACTORS = "contractors/"
LAWS = "laws/"
SEARCH = "search/"
OPENDATA = "opendata/"
ABOUT = "about/"
FEED = "feed.xml"
SCHEMA = "schema/assessment.schema.json"
DATA = "data/"


def assessment(assessment_id: str) -> str:
    return f"{ASSESSMENTS}{assessment_id}/"


def assessment_download(assessment_id: str, suffix: str) -> str:
    return f"{assessment(assessment_id)}{assessment_id}.{suffix}"


def agency(slug: str) -> str:
    return f"{AGENCIES}{slug}/"


def system(slug: str) -> str:
    return f"{SYSTEMS}{slug}/"


def contractor(slug: str) -> str:
    return f"{CONTRACTORS}{slug}/"


def law(slug: str) -> str:
    return f"{LAWS}{slug}/"


def provision(law_slug: str, slug: str) -> str:
    return f"{LAWS}{law_slug}/{slug}/"


def listing(collection: str, group: str, page: int = 1) -> str:
    """`contractors/list/ka/`, and `contractors/list/ka/2/` from the second page on."""
    base = f"{collection}list/{group}/"
    return base if page == 1 else f"{base}{page}/"


def listing_hrefs(page: int, total: int) -> list[str]:
    """`relative` from page ``page`` of a listing to each of its ``total`` pages, in order:
    they are siblings (`listing`), so no path is walked (a listing of 600 pages links
    every page from every page)."""
    if page == 1:
        return ["./", *(f"{n}/" for n in range(2, total + 1))]
    return ["../", *("./" if n == page else f"../{n}/" for n in range(2, total + 1))]


def source_path(url: str) -> str:
    """The Markdown file of a page URL."""
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """The href from the page at ``from_url`` to ``to_url`` (a page or a file).

    The same as ``posixpath.relpath`` from the site root, computed on the segments alone:
    relpath makes both paths absolute against the working directory first, which made it
    three quarters of the time of making the entity pages' rows.
    """
    start = _segments(from_url)
    if start is not None and _outside(start, to_url):
        return _ups(len(start)) + to_url  # the common case: a link into another section
    target = _segments(to_url)
    if start is None or target is None:  # "." or ".." segments: let posixpath resolve them
        rel = posixpath.relpath("/" + to_url, "/" + from_url)
    else:
        common = 0
        for a, b in zip(start, target, strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join((("..",) * (len(start) - common)) + target[common:]) or "."
    if to_url.endswith("/") or to_url == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def _outside(start: tuple[str, ...], to_url: str) -> bool:
    """Whether ``to_url`` is plain (no empty, "." or ".." segment) and shares no first
    segment with the page's: its href is then the way up to the root and the URL as it is.
    (A national site links to 60,000 assessment URLs, more than `_segments` keeps.)"""
    head = to_url.partition("/")[0]
    return (
        head != ""
        and (not start or head != start[0])
        and "//" not in to_url
        and "/." not in to_url
        and not head.startswith(".")
    )


@functools.cache
def _ups(levels: int) -> str:
    return "../" * levels


@functools.lru_cache(maxsize=1 << 16)
def _segments(url: str) -> tuple[str, ...] | None:
    """The URL's path segments (empty ones dropped, as normpath does); None when one is
    "." or ".."."""
    segments = tuple(segment for segment in url.split("/") if segment)
    return None if "." in segments or ".." in segments else segments
