"""Index pages of each collection and their grouped, paginated listings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from generator.catalogue import Catalogue
from generator.render import urls
from generator.render.context import Count, IndexPage, ListPage, Pager
from generator.render.form import Link
from generator.render.groups import PAGE_SIZE, initial_group, kind_group, pages_of, prefecture_group
from generator.render.links import SiteMap, assessment_label

Group = tuple[str, str, str]  # slug, label, sort key


@dataclass(frozen=True)
class Entry:
    label: str
    count: int
    url: str
    sort_key: str


@dataclass(frozen=True)
class Family:
    label: str
    group_of: Callable[[object], Group]


def collection_pages(catalogue: Catalogue, site: SiteMap) -> Iterator[IndexPage | ListPage]:
    agencies = {a.slug: a for a in catalogue.agencies}
    assessments = [
        (
            a,
            Entry(
                assessment_label(a) + f" — {a.agency_name}",
                0,
                urls.assessment(a.id),
                f"{a.agency_name}\t{a.id}",
            ),
        )
        for a in catalogue.assessments
    ]
    yield from _collection(
        urls.ASSESSMENTS,
        "評価書",
        "評価書を評価実施機関の所在する都道府県別、評価書の種類別に一覧できます。",
        assessments,
        (
            Family(
                "都道府県別",
                lambda a: prefecture_group(
                    agencies[a.agency_slug].prefecture, agencies[a.agency_slug].code
                ),
            ),
            Family(
                "評価書の種類別",
                lambda a: (f"form-{_form_index(a.kind)}", a.kind, str(_form_index(a.kind))),
            ),
        ),
    )
    yield from _collection(
        urls.AGENCIES,
        "評価実施機関",
        "評価書を公表している評価実施機関を、都道府県別・機関の種類別に一覧できます。",
        [
            (
                a,
                Entry(
                    a.name, len(a.assessment_ids), urls.agency(a.slug), f"{a.code or ''}\t{a.name}"
                ),
            )
            for a in catalogue.agencies
        ],
        (
            Family("都道府県別", lambda a: prefecture_group(a.prefecture, a.code)),
            Family("種類別", lambda a: kind_group(a.kind)),
        ),
    )
    yield from _collection(
        urls.SYSTEMS,
        "システム",
        "評価書に記載されたシステムを、名称の頭文字別に一覧できます。表記の揺れは同じシステムにまとめています。",
        [
            (s, Entry(s.name, len({u.assessment_id for u in s.uses}), urls.system(s.slug), s.name))
            for s in catalogue.systems
        ],
        (Family("名称の頭文字別", lambda s: initial_group(s.name)),),
    )
    yield from _collection(
        urls.CONTRACTORS,
        "委託先",
        "委託先を、法人の種類(株式会社など)を除いた名称の頭文字別(五十音・アルファベット・漢字)に一覧できます。",
        [
            (
                c,
                Entry(
                    c.name,
                    len({h.assessment_id for h in c.holdings}),
                    urls.contractor(c.slug),
                    c.match_key,
                ),
            )
            for c in catalogue.contractors
        ],
        (Family("頭文字別", lambda c: initial_group(c.match_key)),),
    )
    yield laws_index(catalogue)


def _form_index(kind: str) -> int:
    from generator.model import FormType

    return [k.value for k in FormType].index(kind) + 1


def laws_index(catalogue: Catalogue) -> IndexPage:
    url = urls.LAWS
    return IndexPage(
        url=url,
        title="法令",
        intro="評価書が根拠として引用している法令です。件数は引用の数です。法令のページから、引用されている条項ごとのページへ進めます。",
        families=(
            (
                "法令",
                tuple(
                    Count(law.title, len(law.uses), urls.relative(url, urls.law(law.slug)))
                    for law in catalogue.laws
                ),
            ),
        ),
    )


def _collection(
    base: str,
    title: str,
    intro: str,
    items: Sequence[tuple[object, Entry]],
    families: Sequence[Family],
) -> Iterator[IndexPage | ListPage]:
    index_families = []
    for family in families:
        groups: dict[Group, list[Entry]] = defaultdict(list)
        for item, entry in items:
            groups[family.group_of(item)].append(entry)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0][2], kv[0][0]))
        index_families.append(
            (
                family.label,
                tuple(
                    Count(g[1], len(e), urls.relative(base, urls.listing(base, g[0])))
                    for g, e in ordered
                ),
            )
        )
        for group, entries in ordered:
            yield from _list_pages(
                base, title, group, sorted(entries, key=lambda e: (e.sort_key, e.url))
            )
    yield IndexPage(base, title, intro, tuple(index_families))


def _list_pages(base: str, title: str, group: Group, entries: list[Entry]) -> Iterator[ListPage]:
    slug, label, _ = group
    total = pages_of(len(entries))
    for number in range(1, total + 1):
        url = urls.listing(base, slug, number)
        chunk = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        hrefs = urls.listing_hrefs(number, total)
        page_links = tuple(Link(str(n), href) for n, href in enumerate(hrefs, start=1))
        yield ListPage(
            url=url,
            title=f"{title}: {label}" + (f"({number}/{total}ページ)" if total > 1 else ""),
            parent=Link(f"{title}の一覧", urls.relative(url, base)),
            items=tuple(Count(e.label, e.count, urls.relative(url, e.url)) for e in chunk),
            pager=Pager(
                page_links[number - 2] if number > 1 else None,
                page_links[number] if number < total else None,
                page_links if total > 1 else (),
                number,
            ),
            total=len(entries),
        )
