// Query analysis with the shipped vocabulary: the JS twin of generator/search/query.py.
// Documents were analyzed by Sudachi at build time; queries are segmented by longest
// match over the surfaces Sudachi produced (see the Python module for the rationale).
// Strings are handled as arrays of code points so lengths and slices match Python.

export const KEY_PREFIXES = Object.freeze({ citations: "", contractors: "c:", systems: "s:" });
export const MAX_SPAN_CHUNKS = 4;

const SEPARATOR = /^[\p{P}\p{S}\p{Z}\p{C}]$/u;
const SPACE = /^[\p{Zs}\p{Zl}\p{Zp}\p{Cc}]$/u;
const ENCODER = new TextEncoder();

export function nfkc(text) {
  return text.normalize("NFKC");
}

// NFKC, then lowercase: the form every surface and term is compared in.
export function fold(text) {
  return nfkc(text).toLowerCase();
}

export function isSeparator(char) {
  return SEPARATOR.test(char);
}

export function isSpace(char) {
  return SPACE.test(char);
}

// 32-bit FNV-1a of the UTF-8 bytes: the bucket hash of terms, surfaces and refs.
export function fnv1a32(text) {
  let value = 0x811c9dc5;
  for (const byte of ENCODER.encode(text)) {
    value ^= byte;
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value >>> 0;
}

export function bucket(text, count) {
  return fnv1a32(text) % count;
}

// Character bigrams of one run (an array of code points); one character stands for itself.
export function grams(chars) {
  if (chars.length < 2) return chars.length ? [chars.join("")] : [];
  const out = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

function unique(items) {
  return [...new Set(items)];
}

// Surfaces → terms, plus the longest surface per first character for longest match.
export class QueryVocabulary {
  constructor(entries = {}) {
    this.entries = new Map();
    this.longest = new Map();
    this.add(entries);
  }

  add(entries) {
    for (const [surface, terms] of Object.entries(entries)) {
      const chars = Array.from(surface);
      this.entries.set(surface, terms);
      this.longest.set(chars[0], Math.max(this.longest.get(chars[0]) ?? 0, chars.length));
    }
  }

  match(chars, start) {
    const limit = Math.min(this.longest.get(chars[start]) ?? 0, chars.length - start);
    for (let length = limit; length > 0; length--) {
      const candidate = chars.slice(start, start + length).join("");
      if (this.entries.has(candidate)) return candidate;
    }
    return null;
  }
}

// NFKC the query and cut it at spaces.
export function splitChunks(query) {
  const chunks = [];
  let current = [];
  for (const char of nfkc(query)) {
    if (isSpace(char)) {
      if (current.length) chunks.push(current.join(""));
      current = [];
    } else {
      current.push(char);
    }
  }
  if (current.length) chunks.push(current.join(""));
  return chunks;
}

function wordGroup(surface, terms) {
  if (!terms.length) return null;
  if (terms.length === 1) return { surface, field: "words", required: [terms[0]], optional: [] };
  return { surface, field: "words", required: unique(terms.slice(1)), optional: [terms[0]] };
}

function gramGroup(chars, start, end) {
  if (end - start === 1) {
    if (end < chars.length && !isSeparator(chars[end])) end += 1;
    else if (start > 0 && !isSeparator(chars[start - 1])) start -= 1;
  }
  const run = chars.slice(start, end);
  return { surface: run.join(""), field: "grams", required: unique(grams(run)), optional: [] };
}

export function segment(text, vocabulary) {
  const chars = Array.from(text);
  const groups = [];
  let unknownStart = null;
  let i = 0;
  while (i < chars.length) {
    const surface = vocabulary.match(chars, i);
    if (surface === null && !isSeparator(chars[i])) {
      if (unknownStart === null) unknownStart = i;
      i += 1;
      continue;
    }
    if (unknownStart !== null) {
      groups.push(gramGroup(chars, unknownStart, i));
      unknownStart = null;
    }
    if (surface === null) {
      i += 1;
      continue;
    }
    const group = wordGroup(surface, vocabulary.entries.get(surface));
    if (group) groups.push(group);
    i += Array.from(surface).length;
  }
  if (unknownStart !== null) groups.push(gramGroup(chars, unknownStart, chars.length));
  return groups;
}

function special(first, last, field, terms) {
  return { first, last, field, terms: terms.map((t) => KEY_PREFIXES[field] + fold(t)) };
}

// Hooks: { citationTerms(text) → string[], contractorKey(text) → string, systemKey(text) → string }.
export function findSpecials(chunks, hooks = {}) {
  const specials = [];
  const citations = new Map();
  const maxSize = Math.min(MAX_SPAN_CHUNKS, chunks.length);
  for (let size = 1; size <= maxSize; size++) {
    for (let first = 0; first + size <= chunks.length; first++) {
      const last = first + size - 1;
      const text = chunks.slice(first, last + 1).join(" ");
      if (hooks.citationTerms) {
        const found = unique(hooks.citationTerms(text));
        citations.set(`${first},${last}`, { first, last, found });
        const inner = new Set();
        for (const span of citations.values()) {
          const proper = span.first !== first || span.last !== last;
          if (proper && first <= span.first && span.last <= last) {
            for (const term of span.found) inner.add(term);
          }
        }
        if (found.length && !found.every((term) => inner.has(term))) {
          specials.push(special(first, last, "citations", found));
        }
      }
      for (const [field, hook] of [["contractors", hooks.contractorKey], ["systems", hooks.systemKey]]) {
        const key = hook ? hook(text) : "";
        if (key) specials.push(special(first, last, field, [key]));
      }
    }
  }
  return specials;
}

// The analysis: { chunks: [{ text, groups: [{ surface, field, required, optional }] }], specials }.
export function analyzeQuery(query, vocabulary, hooks = {}) {
  const chunks = splitChunks(query);
  return {
    chunks: chunks.map((text) => ({ text, groups: segment(fold(text), vocabulary) })),
    specials: findSpecials(chunks, hooks),
  };
}

// Characters whose vocabulary buckets a query needs: every code point of its folded chunks.
export function queryCharacters(query) {
  return unique(splitChunks(query).flatMap((chunk) => Array.from(fold(chunk))));
}
