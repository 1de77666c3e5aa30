// Match keys of contractor and system names in the browser's query analyzer.
// Twin of generator/normalize/text.py (fold_name), contractors.py (contractor_key)
// and systems.py (system_key): tests/normalize/test_names_js_parity.py requires
// identical output. The tables are not repeated here: the build emits them as JSON
// ({"contractors": contractors.key_tables(), "systems": systems.system_alias_map()})
// and the caller passes them in.

// Spelled out instead of \s, as in text.py: Python's and JavaScript's \s differ.
const NAME_PUNCTUATION_RE =
  /[ \t\n\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff・]+/g;
const HYPHENS_RE = /[\u2010-\u2015\u2212\ufe63\uff0d]/g;
const TRAILING_LONG_VOWEL_RE = /(?<=[ァ-ヺ])ー+(?![ァ-ヺー])/g;
const ASCII_UPPER_RE = /[A-Z]+/g;
const QUALIFIED_KEY_RE = /^([^()]+)\((.+)\)$/;

/** NFKC → dashes to '-' → long vowels folded → spaces and ・ removed → ASCII lower case. */
export function foldName(text) {
  return text
    .normalize("NFKC")
    .replace(HYPHENS_RE, "-")
    .replace(TRAILING_LONG_VOWEL_RE, "")
    .replace(NAME_PUNCTUATION_RE, "")
    .replace(ASCII_UPPER_RE, (upper) => upper.toLowerCase());
}

/** (株)NTTデータ → 株式会社NTTデータ; tables.abbreviations is longest first. */
export function expandAbbreviations(text, tables) {
  let out = text;
  for (const [short, form] of tables.abbreviations) {
    out = out.split(short).join(form);
  }
  return out;
}

/**
 * Match key of a contractor name or query fragment (contractor_key in Python).
 * tables: {forms, nameBound, abbreviations} from contractors.key_tables().
 */
export function contractorKey(text, tables) {
  let key = foldName(expandAbbreviations(text.normalize("NFKC"), tables));
  const bound = new Set(tables.nameBound);
  const removable = tables.forms.filter((form) => !bound.has(form)).map(foldName);
  const prefix = removable.find((form) => key.startsWith(form));
  if (prefix !== undefined) {
    key = key.slice(prefix.length);
  }
  const suffix = removable.find((form) => key.endsWith(form) && key.length > form.length);
  if (suffix !== undefined) {
    key = key.slice(0, key.length - suffix.length);
  }
  return key;
}

/**
 * Match key of a system name or query fragment (system_key in Python).
 * aliasMap: folded alias → folded canonical name, from systems.system_alias_map().
 */
export function systemKey(text, aliasMap) {
  const key = foldName(text);
  if (Object.hasOwn(aliasMap, key)) {
    return aliasMap[key];
  }
  const qualified = QUALIFIED_KEY_RE.exec(key);
  if (qualified && Object.hasOwn(aliasMap, qualified[1])) {
    return `${aliasMap[qualified[1]]}(${qualified[2]})`;
  }
  return key;
}
