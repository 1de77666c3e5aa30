// Runs the browser search code under node for tests/search/*.py.
// usage: node tests/js/search_harness.mjs <mode> <search-dir> [full-index.json | facets.json]
// modes: analyze (one engine), analyzeAlone (an engine per query), compare, clauses
// (stdin: clause lists), bytes, facets (counts and filtering from the facet table and from
// reference facets), table (the facet table of every document), shards, rank (stdin:
// [count, distinct scores]: rankByScore's two sorts).
// stdin: JSON array of query strings; stdout: JSON array, one entry per query.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bucket } from "../../theme/assets/js/analyzer.js";
import { SearchEngine } from "../../theme/assets/js/search-engine.js";
import { rankByScore, searchPlans } from "../../theme/assets/js/scorer.js";
import {
  answer,
  facetCounts,
  FACETS,
  filterRefs,
  PAGE_SIZE,
} from "../../theme/assets/js/search-ui.js";
import { lunr, oracleSearch } from "./lunr_oracle.mjs";

function diskLoader(dir, sizes) {
  return async (path) => {
    const text = readFileSync(join(dir, path));
    sizes.set(path, text.length);
    return JSON.parse(text.toString("utf-8"));
  };
}

function freshEngine(dir) {
  const sizes = new Map();
  return { engine: new SearchEngine({ load: diskLoader(dir, sizes) }), sizes };
}

async function analyze(dir, queries) {
  const { engine } = freshEngine(dir);
  return Promise.all(queries.map((query) => engine.analyze(query)));
}

// Each query analyzed by an engine of its own: with only its own vocabulary buckets.
async function analyzeAlone(dir, queries) {
  return Promise.all(queries.map((query) => freshEngine(dir).engine.analyze(query)));
}

// rankByScore's two sorts over the same random scores (many ties): [comparator, radix].
function rank(_dir, [count, distinct]) {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 48271) % 0x7fffffff) >>> 0) / 0x7fffffff;
  const scores = new Float64Array(count * 2);
  const docs = [];
  for (let doc = 0; doc < scores.length; doc++) {
    if (random() < 0.5) continue;
    docs.push(doc);
    scores[doc] = Math.floor(random() * distinct) / 7;
  }
  const ranked = (radixFrom) => [...rankByScore(Int32Array.from(docs), scores, radixFrom)];
  return [ranked(Infinity), ranked(0)];
}

// The refs of a serialized lunr index, sorted: document number → ref.
function refsOf(serialized) {
  const refs = new Set(serialized.fieldVectors.map(([fieldRef]) => fieldRef.slice(fieldRef.indexOf("/") + 1)));
  return [...refs].sort();
}

function loadFull(fullPath) {
  const serialized = JSON.parse(readFileSync(fullPath, "utf-8"));
  return { full: lunr.Index.load(serialized), refs: refsOf(serialized) };
}

// The sharded results carry document numbers; the full index (one plain lunr.py index over
// the same documents) carries refs. Numbers are turned into refs by ref order.
async function compare(dir, queries, fullPath) {
  const { full, refs } = loadFull(fullPath);
  const { engine } = freshEngine(dir);
  const out = [];
  for (const query of queries) {
    const { plans } = await engine.plans(query);
    const sharded = (await engine.search(query)).map((r) => ({ ...r, ref: refs[r.ref] }));
    out.push({ query, clauses: plans.flat(), sharded, full: oracleSearch(full, plans) });
  }
  return out;
}

// Hand-made clause lists ({term, fields, presence}): scorer.js over the shards' postings
// against lunr.js over the full index.
async function clauses(dir, clauseLists, fullPath) {
  const { full, refs } = loadFull(fullPath);
  const { engine } = freshEngine(dir);
  const { documents } = await engine.manifest();
  const out = [];
  for (const list of clauseLists) {
    const entries = new Map();
    await engine.complete(entries, list);
    const sharded = searchPlans([list], entries, documents).map((r) => ({ ...r, ref: refs[r.ref] }));
    out.push({ query: JSON.stringify(list), clauses: list, sharded, full: oracleSearch(full, [list]) });
  }
  return out;
}

async function bytes(dir, queries) {
  const out = [];
  for (const query of queries) {
    const { engine, sizes } = freshEngine(dir);
    const results = await engine.search(query);
    const top = results.slice(0, 10);
    const fragments = await engine.fragments(top.map((r) => r.ref));
    const refs = top.map((r) => fragments[r.ref].ref);
    out.push({ query, refs, scores: results.map((r) => r.score), files: Object.fromEntries(sizes) });
  }
  return out;
}

// The term shards a query fetched, and those of the terms it needs: its clauses' word-field
// terms and the special keys it looked up.
async function shards(dir, queries) {
  const out = [];
  for (const query of queries) {
    const { engine } = freshEngine(dir);
    const { build, files } = await engine.manifest();
    const { plans } = await engine.plans(query);
    const specials = (await engine.analyze(query)).specials.flatMap((special) => special.terms);
    const words = plans.flat().filter((c) => c.fields.some((field) => field !== "grams"));
    const needed = new Set([...specials, ...words.map((c) => c.term)]);
    out.push({
      query,
      fetched: [...new Set(engine.downloaded.filter((path) => path.includes("/t/")))].sort(),
      needed: [...new Set([...needed].map((t) => `${build}/t/${bucket(t, files.terms)}.json`))].sort(),
      citations: plans.flat().filter((c) => c.fields.includes("citations")).length,
    });
  }
  return out;
}

const ALL_FACETS = FACETS.map(([facet]) => facet);

// The oracle of search-ui.js's facetCounts and filterRefs: the plain definition, over each
// document's own facet values (rows[ref] = {facet: [label, …]}).
function passesReference(row, selected, except = null) {
  return Object.entries(selected).every(
    ([facet, values]) =>
      facet === except || !values.length || (row[facet] ?? []).some((v) => values.includes(v)),
  );
}

function referenceFilter(refs, rows, selected) {
  return refs.filter((ref) => passesReference(rows[ref], selected));
}

function referenceCounts(refs, rows, selected) {
  const out = {};
  for (const facet of ALL_FACETS) {
    const counts = new Map();
    for (const ref of refs) {
      if (!passesReference(rows[ref], selected, facet)) continue;
      for (const value of new Set(rows[ref][facet] ?? [])) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    for (const value of selected[facet] ?? []) if (!counts.has(value)) counts.set(value, 0);
    out[facet] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "ja"));
  }
  return out;
}

// Selections to try on a query's results: none, the top value of each facet, and the top
// two values of the first facet with values together with the top value of the next one.
function selectionsOf(counts) {
  const selections = [{}];
  const offered = FACETS.map(([facet]) => facet).filter((facet) => counts[facet].length);
  for (const facet of offered) selections.push({ [facet]: [counts[facet][0][0]] });
  if (offered.length > 1) {
    const [first, second] = offered;
    const values = counts[first].slice(0, 2).map(([value]) => value);
    selections.push({ [first]: values, [second]: [counts[second][0][0]] });
  }
  return selections;
}

// referencePath: the documents' facets by document number (what display fragments carried).
async function facets(dir, queries, referencePath) {
  const reference = JSON.parse(readFileSync(referencePath, "utf-8"));
  const { engine } = freshEngine(dir);
  const out = [];
  for (const query of queries) {
    const refs = (await engine.search(query)).map((r) => r.ref);
    const table = await engine.facetTable(refs, ALL_FACETS);
    const tried = selectionsOf(referenceCounts(refs, reference, {})).map((selected) => ({
      selected,
      table: {
        counts: facetCounts(refs, table, selected),
        shown: filterRefs(refs, table, selected),
      },
      reference: {
        counts: referenceCounts(refs, reference, selected),
        shown: referenceFilter(refs, reference, selected),
      },
    }));
    const page = freshEngine(dir);
    const shown = await answer(page.engine, query, tried.at(-1).selected, 5);
    const fragmentFiles = page.engine.downloaded.filter((path) => path.includes("/d/"));
    out.push({
      query,
      results: refs.length,
      tried,
      page: { shown: Array.from(shown.shown), fragments: Object.keys(shown.fragments).map(Number), fragmentFiles },
      facetFiles: await facetFilesFetched(dir, query),
    });
  }
  return out;
}

// The facet table files a results page fetches: with nothing opened, then with 法令 opened.
async function facetFilesFetched(dir, query) {
  const fetched = async (opened) => {
    const { engine } = freshEngine(dir);
    const page = await answer(engine, query, {}, PAGE_SIZE, opened);
    const files = engine.downloaded.filter((path) => path.includes("/f/"));
    return { files, counted: Object.keys(page.counts) };
  };
  return { closed: await fetched([]), lawOpened: await fetched(["law"]) };
}

async function table(dir) {
  const { engine } = freshEngine(dir);
  const { documents } = await engine.manifest();
  const all = await engine.facetTable([...Array(documents).keys()], ALL_FACETS);
  return [...Array(documents).keys()].map((ref) => all.row(ref));
}

const [mode, dir, fullPath] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(0, "utf-8"));
const modes = { analyze, analyzeAlone, compare, clauses, bytes, facets, table, shards, rank };
process.stdout.write(JSON.stringify(await modes[mode](dir, queries, fullPath)));
