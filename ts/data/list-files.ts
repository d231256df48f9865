// tf.data.Dataset.list_files (Node): the files matching glob patterns, as TensorFlow's
// MatchingFiles op finds them (tensorflow/tsl/platform/file_system_helper.cc GetMatchingPaths):
// each path component is matched on its own, with fnmatch's FNM_PATHNAME rules: '*' any run of
// characters but '/', '?' one character, '[...]' one of a set ('[!...]' or '[^...]' none of it,
// 'a-z' ranges), '\' the next character as it is. A leading '.' needs no explicit match (no
// FNM_PERIOD: '*' matches hidden files). All patterns' matches are sorted together.

import { describe } from '../describe';
import { nodeFiles } from '../io/node-files';
import { type Pipeline, pipeline } from './pipeline';
import { StringSpec } from './strings';
import { InvalidArgumentError, tfError } from '../errors';

/** Whether a path component needs matching (holds one of TensorFlow's wildcard characters). */
function isPattern(component: string): boolean {
  return /[*?[\\]/.test(component);
}

/** fnmatch(pattern, name) for one path component (no '/' in either). */
export function matchComponent(pattern: string, name: string): boolean {
  // Backtracking over the last '*' (the classic linear glob matcher).
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const step = p < pattern.length ? matchOne(pattern, p, name[n]!) : null;
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starN = n;
    } else if (step !== null && step.matched) {
      p = step.next;
      n++;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether the pattern element at `p` (not '*') matches `c`, and where the next element starts. */
function matchOne(pattern: string, p: number, c: string): { matched: boolean; next: number } {
  const ch = pattern[p]!;
  if (ch === '?') return { matched: true, next: p + 1 };
  if (ch === '\\' && p + 1 < pattern.length) return { matched: pattern[p + 1] === c, next: p + 2 };
  if (ch === '[') {
    let i = p + 1;
    const negate = pattern[i] === '!' || pattern[i] === '^';
    if (negate) i++;
    let found = false;
    let first = true;
    while (i < pattern.length && (first || pattern[i] !== ']')) {
      first = false;
      let lo = pattern[i]!;
      if (lo === '\\' && i + 1 < pattern.length) lo = pattern[++i]!;
      if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
        let hi = pattern[i + 2]!;
        i += 2;
        if (hi === '\\' && i + 1 < pattern.length) hi = pattern[++i]!;
        if (lo <= c && c <= hi) found = true;
      } else if (lo === c) found = true;
      i++;
    }
    // No closing ']': the '[' is an ordinary character (as fnmatch treats it).
    if (i >= pattern.length) return { matched: c === '[', next: p + 1 };
    return { matched: found !== negate, next: i + 1 };
  }
  return { matched: ch === c, next: p + 1 };
}

/** The component without its escapes (a literal component's file name). */
function unescape(component: string): string {
  return component.replace(/\\(.)/g, '$1');
}

/** The paths matching one pattern, unsorted. */
function matchingPaths(pattern: string, op: string): string[] {
  const { fs } = nodeFiles(op);
  const components = pattern.split('/');
  // Each candidate is a path built so far ('' before the first component).
  let candidates: string[] = [''];
  components.forEach((component, i) => {
    const join = (prefix: string, name: string): string => (i === 0 ? name : `${prefix}/${name}`);
    if (!isPattern(component)) {
      candidates = candidates.map((c) => join(c, component));
      return;
    }
    candidates = candidates.flatMap((c) => {
      const dir = i === 0 ? '.' : c === '' ? '/' : c;
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        return [];
      }
      return names.filter((name) => matchComponent(component, name)).map((name) => join(c, name));
    });
  });
  return candidates.filter((path) => fs.existsSync(unescape(path)));
}

/** TensorFlow's string order: by UTF-8 bytes (for these paths, by code point). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
  return x.length - y.length;
}

/** @internal The pipeline of the files matching `patterns` (a pattern or an array of them), sorted;
 * no match is TensorFlow's error. */
export function listFiles(patterns: unknown, op: string): Pipeline {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string')) {
    throw new Error(`${op}: filePattern must be a glob pattern (a string) or an array of them, got ${describe(patterns)}.`);
  }
  const files = (list as string[]).flatMap((p) => matchingPaths(p, op)).sort(byCodePoint);
  if (files.length === 0) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: No files matched pattern: ${(list as string[]).join(', ')}`);
  return pipeline(
    function* () {
      yield* files;
    },
    files.length,
    () => new StringSpec([]),
  );
}
