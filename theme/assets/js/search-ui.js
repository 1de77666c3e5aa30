// The results page of /search/: query box, facets, result list with highlighted matches.
// Uses SearchEngine (search-engine.js) over the sharded index: facet counts and filtering
// come from the facet table (f/, every result), display fragments (d/) only for the
// results shown. The largest facets (FOLDED_FACETS) start folded and are counted, their
// part of the table fetched, only once their box is opened or a value of theirs chosen.
// `answer` is the whole query-to-page logic, shared with the benchmark
// (benchmarks/national.py). All data reaches the DOM as text nodes (never innerHTML).
// The pure helpers are exported for node tests.
import { fold } from "./analyzer.js";
import { SearchEngine } from "./search-engine.js";

export const FACETS = Object.freeze([
  ["kind", "評価書の種類"],
  ["prefecture", "都道府県"],
  ["body_kind", "機関の種類"],
  ["contractor", "委託先"],
  ["system", "システム"],
  ["law", "法令"],
]);
// システム and 法令 are most of the facet table's bytes (generator/search/facet_table.py):
// fetching them for every query would put a first query over its 200 KB budget.
export const FOLDED_FACETS = Object.freeze(["system", "law"]);
export const DEBOUNCE_MS = 200;
export const PAGE_SIZE = 20;
const NARROW = "(max-width: 59.9375em)";
const KEY_TERM = /^(?:c:|s:|cite:)/;

// Folded text with, for every folded code unit, the index of its source code unit.
function foldedWithMap(text) {
  let folded = "";
  const origin = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    folded += piece;
    for (let i = 0; i < piece.length; i++) origin.push(index);
    index += char.length;
  }
  origin.push(index);
  return { folded, origin };
}

// The terms worth highlighting: matched word and gram terms, and the query's own chunks.
export function highlightTerms(query, matches) {
  const terms = new Set(fold(query).split(/\s+/u).filter(Boolean));
  for (const term of Object.keys(matches ?? {})) if (!KEY_TERM.test(term)) terms.add(term);
  const long = [...terms].filter((term) => [...term].length > 1);
  return long.length ? long : [...terms];
}

// [[start, end], …] in `text` (source indices, sorted, merged) where any term occurs.
export function highlightRanges(text, terms) {
  const { folded, origin } = foldedWithMap(text);
  const spans = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) {
      spans.push([origin[at], origin[at + term.length]]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

// The part of a long excerpt to show: a window of about `size` characters around the longest
// highlighted range (the whole query word rather than one of its parts; the first of equals),
// or the start, with "…" where text was cut; ranges shifted to match.
export function snippetWindow(text, ranges, size = SNIPPET_CHARS) {
  if (text.length <= size) return { text, ranges };
  const longest = ranges.reduce((best, r) => (r[1] - r[0] > best[1] - best[0] ? r : best), [0, 0]);
  const focus = longest[0];
  const start = Math.max(0, Math.min(focus - Math.floor(size / 4), text.length - size));
  const end = Math.min(text.length, start + size);
  const inside = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]) => [a - start, b - start]);
  const head = start > 0 ? "…" : "";
  const shifted = inside.map(([a, b]) => [a + head.length, b + head.length]);
  return { text: head + text.slice(start, end) + (end < text.length ? "…" : ""), ranges: shifted };
}

const SNIPPET_CHARS = 160;

// Appends `text` to `parent` as text nodes, with <mark> around the ranges.
export function appendHighlighted(parent, text, ranges) {
  const doc = parent.ownerDocument;
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parent.append(doc.createTextNode(text.slice(at, start)));
    const mark = doc.createElement("mark");
    mark.append(doc.createTextNode(text.slice(start, end)));
    parent.append(mark);
    at = end;
  }
  if (at < text.length) parent.append(doc.createTextNode(text.slice(at)));
}

function valuesOf(row, facet) {
  return row?.[facet] ?? [];
}

const byLabel = new Intl.Collator("ja").compare; // one collator: localeCompare makes one a call
const FACET_NAMES = FACETS.map(([facet]) => facet);

// Whether any facet value is selected (if not, every result passes).
function anySelected(selected) {
  return Object.values(selected).some((values) => values?.length);
}

// [[facet, column, mask of the selected codes]] for the facets with selected values.
function selectionTests(table, selected) {
  return Object.entries(selected)
    .filter(([, values]) => values?.length)
    .map(([facet, values]) => [facet, table.column(facet), table.column(facet)?.mask(values)]);
}

function passing(refs, tests) {
  if (!tests.length) return refs;
  return refs.filter((ref) => tests.every(([, column, mask]) => column?.hasAny(ref, mask)));
}

// Refs that pass every facet (any selected value within a facet, all facets together);
// table: a FacetTable (SearchEngine.facetTable) holding the selected facets.
export function filterRefs(refs, table, selected) {
  return passing(refs, selectionTests(table, selected));
}

// {facet: [[value, count], …]} for the `counted` facets: counts over the results that pass
// the *other* facets, so choosing a value never hides the alternatives of the same facet.
export function facetCounts(refs, table, selected, counted = FACET_NAMES) {
  const tests = selectionTests(table, selected);
  const out = {};
  for (const facet of counted) {
    const column = table.column(facet);
    const counts = column ? column.count(passing(refs, tests.filter(([f]) => f !== facet))) : [];
    const values = [];
    counts.forEach((count, code) => count && values.push([column.labels[code], count]));
    for (const value of selected[facet] ?? []) {
      if (!values.some(([label]) => label === value)) values.push([value, 0]);
    }
    out[facet] = values.sort((a, b) => b[1] - a[1] || byLabel(a[0], b[0]));
  }
  return out;
}

// URL search string ↔ {q, selected}.
export function readState(search) {
  const params = new URLSearchParams(search);
  const selected = {};
  for (const [facet] of FACETS) selected[facet] = params.getAll(facet);
  return { q: params.get("q") ?? "", selected };
}

export function stateSearch({ q, selected }) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [facet] of FACETS) for (const value of selected[facet] ?? []) params.append(facet, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

// The facets a results page counts: the unfolded ones, the `opened` folded ones and those
// with a selected value (filtering by them needs their values anyway).
export function countedFacets(selected, opened = []) {
  return FACET_NAMES.filter(
    (facet) =>
      !FOLDED_FACETS.includes(facet) || opened.includes(facet) || selected[facet]?.length,
  );
}

// The results page of query `q`: every result, the facet table of them all (the counted
// facets' part), the refs that pass the `selected` facet values, the facet counts, and
// the display fragments of the first `limit` refs shown (only those are fetched).
export async function answer(engine, q, selected, limit = PAGE_SIZE, opened = []) {
  return resultsPage(engine, { q, results: await rankedResults(engine, q) }, selected, limit, opened);
}

// A query's results for the page: their refs best first (an Int32Array) and each one's
// matches, without an object per result (a common term has tens of thousands; a page
// shows twenty).
export async function rankedResults(engine, q) {
  const { refs, matchesOf } = await engine.ranked(q);
  return {
    refs,
    matchesOf,
    get length() {
      return this.refs.length;
    },
  };
}

// answer() for results already found: after a facet choice, an opened facet or "さらに
// 表示" only the new files are fetched (the engine caches every file).
export async function resultsPage(
  engine,
  { q, results },
  selected,
  limit = PAGE_SIZE,
  opened = [],
) {
  const { refs } = results;
  const counted = countedFacets(selected, opened);
  // With no facet value chosen the page shows the first results: their fragments are
  // fetched alongside the facet table, not one round trip after it.
  const early = anySelected(selected) ? null : engine.fragments(refs.slice(0, limit));
  const table = await engine.facetTable(refs, counted);
  const shown = filterRefs(refs, table, selected);
  const counts = facetCounts(refs, table, selected, counted);
  const fragments = await (early ?? engine.fragments(shown.slice(0, limit)));
  return { q, results, table, shown, counts, fragments, limit };
}

export function statusText(total, shown) {
  if (!total) return "該当する評価書は見つかりませんでした";
  if (shown === total) return `${total}件の評価書が見つかりました`;
  return `${shown}件の評価書が見つかりました(絞り込み前は${total}件)`;
}

function element(doc, tag, className, text = null) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== null) node.append(doc.createTextNode(text));
  return node;
}

export class SearchPage {
  constructor(root, engine, win = window) {
    this.root = root;
    this.engine = engine;
    this.window = win;
    this.doc = root.ownerDocument;
    this.siteRoot = new URL(root.dataset.siteRoot, win.location.href);
    this.inputs = [...this.doc.querySelectorAll("[data-pia-query]")];
    this.part = (name) => root.querySelector(`[data-pia-${name}]`);
    this.state = readState(win.location.search);
    this.sequence = 0;
    this.timer = null;
    this.current = null; // the page shown: resultsPage()'s value
    // Folded facets the reader opened (or chose a value of, e.g. from a shared URL).
    this.opened = FOLDED_FACETS.filter((facet) => this.state.selected[facet]?.length);
  }

  start() {
    for (const input of this.inputs) {
      input.value = this.state.q;
      input.addEventListener("input", () => this.typed(input.value));
      input.form?.addEventListener("submit", (event) => {
        event.preventDefault();
        this.typed(input.value, 0);
      });
    }
    this.part("reset").addEventListener("click", () => this.resetFacets());
    // On a phone the facets start folded, so the results are not pushed off screen.
    if (this.window.matchMedia?.(NARROW).matches) this.part("facets-box").open = false;
    this.part("more").addEventListener("click", () => this.showMore());
    return this.run();
  }

  typed(q, delay = DEBOUNCE_MS) {
    for (const input of this.inputs) if (input.value !== q) input.value = q;
    this.state = { ...this.state, q };
    this.window.clearTimeout(this.timer);
    this.timer = this.window.setTimeout(() => this.run(), delay);
  }

  run() {
    const q = this.state.q.trim();
    this.saveUrl();
    const { engine, opened } = this;
    return this.update(q ? () => answer(engine, q, this.state.selected, PAGE_SIZE, opened) : null);
  }

  // Shows the answer `compute` gives (none: an empty page), unless a later update started
  // meanwhile; `then` runs after it is shown.
  async update(compute, then = () => {}) {
    const sequence = ++this.sequence;
    if (!compute) return this.show(null);
    this.root.setAttribute("aria-busy", "true");
    try {
      const next = await compute();
      if (sequence !== this.sequence) return;
      this.show(next);
      then();
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.show(null, `検索できませんでした: ${error.message}`);
    }
  }

  // The current results again, for other facet values or a longer list.
  refresh(limit, then) {
    const found = this.current;
    if (!found) return this.update(null);
    const { engine, opened } = this;
    return this.update(
      () => resultsPage(engine, found, this.state.selected, limit, opened),
      then,
    );
  }

  saveUrl() {
    const url = `${this.window.location.pathname}${stateSearch(this.state)}`;
    this.window.history.replaceState(null, "", url);
  }

  show(page, message = "") {
    this.current = page;
    this.root.removeAttribute("aria-busy");
    this.render(message);
  }

  render(message = "") {
    const page = this.current;
    const total = page ? page.results.length : 0;
    const shown = page ? page.shown : [];
    this.part("status").textContent = message || (page ? statusText(total, shown.length) : "");
    this.part("empty").hidden = !page || total > 0;
    this.part("results-section").hidden = !page || total === 0;
    this.renderFacets(page ? page.counts : {}, total);
    this.renderResults(shown);
  }

  renderFacets(counts, total) {
    const box = this.part("facets");
    box.replaceChildren();
    for (const [facet, label] of FACETS) {
      const values = counts[facet];
      if (FOLDED_FACETS.includes(facet)) {
        if (total) box.append(this.foldedFacet(facet, label, values));
        continue;
      }
      if (!values?.length) continue;
      const group = element(this.doc, "div", "pia-facet");
      group.append(this.facetHeading(facet, label), this.facetList(facet, values));
      box.append(group);
    }
    this.part("facets-section").hidden = !box.childElementCount;
    this.part("reset").disabled = !anySelected(this.state.selected);
  }

  facetHeading(facet, label) {
    const heading = element(this.doc, "h3", "pia-facet__title", label);
    heading.id = `pia-facet-${facet}`;
    return heading;
  }

  facetList(facet, values) {
    const list = element(this.doc, "ul", "pia-facet__values");
    list.setAttribute("aria-labelledby", `pia-facet-${facet}`);
    for (const [value, count] of values) list.append(this.facetButton(facet, value, count));
    return list;
  }

  // A folded facet: a closed box until opened; its values (undefined: not counted yet).
  foldedFacet(facet, label, values) {
    const group = element(this.doc, "details", "pia-facet pia-facet--folded");
    group.dataset.facet = facet;
    const summary = element(this.doc, "summary", "pia-facet__summary");
    summary.append(this.facetHeading(facet, label));
    group.append(summary);
    if (values === undefined) group.append(element(this.doc, "p", "pia-facet__note", "読み込み中…"));
    else if (!values.length) group.append(element(this.doc, "p", "pia-facet__note", "該当なし"));
    else group.append(this.facetList(facet, values));
    group.open = values !== undefined;
    group.addEventListener("toggle", () => this.foldedToggled(facet, group.open));
    return group;
  }

  // Opening a folded facet counts it (fetching its part of the facet table); closing
  // it stops counting it. The toggle event also fires for boxes rendered open: no-op.
  foldedToggled(facet, open) {
    if (open === this.opened.includes(facet)) return undefined;
    this.opened = open ? [...this.opened, facet] : this.opened.filter((f) => f !== facet);
    if (!open) return undefined;
    const summary = `details[data-facet="${facet}"] > summary`;
    return this.refresh(this.current?.limit ?? PAGE_SIZE, () =>
      this.root.querySelector(summary)?.focus(),
    );
  }

  facetButton(facet, value, count) {
    const item = element(this.doc, "li", "pia-facet__item");
    const button = element(this.doc, "button", "pia-facet__button");
    const pressed = (this.state.selected[facet] ?? []).includes(value);
    button.type = "button";
    button.dataset.facet = facet;
    button.dataset.value = value;
    button.setAttribute("aria-pressed", String(pressed));
    button.append(element(this.doc, "span", "pia-facet__value", value));
    button.append(element(this.doc, "span", "pia-facet__count", `${count}件`));
    button.addEventListener("click", () => this.toggleFacet(facet, value));
    item.append(button);
    return item;
  }

  toggleFacet(facet, value) {
    const current = this.state.selected[facet] ?? [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    this.state = { ...this.state, selected: { ...this.state.selected, [facet]: next } };
    this.saveUrl();
    const selector = `button[data-facet="${facet}"][data-value="${CSS.escape(value)}"]`;
    return this.refresh(PAGE_SIZE, () => this.root.querySelector(selector)?.focus());
  }

  resetFacets() {
    this.state = { ...this.state, selected: readState("").selected };
    this.saveUrl();
    return this.refresh(PAGE_SIZE, () => this.inputs.at(-1)?.focus());
  }

  showMore() {
    const first = this.current?.limit ?? 0;
    const focus = () => this.part("results").querySelectorAll(".pia-result a")[first]?.focus();
    return this.refresh(first + PAGE_SIZE, focus);
  }

  renderResults(refs) {
    const list = this.part("results");
    list.replaceChildren();
    const limit = this.current?.limit ?? 0;
    for (const ref of refs.slice(0, limit)) {
      const fragment = this.current.fragments[ref] ?? {};
      list.append(this.resultItem(this.current.results.matchesOf(ref), fragment));
    }
    this.part("more").hidden = refs.length <= limit;
  }

  resultItem(matches, fragment) {
    const terms = highlightTerms(this.current.q, matches);
    const item = element(this.doc, "li", "pia-result");
    item.dataset.ref = fragment.ref ?? "";
    const title = element(this.doc, "h3", "pia-result__title");
    const link = element(this.doc, "a", "pia-result__link");
    link.href = new URL(fragment.url ?? "", this.siteRoot).href;
    appendHighlighted(link, fragment.title ?? fragment.ref ?? "", highlightRanges(fragment.title ?? "", terms));
    title.append(link);
    const meta = element(this.doc, "p", "pia-result__meta");
    for (const [label, value] of [
      ["評価実施機関", fragment.agency],
      ["種類", fragment.kind],
      ["公表日", fragment.published],
    ]) {
      if (!value) continue;
      const part = element(this.doc, "span", "pia-result__meta-item");
      part.append(element(this.doc, "span", "pia-visually-hidden", `${label}: `));
      appendHighlighted(part, value, highlightRanges(value, terms));
      meta.append(part);
    }
    const snippet = element(this.doc, "p", "pia-result__snippet");
    const excerpt = fragment.excerpt ?? "";
    const shown = snippetWindow(excerpt, highlightRanges(excerpt, terms));
    appendHighlighted(snippet, shown.text, shown.ranges);
    item.append(title, meta, this.matchedFields(fragment.facets, terms), snippet);
    return item;
  }

  // "委託先: 株式会社NTTデータ" etc.: the facet values (names, laws) the query matched.
  matchedFields(facets, terms) {
    const line = element(this.doc, "p", "pia-result__fields");
    for (const [facet, label] of FACETS.slice(3)) {
      for (const value of valuesOf(facets, facet)) {
        const ranges = highlightRanges(value, terms);
        if (!ranges.length) continue;
        const part = element(this.doc, "span", "pia-result__field", `${label}: `);
        appendHighlighted(part, value, ranges);
        line.append(part, this.doc.createTextNode(" "));
      }
    }
    line.hidden = !line.childElementCount;
    return line;
  }
}

function boot() {
  const root = document.querySelector("[data-pia-search]");
  if (!root) return;
  const engine = new SearchEngine({ baseUrl: new URL(root.dataset.index, location.href).href });
  window.piaSearch = new SearchPage(root, engine);
  window.piaSearch.start();
}

if (typeof document !== "undefined") boot();
