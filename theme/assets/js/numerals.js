// Kanji numerals (十九, 二十五, 百二十, 二〇二五, 元) → integers.
// Browser twin of generator/normalize/numerals.py; tests/normalize/test_numerals.py runs both.

const DIGITS = {
  "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
  "九": 9, "壱": 1, "弐": 2, "参": 3,
};
const SMALL_UNITS = { "十": 10, "拾": 10, "百": 100, "千": 1000 };
const LARGE_UNITS = { "万": 10000, "億": 100000000 };
const KANJI_NUMBER = /^[〇零一二三四五六七八九十拾百千万億壱弐参]+$/;

/** Convert a kanji numeral to a number: 十九 → 19, 二〇二五 → 2025. Throws on other text. */
export function kanjiToInt(text) {
  if (!text || !KANJI_NUMBER.test(text)) {
    throw new RangeError(`not a kanji numeral: ${text}`);
  }
  const chars = Array.from(text);
  if (chars.every((ch) => ch in DIGITS)) {
    return Number(chars.map((ch) => DIGITS[ch]).join(""));
  }
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of chars) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in SMALL_UNITS) {
      section += (digit || 1) * SMALL_UNITS[ch];
      digit = 0;
    } else {
      total += (section + digit || 1) * LARGE_UNITS[ch];
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

/** An arabic (half- or full-width) or kanji numeral → number; 元 (first era year) → 1. */
export function toInt(text) {
  const trimmed = text.trim().replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (trimmed === "元") return 1;
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed);
  return kanjiToInt(trimmed);
}
