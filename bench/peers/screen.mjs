// The npm peers of Mekong.Text on the benchmark's files (written by `Mekong.Text.Bench prepare <folder>`):
//
//   node screen.mjs <obscenity|2toad|obscenity-en|2toad-en> <folder> [--budget-seconds N]
//   (-en: the peer with its own built-in English list instead of the benchmark's terms)
//
// Loads the same watched terms, times the same posts (best of 3 passes, MB/s on UTF-8 bytes), per-post p50/p99
// latency, recall on the same obfuscated variants and false positives on the same clean sentences; prints one
// JSON line shaped like the one of `Mekong.Text.Bench screen`. Run it from a folder where the pinned peers are
// installed (bench/text/run.sh does `npm ci` in a temporary folder and sets NODE_PATH-free resolution by
// running the script from there).
//
// A pass that would take longer than the budget (obscenity runs one regular expression per term, so 10,000
// terms make it very slow) is run on the first posts only, as many as fit in the budget; the JSON says how many
// ("posts"), and MB/s is measured on those.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'package.json'));
const [engine, folder, ...rest] = process.argv.slice(2);
if (!engine || !folder) {
  console.error('usage: node screen.mjs <obscenity|2toad|obscenity-en|2toad-en> <folder> [--budget-seconds N]');
  process.exit(2);
}
const budgetAt = rest.indexOf('--budget-seconds');
const budgetSeconds = budgetAt >= 0 ? Number(rest[budgetAt + 1]) : 20;

const lines = (name) => readFileSync(join(folder, name), 'utf8').split('\n').filter((l) => l.length > 0);
const posts = lines('posts.txt');
const terms = lines('terms.txt');
// variants.tsv: term index, start and length of the variant in the sentence, the sentence.
const variants = lines('variants.tsv').map((line) => {
  const [term, start, length, ...text] = line.split('\t');
  return { term: Number(term), start: Number(start), length: Number(length), text: text.join('\t') };
});
const clean = lines('clean.txt');
// The obfuscation suite's terms are the ones that have variants; a clean sentence counts as flagged only when one
// of them matches (the 10,000 terms include ordinary words of each language, which clean sentences may contain).
const suiteTerms = new Set(variants.map((v) => v.term));

// Each engine: build(terms) → { scan(text) → number of matches (what is timed: the library's own "find all"
// call), find(text) → [{ term, start, end }] (term -1 when unknown), any(text) → bool }.
// @2toad/profanity as a screening engine: censor() finds every match (the count of matches is not part of its API).
function twoToad(profanity, CensorType) {
  return {
    scan: (text) => (profanity.censor(text, CensorType.FirstChar) === text ? 0 : 1),
    find: (text) => {
      const censored = profanity.censor(text, CensorType.FirstChar);
      const found = [];
      for (let i = 0; i < text.length; i++) {
        if (censored.charCodeAt(i) !== text.charCodeAt(i)) found.push({ term: -1, start: i, end: i + 1 });
      }
      return found;
    },
    any: (text) => profanity.exists(text),
  };
}

const engines = {
  // obscenity 0.4.6: a custom data set (one phrase per term) and its English recommended transformers, as its
  // README shows. Its transformers collapse repeated letters in the text (threshold 1, 2 for b e o l s g), so each
  // pattern is written collapsed the same way, or no term with a double letter could ever match; terms that begin
  // and end with an ASCII letter get word boundaries (|term|, \b in the regular expression), the others cannot
  // (JavaScript's \b knows only ASCII) and match anywhere.
  obscenity() {
    const { RegExpMatcher, DataSet, parseRawPattern, englishRecommendedTransformers } = require('obscenity');
    const thresholds = new Map([['b', 2], ['e', 2], ['o', 2], ['l', 2], ['s', 2], ['g', 2]]);
    const collapse = (word) => {
      let out = '';
      let run = 0;
      for (const c of word) {
        run = out.length > 0 && out.endsWith(c) ? run + 1 : 1;
        if (run <= (thresholds.get(c) ?? 1)) out += c;
      }
      return out;
    };
    const escape = (s) => s.replace(/[[\]?|\\]/g, '\\$&');
    const ascii = /^[a-z]/;
    return (termList) => {
      const dataset = new DataSet();
      termList.forEach((term, id) => {
        const body = escape(collapse(term.toLowerCase()));
        const pattern = (ascii.test(body) ? '|' : '') + body + (ascii.test(body.slice(-1)) ? '|' : '');
        dataset.addPhrase((phrase) => phrase.addPattern(parseRawPattern(pattern)).setMetadata({ id }));
      });
      const built = dataset.build();
      const matcher = new RegExpMatcher({ ...built, ...englishRecommendedTransformers });
      return {
        scan: (text) => matcher.getAllMatches(text).length,
        find: (text) =>
          matcher.getAllMatches(text).map((m) => ({
            term: dataset.getPayloadWithPhraseMetadata(m).phraseMetadata.id,
            start: m.startIndex,
            end: m.endIndex + 1,
          })),
        any: (text) => matcher.hasMatch(text),
      };
    };
  },
  // @2toad/profanity 3.3.0: one instance with the terms added (addWords) and its built-in English list removed,
  // whole words with Unicode word boundaries (its setting for non-English text). Its API says whether and where
  // something matched, not which term: censor(FirstChar) keeps the text's length, so the changed positions show
  // where matches start.
  '2toad'() {
    const { Profanity, CensorType, profaneWords } = require('@2toad/profanity');
    return (termList) => {
      const profanity = new Profanity({ languages: ['en'], wholeWord: true, unicodeWordBoundaries: true });
      profanity.removeWords([...profaneWords.get('en')]);
      profanity.addWords(termList);
      return twoToad(profanity, CensorType);
    };
  },
  // Each peer as it ships: its own built-in English list, not our 10,000 terms (the setting its published speed is
  // measured in). Recall counts any match inside the variant; a clean sentence counts when anything matches.
  'obscenity-en'() {
    const { RegExpMatcher, englishDataset, englishRecommendedTransformers } = require('obscenity');
    return () => {
      const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
      return {
        scan: (text) => matcher.getAllMatches(text).length,
        find: (text) => matcher.getAllMatches(text).map((m) => ({ term: -1, start: m.startIndex, end: m.endIndex + 1 })),
        any: (text) => matcher.hasMatch(text),
      };
    };
  },
  '2toad-en'() {
    const { Profanity, CensorType } = require('@2toad/profanity');
    return () => {
      const profanity = new Profanity({ languages: ['en'] });
      return twoToad(profanity, CensorType);
    };
  },
};
const builtIn = engine.endsWith('-en');

const factory = engines[engine]?.();
if (!factory) {
  console.error(`unknown engine ${engine}`);
  process.exit(2);
}
const utf8 = (s) => Buffer.byteLength(s, 'utf8');

let t = performance.now();
const screener = factory(terms);
screener.any('warm up the regular expressions once');
const buildMs = performance.now() - t;

// Warm-up, then as many posts as fit in the budget (all of them when the engine is fast enough).
let count = 0;
t = performance.now();
while (count < posts.length && (count < 200 || performance.now() - t < 1000 * Math.min(2, budgetSeconds / 10))) {
  screener.scan(posts[count]);
  count++;
}
const warmSeconds = (performance.now() - t) / 1000;
const estimate = (warmSeconds / count) * posts.length;
const used = estimate > budgetSeconds ? posts.slice(0, Math.max(count, Math.floor((count * budgetSeconds) / warmSeconds))) : posts;
const bytes = used.reduce((sum, p) => sum + utf8(p), 0);

let best = Infinity;
let matches = 0;
for (let pass = 0; pass < 3; pass++) {
  matches = 0;
  const start = performance.now();
  for (const post of used) matches += screener.scan(post);
  best = Math.min(best, (performance.now() - start) / 1000);
  if (used !== posts && pass === 0 && best > budgetSeconds) break; // one pass is enough to say it is slow
}

const latencies = new Float64Array(used.length);
for (let i = 0; i < used.length; i++) {
  const start = performance.now();
  screener.scan(used[i]);
  latencies[i] = (performance.now() - start) * 1000;
}
latencies.sort();
const percentile = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];

// Recall: the variant's own term (obscenity) or any match starting inside the variant (@2toad, which cannot
// say which term matched).
let caught = 0;
for (const v of variants) {
  const found = screener.find(v.text);
  if (found.some((m) => (m.term >= 0 ? m.term === v.term : m.start >= v.start && m.start < v.start + v.length))) caught++;
}
let flagged = 0;
if (builtIn) {
  flagged = clean.filter((s) => screener.any(s)).length;
} else if (engine === '2toad') {
  const suiteOnly = factory(terms.filter((_, i) => suiteTerms.has(i)));
  flagged = clean.filter((s) => suiteOnly.any(s)).length;
} else {
  flagged = clean.filter((s) => screener.find(s).some((m) => suiteTerms.has(m.term))).length;
}

const megabytes = bytes / 1048576;
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;
console.log(
  JSON.stringify({
    engine: { '2toad': '@2toad/profanity', obscenity: 'obscenity', 'obscenity-en': 'obscenity, own list', '2toad-en': '@2toad, own list' }[engine],
    terms: builtIn ? 'own' : terms.length,
    buildMs: Math.round(buildMs),
    megabytes: round(megabytes, 2),
    posts: used.length,
    sampled: used !== posts,
    mbPerSecond: round(megabytes / best, megabytes / best < 1 ? 3 : 1),
    p50Microseconds: round(percentile(0.5), 1),
    p99Microseconds: round(percentile(0.99), 1),
    matches: engine.startsWith('2toad') ? null : matches, // @2toad: censor() does not count matches
    postsFlagged: engine.startsWith('2toad') ? matches : undefined,
    variants: variants.length,
    recall: round(caught / variants.length, 3),
    cleanSentences: clean.length,
    cleanFlagged: flagged,
  }),
);
