"""The site's URL scheme (directory URLs) and relative links between pages.

Every page URL is relative to the site root and ends with ``/``; its Markdown source is
``<url>index.md``. Collections reserve the name ``list`` for their grouped listings.
"""

from __future__ import annotations

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


def source_path(url: str) -> str:
    """The Markdown file of a page URL."""
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """The href from the page at ``from_url`` to ``to_url`` (a page or a file)."""
    rel = posixpath.relpath("/" + to_url, "/" + from_url)
    if to_url.endswith("/") or to_url == "":
        rel = "./" if rel == "." else rel + "/"
    return rel
