"""Pages of agencies, systems, contractors, laws and provisions."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.catalogue import (
    AgencyEntry,
    Catalogue,
    ContractorEntry,
    LawEntry,
    ProvisionEntry,
    SystemEntry,
)
from generator.catalogue.values import Role
from generator.render import urls
from generator.render.context import EntityPage, Pager, UseRow, UseSection
from generator.render.form import Link
from generator.render.groups import PAGE_SIZE, pages_of
from generator.render.links import SiteMap

ASSESSMENT_COLUMNS = ("評価書", "評価実施機関")


def entity_pages(catalogue: Catalogue, site: SiteMap) -> Iterator[EntityPage]:
    for group in entity_page_groups(catalogue, site):
        yield from group.pages()


@dataclass(frozen=True)
class EntityGroup:
    """One entity's pages (its page and the siblings of a paginated one), made only when
    `pages` is called; ``make`` is the page function with every argument it reads."""

    url: str  # of its first page
    make: functools.partial[EntityPage]

    def pages(self) -> Iterator[EntityPage]:
        return paginated(self.make())


def entity_page_groups(catalogue: Catalogue, site: SiteMap) -> list[EntityGroup]:
    """Each entity's group of pages, in the order of `entity_pages` (build workers share
    them)."""
    return list(_entity_page_makers(catalogue, site))


def paginated(page: EntityPage) -> Iterator[EntityPage]:
    """Split long tables over sibling pages (`<slug>--p2/`), PAGE_SIZE rows per table each.

    Siblings sit at the same depth as the first page, so every relative link stays valid.
    """
    total = max((pages_of(len(s.rows)) for s in page.sections), default=1)
    if total == 1:
        yield page
        return
    page_urls = [page.url, *(f"{page.url[:-1]}--p{n}/" for n in range(2, total + 1))]
    for number, url in enumerate(page_urls, start=1):
        links = tuple(Link(str(n), urls.relative(url, u)) for n, u in enumerate(page_urls, 1))
        window = slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE)
        yield replace(
            page,
            url=url,
            title=f"{page.title}({number}/{total}ページ)",
            sections=tuple(
                replace(
                    s,
                    rows=s.rows[window],
                    total=len(s.rows),
                    empty="このページに該当する行はありません" if s.rows else s.empty,
                )
                for s in page.sections
            ),
            pager=Pager(
                links[number - 2] if number > 1 else None,
                links[number] if number < total else None,
                links,
                number,
            ),
        )


def _entity_page_makers(catalogue: Catalogue, site: SiteMap) -> Iterator[EntityGroup]:
    systems_by_agency: dict[str, set[str]] = {}
    for system in catalogue.systems:
        for use in system.uses:
            systems_by_agency.setdefault(use.agency_slug, set()).add(system.slug)
    names = {s.slug: s.name for s in catalogue.systems}
    make = functools.partial
    for agency in catalogue.agencies:
        systems = sorted(systems_by_agency.get(agency.slug, ()), key=lambda s: (names[s], s))
        yield EntityGroup(urls.agency(agency.slug), make(agency_page, agency, site, systems, names))
    for system in catalogue.systems:
        yield EntityGroup(urls.system(system.slug), make(system_page, system, site, names))
    for contractor in catalogue.contractors:
        yield EntityGroup(urls.contractor(contractor.slug), make(contractor_page, contractor, site))
    for law in catalogue.laws:
        yield EntityGroup(urls.law(law.slug), make(law_page, law, site))
        for provision in law.provisions:
            url = urls.provision(law.slug, provision.slug)
            # the law's slug and title, not its entry: its uses change with every citation
            yield EntityGroup(url, make(provision_page, law.slug, law.title, provision, site))


def _rows(
    site: SiteMap, url: str, items, detail=lambda x: "", extra=lambda x: ""
) -> tuple[UseRow, ...]:
    rows = []
    for item in items:
        link = site.assessment_link(url, item.assessment_id)
        where = f"{link.href}#{item.anchor}" if item.anchor else link.href
        rows.append(
            UseRow(link, site.agency_link(url, item.agency_slug), detail(item), extra(item), where)
        )
    return tuple(rows)


def agency_page(
    agency: AgencyEntry, site: SiteMap, systems: list[str], names: dict[str, str]
) -> EntityPage:
    url = urls.agency(agency.slug)
    rows = tuple(
        UseRow(
            site.assessment_link(url, i),
            Link(agency.name, f"../{agency.slug}/"),
            site.assessments[i].kind,
            site.assessments[i].published,
        )
        for i in agency.assessment_ids
    )
    return EntityPage(
        url=url,
        title=agency.name,
        heading=agency.name,
        facts=(
            ("評価実施機関名", agency.name),
            ("団体・機関", agency.body),
            ("種類", agency.kind),
            ("都道府県", agency.prefecture or "—"),
            ("全国地方公共団体コード", agency.code or "—"),
        ),
        sections=(
            UseSection("評価書", "assessments", ("評価書", "評価実施機関", "種類", "公表日"), rows),
            UseSection(
                "使用しているシステム",
                "systems",
                (),
                (),
                tuple(Link(names[s], urls.relative(url, urls.system(s))) for s in systems),
            ),
        ),
    )


def system_page(system: SystemEntry, site: SiteMap, names: dict[str, str]) -> EntityPage:
    url = urls.system(system.slug)
    # Two agencies may share a name (明和町長 in 群馬県 and 三重県): the slug breaks the tie,
    # or the order would follow Python's per-process string hashing.
    agencies = sorted(
        {u.agency_slug for u in system.uses}, key=lambda slug: (site.agency_names[slug], slug)
    )
    return EntityPage(
        url=url,
        title=system.name,
        heading=system.name,
        facts=(
            ("名称", system.name),
            ("評価書での表記", "、".join(system.variants)),
            ("他のシステムとの接続(選択肢)", "、".join(system.connection_options) or "—"),
        ),
        sections=(
            UseSection(
                "このシステムを使用する評価書",
                "uses",
                (*ASSESSMENT_COLUMNS, "システムの名称(原文)", "システムの機能"),
                _rows(site, url, system.uses, lambda u: u.raw, lambda u: u.functions or ""),
            ),
            UseSection(
                "評価実施機関",
                "agencies",
                (),
                (),
                tuple(site.agency_link(url, a) for a in agencies),
            ),
            UseSection(
                "接続先のシステム(「その他」に記載されたもの)",
                "connects-to",
                (),
                (),
                tuple(
                    Link(r.label, urls.relative(url, urls.system(r.key)))
                    if r.key in names
                    else Link(r.label, "")
                    for r in system.connects_to
                ),
            ),
        ),
    )


def contractor_page(contractor: ContractorEntry, site: SiteMap) -> EntityPage:
    url = urls.contractor(contractor.slug)
    return EntityPage(
        url=url,
        title=contractor.name,
        heading=contractor.name,
        facts=(
            ("名称", contractor.name),
            ("法人番号", "、".join(contractor.corporate_numbers) or "—"),
            ("評価書での表記", "、".join(contractor.variants)),
        ),
        sections=(
            UseSection(
                "受託している委託事項",
                "holdings",
                (*ASSESSMENT_COLUMNS, "委託事項", "再委託の有無"),
                _rows(
                    site,
                    url,
                    contractor.holdings,
                    lambda h: h.item or "",
                    lambda h: h.subcontracting or "記載なし",
                ),
            ),
            UseSection(
                "変更履歴(変更箇所の記載から)",
                "history",
                (*ASSESSMENT_COLUMNS, "変更日・変更内容", "変更前 → 変更後"),
                _rows(
                    site,
                    url,
                    contractor.history,
                    lambda e: f"{e.date_raw or '日付なし'} {e.action}({e.item})",
                    lambda e: f"{e.before or '(空欄)'} → {e.after or '(空欄)'}",
                ),
            ),
        ),
    )


def law_page(law: LawEntry, site: SiteMap) -> EntityPage:
    url = urls.law(law.slug)
    counts = {role: sum(1 for u in law.uses if u.role == role) for role in Role}
    return EntityPage(
        url=url,
        title=law.short,
        heading=law.title,
        facts=(
            ("題名", law.title),
            ("略称", law.short),
            *((f"引用({role.value})", f"{count}件") for role, count in counts.items()),
        ),
        sections=(
            UseSection(
                "引用されている条項",
                "provisions",
                (),
                (),
                tuple(
                    Link(
                        f"{p.label}({len(p.uses)}件)",
                        urls.relative(url, urls.provision(law.slug, p.slug)),
                    )
                    for p in law.provisions
                ),
            ),
            UseSection(
                "条項を特定しない引用",
                "law-only",
                (*ASSESSMENT_COLUMNS, "役割", "原文"),
                _rows(
                    site,
                    url,
                    [u for u in law.uses if u.provision is None],
                    lambda u: u.role.value,
                    lambda u: u.raw,
                ),
            ),
        ),
    )


def provision_page(
    law_slug: str, law_title: str, provision: ProvisionEntry, site: SiteMap
) -> EntityPage:
    url = urls.provision(law_slug, provision.slug)
    sections = tuple(
        UseSection(
            f"{role.value}の根拠として",
            f"role-{index}",
            (*ASSESSMENT_COLUMNS, "原文"),
            _rows(site, url, [u for u in provision.uses if u.role == role], lambda u: u.raw),
        )
        for index, role in enumerate(Role, start=1)
    )
    return EntityPage(
        url=url,
        title=provision.label,
        heading=provision.label,
        facts=(
            ("法令", law_title),
            ("正規化した引用キー", provision.key),
            ("評価書での表記", "、".join(provision.surface_forms)),
        ),
        sections=(
            UseSection(
                "法令のページ",
                "law",
                (),
                (),
                (Link(law_title, urls.relative(url, urls.law(law_slug))),),
            ),
            *sections,
        ),
    )
