// Runs the browser search code under node for tests/search/*.py.
// usage: node tests/js/search_harness.mjs <analyze|compare|clauses|bytes> <search-dir> [full-index.json]
// stdin: JSON array of query strings (clauses: of clause lists); stdout: JSON array, one
// entry per query.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SearchEngine } from "../../theme/assets/js/search-engine.js";
import { searchPlans } from "../../theme/assets/js/scorer.js";
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

const [mode, dir, fullPath] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(0, "utf-8"));
const modes = { analyze, compare, clauses, bytes };
process.stdout.write(JSON.stringify(await modes[mode](dir, queries, fullPath)));
