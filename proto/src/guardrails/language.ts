// Languages written in their own script, told apart by the script alone.
const SCRIPTS: [string, RegExp][] = [
  ['ja', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['ko', /\p{Script=Hangul}/u],
  ['zh', /\p{Script=Han}/u],
  ['ru', /\p{Script=Cyrillic}/u],
  ['el', /\p{Script=Greek}/u],
  ['ar', /\p{Script=Arabic}/u],
  ['he', /\p{Script=Hebrew}/u],
  ['hi', /\p{Script=Devanagari}/u],
  ['th', /\p{Script=Thai}/u],
];

// The most frequent function words of Latin-script languages.
const STOPWORDS: Record<string, string[]> = {
  en: 'the and is are was of to in that it for on with as you this be have not what how can your please'.split(
    ' ',
  ),
  fr: 'le la les et est un une des du que qui dans pour pas vous sur avec ce je au sont'.split(' '),
  de: 'der die das und ist nicht ein eine ich sie zu mit den von auf für sind auch es'.split(' '),
  es: 'el la los las y es un una que de en por para con no se su al lo como está'.split(' '),
  it: 'il la le e è un una che di non per con sono del della gli lo questo mi'.split(' '),
  pt: 'o a os as e é um uma que de não em para com do da por se você mais'.split(' '),
  nl: 'de het en is een van niet dat ik je met op te zijn voor er maar ook'.split(' '),
};
const STOPWORD_SETS = Object.entries(STOPWORDS).map(([lang, words]) => [lang, new Set(words)] as const);

/** Codes `detectLanguage` can return (ISO 639-1), besides `und`. */
export const DETECTABLE_LANGUAGES = [...SCRIPTS.map(([l]) => l), ...Object.keys(STOPWORDS)];

/**
 * The text's language as an ISO 639-1 code, or `und` when it cannot tell (too little text,
 * no known function words). Non-Latin scripts decide by script (at least 30% of letters);
 * Latin-script languages by counting their most frequent function words. A heuristic.
 */
export function detectLanguage(text: string): string {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 3) return 'und';
  for (const [lang, script] of SCRIPTS) {
    let n = 0;
    for (const ch of letters) if (script.test(ch)) n++;
    if (n / letters.length >= 0.3) return lang;
  }
  const words = text.toLowerCase().split(/[^\p{L}]+/u);
  let best = 'und';
  let bestScore = 0;
  for (const [lang, set] of STOPWORD_SETS) {
    let score = 0;
    for (const w of words) if (set.has(w)) score++;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return bestScore >= 1 ? best : 'und';
}
