// Search over the sharded index written by generator/search/shards.py (format
// "pia-search" version 5). Loads the manifest, the vocabulary buckets and the term
// shards (word fields, t/) and gram shards (grams field, g/) a query needs (each file
// once, cached), plans lunr query clauses and scores them over the flat posting lists
// with scorer.js, which reproduces lunr.js 2.3.9's Index.query to the bit: results and
// scores equal those of one full lunr index (lunr.js is the tests' oracle, not loaded
// by the site). Documents are numbered 0…N−1 in ref order; the number is the result's
// ref, and its display fragment (d/) and its facet values (f/<group>/,
// generator/search/facet_table.py; each group fetched only when its facets are asked
// for) are found from it. No UI here.
// Works in the browser (fetch) and in node (inject `load`).
import { analyzeQuery, bucket, queryCharacters, QueryVocabulary } from "./analyzer.js";
import { queryCitationTerms } from "./citations.js";
import { FacetColumn, FacetTable } from "./facet-table.js";
import { contractorKey, systemKey } from "./names.js";
import { rankPlans, searchPlans } from "./scorer.js";

export const FORMAT = "pia-search";
export const FORMAT_VERSION = 5;

function fetchLoader(baseUrl) {
  return async (path) => {
    const response = await fetch(new URL(path, baseUrl));
    if (!response.ok) throw new Error(`検索索引を読み込めません: ${path} (${response.status})`);
    return response.json();
  };
}

// Hooks built from the normalizer tables the index ships (names.json, laws.json).
export function hooksFromTables(names, laws) {
  return {
    citationTerms: (text) => queryCitationTerms(text, laws),
    contractorKey: (text) => contractorKey(text, names.contractors),
    systemKey: (text) => systemKey(text, names.systems),
  };
}

// Greedy choice of special keys present in the index: widest spans first, no overlaps.
export function resolveSpecials(specials, exists) {
  const order = specials
    .map((special, position) => ({ special, position }))
    .sort(
      (a, b) =>
        b.special.last - b.special.first - (a.special.last - a.special.first) ||
        a.special.first - b.special.first ||
        a.position - b.position,
    );
  const covered = new Set();
  const chosen = [];
  for (const { special } of order) {
    const span = [];
    for (let i = special.first; i <= special.last; i++) span.push(i);
    if (span.some((i) => covered.has(i))) continue;
    const terms = special.terms.filter((term) => exists(term, special.field));
    if (!terms.length) continue;
    span.forEach((i) => covered.add(i));
    chosen.push({ ...special, terms });
  }
  return { chosen, covered };
}

// Clauses {term, fields, presence: "required"|"optional"} for an analysis whose specials
// have been resolved. Every query word is required (AND); long units only boost. A chosen
// citation is required; a chosen contractor or system key is optional and its expansion
// (the key's own words, from the shard) is required, so prose mentions are still found.
export function planClauses(analysis, chosen, covered, manifest, expansionOf) {
  const clauses = [];
  const fieldsOf = { words: manifest.wordFields, grams: ["grams"] };
  const addGroup = (field, required, optional) => {
    const fields = fieldsOf[field];
    for (const term of required) clauses.push({ term, fields, presence: "required" });
    for (const term of optional) clauses.push({ term, fields, presence: "optional" });
  };
  analysis.chunks.forEach((chunk, index) => {
    if (covered.has(index)) return;
    for (const group of chunk.groups) addGroup(group.field, group.required, group.optional);
  });
  for (const special of chosen) {
    for (const term of special.terms) {
      const expansion = special.field === "citations" ? null : expansionOf(term);
      if (expansion) for (const [field, required, optional] of expansion) addGroup(field, required, optional);
      const presence = expansion ? "optional" : "required";
      clauses.push({ term, fields: [special.field], presence });
    }
  }
  return clauses;
}

// Systems have aliases whose words differ from the canonical name's (住基ネット); a
// contractor's variants differ only in corporate form, width and spacing, which its key folds.
const ALIAS_FIELDS = new Set(["systems"]);

// Results of several queries as one list: a document keeps its best score and all its
// matches; best first, ties by ref (document number: ref order) so the order is deterministic.
// The rule of search(), which applies it to scores (scorer.js mergePlans); the tests apply it
// to lunr.js's results.
export function mergeResults(resultLists) {
  const merged = new Map();
  for (const results of resultLists) {
    for (const result of results) {
      const seen = merged.get(result.ref);
      if (!seen) {
        merged.set(result.ref, { ...result, matches: { ...result.matches } });
        continue;
      }
      seen.score = Math.max(seen.score, result.score);
      for (const [term, fields] of Object.entries(result.matches)) {
        seen.matches[term] = [...new Set([...(seen.matches[term] ?? []), ...fields])];
      }
    }
  }
  const byRef = (a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
  return [...merged.values()].sort((a, b) => b.score - a.score || byRef(a, b));
}

// Terms looked up in the term shards first: the specials' keys and the words of the chunks
// no citation spans. A citation found in the index replaces the words it spans (it is
// required and has no expansion), and those words are the commonest of all (番号法, 第19条:
// at 60,000 assessments 番号法第19条第8号's words are 1.2 MB of postings gzip, its
// citation key about 60 KB); plan() fetches them only if the citation is not indexed.
function firstTerms(analysis) {
  const cited = new Set();
  for (const special of analysis.specials) {
    if (special.field !== "citations") continue;
    for (let index = special.first; index <= special.last; index++) cited.add(index);
  }
  const terms = new Set();
  analysis.chunks.forEach((chunk, index) => {
    if (cited.has(index)) return;
    for (const group of chunk.groups) {
      if (group.field === "words") [...group.required, ...group.optional].forEach((t) => terms.add(t));
    }
  });
  for (const special of analysis.specials) special.terms.forEach((t) => terms.add(t));
  return [...terms];
}

export class SearchEngine {
  // options: { baseUrl, load(path) → Promise<json>, hooks }
  constructor({ baseUrl = "search/", load = null, hooks = null } = {}) {
    this.load = load ?? fetchLoader(new URL(baseUrl, globalThis.location?.href));
    this.hooks = hooks;
    this.files = new Map();
    this.facetFiles = new Map(); // "group/file" → the promise of its decoding
    this.facets = new FacetTable(); // the columns of the facet files decoded so far
    // Every vocabulary bucket loaded so far, in one vocabulary: a query's analysis looks up
    // only surfaces starting with its own characters, all in its own buckets, so the other
    // buckets change nothing, and each bucket is added once instead of on every query.
    this.vocabulary = new QueryVocabulary();
    this.vocabularyParts = new WeakSet();
    this.downloaded = [];
  }

  file(path) {
    if (!this.files.has(path)) {
      this.downloaded.push(path);
      this.files.set(path, this.load(path));
    }
    return this.files.get(path);
  }

  async manifest() {
    const manifest = await this.file("manifest.json");
    if (manifest.format !== FORMAT || manifest.version !== FORMAT_VERSION) {
      throw new Error(`検索索引の形式が違います: ${manifest.format} ${manifest.version}`);
    }
    return manifest;
  }

  async part(kind, key, count) {
    const manifest = await this.manifest();
    return this.file(`${manifest.build}/${kind}/${bucket(key, count)}.json`);
  }

  async queryHooks() {
    if (this.hooks) return this.hooks;
    const { build } = await this.manifest();
    const [names, laws] = await Promise.all([
      this.file(`${build}/names.json`),
      this.file(`${build}/laws.json`),
    ]);
    this.hooks = hooksFromTables(names, laws);
    return this.hooks;
  }

  async vocabularyFor(query) {
    const { files } = await this.manifest();
    const parts = await Promise.all(
      queryCharacters(query).map((char) => this.part("v", char, files.vocabulary)),
    );
    for (const part of parts) {
      if (this.vocabularyParts.has(part)) continue;
      this.vocabularyParts.add(part);
      this.vocabulary.add(part.surfaces);
    }
    return this.vocabulary;
  }

  async analyze(query) {
    const [vocabulary, hooks] = await Promise.all([this.vocabularyFor(query), this.queryHooks()]);
    return analyzeQuery(query, vocabulary, hooks);
  }

  // kind "t": word-field postings (term shards); "g": grams postings (gram shards).
  async entries(terms, kind = "t") {
    const { files } = await this.manifest();
    const count = kind === "g" ? files.grams : files.terms;
    const entries = new Map();
    await Promise.all(
      terms.map(async (term) => {
        const shard = await this.part(kind, term, count);
        if (Object.hasOwn(shard.terms, term)) entries.set(term, shard.terms[term]);
      }),
    );
    return entries;
  }

  // Adds the grams postings of the terms that clauses search in the grams field.
  async addGrams(entries, clauses) {
    const terms = new Set(clauses.filter((c) => c.fields.includes("grams")).map((c) => c.term));
    for (const [term, [termIndex, lists]] of await this.entries([...terms], "g")) {
      const words = entries.get(term);
      entries.set(term, words ? [words[0], { ...words[1], ...lists }, ...words.slice(2)] : [termIndex, lists]);
    }
  }

  // → { analysis, chosen, clauses, entries }: the main query, for tests and debugging.
  async plan(query) {
    const manifest = await this.manifest();
    const analysis = await this.analyze(query);
    const entries = await this.entries(firstTerms(analysis));
    const exists = (term, field) => Boolean(entries.get(term)?.[1][field]);
    const { chosen, covered } = resolveSpecials(analysis.specials, exists);
    const expansionOf = (term) => entries.get(term)?.[2] ?? null;
    const clauses = planClauses(analysis, chosen, covered, manifest, expansionOf);
    await this.complete(entries, clauses);
    return { analysis, chosen, clauses, entries };
  }

  // → { plans: [clauses…], entries }: the queries search() runs and merges. When the
  // query names a system, the system's key (with its canonical words) is one query and the
  // words as typed are a second, so an alias used in prose (住基ネット) is found too.
  async plans(query) {
    const manifest = await this.manifest();
    const { analysis, chosen, clauses, entries } = await this.plan(query);
    if (!chosen.some((special) => ALIAS_FIELDS.has(special.field))) {
      return { plans: [clauses], entries };
    }
    const exists = (term, field) => Boolean(entries.get(term)?.[1][field]);
    const citations = analysis.specials.filter((special) => special.field === "citations");
    const cited = resolveSpecials(citations, exists);
    const literal = planClauses(analysis, cited.chosen, cited.covered, manifest, () => null);
    await this.complete(entries, literal);
    return { plans: [clauses, literal], entries };
  }

  // Fetches the postings the clauses need that are not loaded yet.
  async complete(entries, clauses) {
    const wordClauses = clauses.filter((c) => c.fields.some((field) => field !== "grams"));
    const missing = [...new Set(wordClauses.map((c) => c.term))].filter((t) => !entries.has(t));
    for (const [term, entry] of await this.entries(missing)) entries.set(term, entry);
    await this.addGrams(entries, clauses);
  }

  // → [{ ref, score, matches: {term: [field]} }], best first; ref is the document number.
  async search(query) {
    const { documents } = await this.manifest();
    const { plans, entries } = await this.plans(query);
    return searchPlans(plans, entries, documents);
  }

  // → { refs, scores, matchesOf } (scorer.js rankPlans): search() without an object per
  // result, for the results page.
  async ranked(query) {
    const { documents } = await this.manifest();
    const { plans, entries } = await this.plans(query);
    return rankPlans(plans, entries, documents);
  }

  // → {number: {url, title, agency, kind, business, published, excerpt}} for
  // document numbers (any iterable); file n of d/ holds documents n × documentsPerFile onwards.
  async fragments(refs) {
    const { build, documents, documentsPerFile } = await this.manifest();
    const out = {};
    await Promise.all(
      Array.from(refs, async (ref) => {
        if (!Number.isInteger(ref) || ref < 0 || ref >= documents) return;
        const part = await this.file(`${build}/d/${Math.floor(ref / documentsPerFile)}.json`);
        out[ref] = part.documents[ref - part.first];
      }),
    );
    return out;
  }

  // → a FacetTable (facet-table.js) holding the values of every document of `refs` for at
  // least the facets `names` (facets of groups loaded earlier are there too). File n of
  // group g (f/<g>/) holds documents n × documentsPerFile onwards.
  async facetTable(refs, names) {
    const { documents, facets } = await this.manifest();
    const loads = [];
    facets.groups.forEach((group, number) => {
      if (!group.names.some((name) => names.includes(name))) return;
      const perFile = group.documentsPerFile;
      const needed = new Uint8Array(Math.ceil(documents / perFile));
      for (const ref of refs) {
        if (Number.isInteger(ref) && ref >= 0 && ref < documents) needed[Math.floor(ref / perFile)] = 1;
      }
      needed.forEach((flag, file) => flag && loads.push(this.facetFile(number, file)));
    });
    await Promise.all(loads);
    return this.facets;
  }

  // File `file` of group `group`, decoded (once) into this.facets.
  facetFile(group, file) {
    const key = `${group}/${file}`;
    if (!this.facetFiles.has(key)) this.facetFiles.set(key, this.decodeFacetFile(group, file));
    return this.facetFiles.get(key);
  }

  async decodeFacetFile(group, file) {
    const { build, facets } = await this.manifest();
    const [labels, part] = await Promise.all([
      this.file(`${build}/f/${group}/values.json`),
      this.file(`${build}/f/${group}/${file}.json`),
    ]);
    const { documentsPerFile, names } = facets.groups[group];
    for (const facet of names) {
      this.facets.columns[facet] ??= new FacetColumn(labels.values[facet], documentsPerFile);
      this.facets.columns[facet].addFile(part.first, part.facets[facet]);
    }
  }
}
