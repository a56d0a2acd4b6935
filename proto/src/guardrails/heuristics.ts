/** Phrasings of prompt-injection and jailbreak attempts (case-insensitive). */
export const INJECTION_PATTERNS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system)\b[^.\n]{0,30}\b(?:instructions?|prompts?|rules|directions|guidelines|messages?|context|constraints)\b/i,
  /\b(?:reveal|print|show|repeat|output|leak|tell me|display)\b[^.\n]{0,30}\b(?:system prompt|hidden (?:prompt|instructions)|initial (?:prompt|instructions)|your (?:instructions|prompt|rules))\b/i,
  /\byou are (?:now )?(?:DAN|in developer mode|jailbroken|unfiltered|unrestricted|free from)\b/i,
  /\b(?:do anything now|developer mode (?:enabled|on)|jailbreak(?:ed)? mode)\b/i,
  /\b(?:act|behave|pretend|roleplay)\b[^.\n]{0,30}\b(?:without|no)\b[^.\n]{0,20}\b(?:restrictions|rules|filters|limits|guidelines|censorship)\b/i,
  /\bnew (?:system )?instructions?\s*:/i,
  /<\|?(?:im_start|im_end|system|endoftext)\|?>/i,
  /^\s*#{2,}\s*(?:system|instruction)s?\b/im,
];

/** How many injection patterns the text matches. */
export function injectionScore(text: string): number {
  let n = 0;
  for (const p of INJECTION_PATTERNS) if (p.test(text)) n++;
  return n;
}

const CODE_LINE =
  /^\s*(?:def \w+\(|class \w+[(:{ ]|import [\w{*]|from [\w.]+ import |function\s*\w*\s*\(|(?:const|let|var) \w+ ?=|#include\s*[<"]|(?:public|private|protected)(?: static)? [\w<>[\]]+ \w+\s*\(|package [\w.]+;|using [\w.]+;|fn \w+\(|func \w+\(|SELECT .+ FROM |INSERT INTO |<\?php|<script\b|if\s*\(.*\)\s*\{|for\s*\(.*\)\s*\{|return\b.*;\s*$|}\s*else\s*\{)/im;

/**
 * Whether the text holds source code: a fenced block, or at least two lines that look like
 * statements of a common language (definitions, imports, braces and semicolons). A heuristic.
 */
export function containsCode(text: string): boolean {
  if (/```[\s\S]*?```/.test(text)) return true;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (CODE_LINE.test(line) || /[;{}]\s*$/.test(line)) {
      if (++lines >= 2) return true;
    }
  }
  return false;
}
