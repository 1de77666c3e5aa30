// A search query → law-citation terms. Browser twin of query_citation_terms in
// generator/normalize/citations/terms.py; both read the same registry (generator/normalize/
// laws.json, shipped next to the search index). tests/normalize/test_citations_js_parity.py
// requires identical output for every query.
import { toInt } from "./numerals.js";

export const TERM_PREFIX = "cite:";
const NUMBER = "(?:[0-9]{1,9}|[〇一二三四五六七八九十百千]{1,9})";
const BRANCHED = `${NUMBER}(?:の${NUMBER})*`;
const QUERY_PROVISION = new RegExp(
  `第?(${NUMBER})条((?:の${NUMBER})*)(?:第?(${NUMBER})項(?!番))?(?:第?(${NUMBER})号((?:の${NUMBER})*))?`,
  "y",
);
const QUERY_DELEGATION = /に基づく(主務省令|命令)/y;
const QUERY_TABLE = new RegExp(
  `(の)?(別表(?:第(${NUMBER}))?|表)の?(?:項番)?(${BRANCHED})?(?:の項|項)?`,
  "y",
);
const NUMBER_GLOBAL = new RegExp(NUMBER, "g");
const WHITESPACE = /[ \t\n\r\f\v]+/g;
const ONE_TO_ONE = { "\u3000": " ", "條": "条", "ノ": "の", "〜": "~", "\u00a0": " " };
const KANJI_DIGITS = "〇一二三四五六七八九";

/** Full-width ASCII → ASCII, 條 → 条, ノ → の, wave dashes → ~ (length-preserving). */
export function matchingCopy(text) {
  return text.replace(/[\uff01-\uff5e\u3000條ノ〜\u00a0]/g, (ch) =>
    ch in ONE_TO_ONE ? ONE_TO_ONE[ch] : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

function numberValue(text) {
  return String(toInt(text));
}

function branchedValue(text) {
  return text.split("の").map(numberValue).join("_");
}

function kanjiNumber(value) {
  let text = "";
  let rest = value;
  for (const [unit, name] of [[1000, "千"], [100, "百"], [10, "十"]]) {
    const count = Math.floor(rest / unit);
    rest %= unit;
    if (count) text += (count === 1 ? "" : KANJI_DIGITS[count]) + name;
  }
  return text + (rest ? KANJI_DIGITS[rest] : "");
}

function labelNumber(value) {
  return value > 0 && value < 10000 ? kanjiNumber(value) : String(value);
}

function tableCode(label) {
  if (label === "表") return "hyo";
  const number = label.replace(/^別表/, "").replace(/^第/, "");
  return "beppyo" + (number ? String(toInt(number)) : "");
}

/** One lunr-safe term: cite:<law>[:<provision>][:<table>[#<row>]]. */
export function term(law, provision = null, label = null, row = "") {
  let text = TERM_PREFIX + law;
  if (provision) text += ":" + provision;
  if (label) text += ":" + tableCode(label) + (row ? `#${row}` : "");
  return text;
}

function registryNames(registry) {
  const names = new Map();
  for (const [key, law] of Object.entries(registry.laws)) {
    for (const name of [law.title, law.short, ...(law.aliases || [])]) {
      names.set(matchingCopy(name), key);
    }
  }
  return [...names.entries()].sort((a, b) =>
    b[0].length - a[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
}

function delegate(registry, law, article, item) {
  for (const [key, entry] of Object.entries(registry.laws)) {
    const via = entry.delegated_by;
    if (via && via.law === law && via.article === article && (via.item ?? null) === item) {
      return { key, names: via.names };
    }
  }
  return null;
}

function tableAlias(registry, law, label) {
  return (registry.table_aliases || []).find((a) => a.law === law && a.label === label) || null;
}

function provisionPath(article, paragraph, item) {
  let path = `a${article}`;
  if (paragraph !== null) path += `.p${paragraph}`;
  if (item !== null) path += `.i${item}`;
  return path;
}

function matchAt(pattern, text, position) {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

class QueryState {
  constructor(defaultLaw) {
    this.defaultLaw = defaultLaw;
    this.law = null;
    this.lawUsed = false;
    this.terms = [];
    this.last = null;
  }

  flushLaw() {
    if (this.law !== null && !this.lawUsed) this.terms.push(term(this.law));
  }

  setLaw(law) {
    this.flushLaw();
    this.law = law;
    this.lawUsed = false;
    this.last = null;
  }
}

function readProvision(text, match, registry, state) {
  const law = state.law ?? state.defaultLaw;
  const branches = (match[2].match(NUMBER_GLOBAL) || []).map((n) => "_" + numberValue(n));
  const article = numberValue(match[1]) + branches.join("");
  const paragraph = match[3] ? numberValue(match[3]) : null;
  const item = match[4] ? branchedValue(match[4] + match[5]) : null;
  const end = match.index + match[0].length;
  const delegation = matchAt(QUERY_DELEGATION, text, end);
  const target = delegation ? delegate(registry, law, article, item) : null;
  if (target !== null && target.names.includes(delegation[1])) {
    state.setLaw(target.key);
    return end + delegation[0].length;
  }
  const provision = provisionPath(article, paragraph, item);
  state.terms.push(term(law, provision));
  state.lawUsed = true;
  state.last = [law, provision, end];
  return end;
}

function readTable(match, registry, state) {
  const attached = state.last !== null && state.last[2] === match.index;
  if (match[2] === "表" && !(match[1] && attached)) return null;
  const owner = attached ? state.last[0] : state.law ?? state.defaultLaw;
  const label = match[3] ? "別表第" + labelNumber(toInt(match[3])) : match[2];
  const alias = tableAlias(registry, owner, label);
  const row = match[4] ? branchedValue(match[4]) : "";
  if (attached) state.terms.pop();
  const provision = attached ? state.last[1] : null;
  state.terms.push(term(owner, provision, alias ? alias.alias_of : label, row));
  state.lawUsed = true;
  state.last = null;
  return match.index + match[0].length;
}

function step(text, position, names, registry, state) {
  for (const [name, key] of names) {
    if (text.startsWith(name, position)) {
      state.setLaw(key);
      return position + name.length;
    }
  }
  const provision = matchAt(QUERY_PROVISION, text, position);
  if (provision) return readProvision(text, provision, registry, state);
  const table = matchAt(QUERY_TABLE, text, position);
  if (table) return readTable(table, registry, state) ?? position + 1;
  return position + 1;
}

/**
 * Citation terms for a search query: 番号法19条8号, 第十九条第八号 and マイナンバー法 19条 8号
 * all give ["cite:mynumber_act:a19.i8"]. A provision without a law name belongs to the
 * registry's default law (番号法). `registry` is the decoded laws.json.
 */
export function queryCitationTerms(query, registry) {
  const names = registryNames(registry);
  const text = matchingCopy(query).replace(WHITESPACE, "");
  const state = new QueryState(registry.default_law);
  let position = 0;
  while (position < text.length) {
    position = step(text, position, names, registry, state);
  }
  state.flushLaw();
  return [...new Set(state.terms)];
}
