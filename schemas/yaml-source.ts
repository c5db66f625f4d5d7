import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  Lexer,
  visit,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';

/** Where things are in a parsed YAML document, so errors can name a line and column. */

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/**
 * The node at a path (keys and sequence indexes), or the deepest one that
 * exists: a missing field points at the mapping that lacks it. With `atKey`
 * the last step returns the key rather than its value (an unknown field).
 */
export function nodeAt(
  doc: Document,
  path: readonly PropertyKey[],
  atKey: boolean,
): YamlNode | undefined {
  let node: YamlNode | undefined = doc.contents ?? undefined;
  for (const [index, key] of path.entries()) {
    const here: unknown = isAlias(node) ? node.resolve(doc) : node;
    let next: unknown;
    if (isMap(here)) {
      const pair = here.items.find((item) => keyText(item.key) === String(key));
      if (pair === undefined) break;
      if (atKey && index === path.length - 1 && isNode(pair.key)) return pair.key;
      next = pair.value;
    } else if (isSeq(here) && typeof key === 'number') {
      next = here.items[key];
    }
    if (!isNode(next)) break;
    node = next;
  }
  return node;
}

function span(node: unknown): readonly [number, number] | undefined {
  return isNode(node) && node.range != null ? [node.range[0], node.range[2]] : undefined;
}

function covers(node: unknown, offset: number): boolean {
  const range = span(node);
  return range !== undefined && range[0] <= offset && offset < range[1];
}

// From the key to the end of the value: a tag or anchor before the value belongs to the pair.
function pairCovers(pair: Pair, offset: number): boolean {
  const key = span(pair.key);
  const value = span(pair.value);
  const start = key?.[0] ?? value?.[0];
  const end = value?.[1] ?? key?.[1];
  return start !== undefined && end !== undefined && start <= offset && offset < end;
}

/** The path of the deepest node around a text offset, for YAML errors that come with one. */
export function pathAt(doc: Document, offset: number): PropertyKey[] {
  const path: PropertyKey[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => pairCovers(p, offset));
      if (pair === undefined) return path;
      path.push(keyText(pair.key) ?? '?');
      if (covers(pair.key, offset)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => covers(item, offset));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

/**
 * The first key that repeats an earlier key of its mapping. Done here in one
 * pass rather than by the parser's `uniqueKeys`, which compares every key with
 * every other: minutes for a mapping of some 40,000 keys.
 */
export function firstDuplicateKey(doc: Document): YamlNode | undefined {
  const found: YamlNode[] = [];
  visit(doc, {
    Map: (_key, map) => {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        if (text === undefined) continue;
        if (seen.has(text) && isNode(pair.key)) {
          found.push(pair.key);
          return visit.BREAK;
        }
        seen.add(text);
      }
      return undefined;
    },
  });
  return found[0];
}

/** Where the first alias (`*name`) is. */
export function firstAliasOffset(doc: Document): number | undefined {
  const offsets: number[] = [];
  visit(doc, {
    Alias: (_key, node) => {
      if (node.range != null) offsets.push(node.range[0]);
      return visit.BREAK;
    },
  });
  return offsets[0];
}

// Lexer marks that stand for no source text: document start, flow end, scalar.
const MARKS = new Set(['\x02', '\x18', '\x1f']);
const BLOCK_INDICATORS = new Set(['-', '?', ':']);
const FLOW_STARTS = new Set(['[', '{']);
const FLOW_ENDS = new Set([']', '}']);
const WHITESPACE = /^[ \t]+$/;

/**
 * The offset of the first token at which the text may nest deeper than
 * `maxDepth`, or undefined. The parser and composer take time and stack per
 * level, and stack exhaustion deep inside V8 can abort the whole process
 * instead of throwing, so depth is bounded before they run, from the
 * (iterative) lexer's tokens alone. Every level needs a bracket or an
 * indicator, so counting those on the lines still open (by indentation) is an
 * upper bound; each bracket counts twice when it holds a `:` (an implicit map).
 */
export function tooDeepOffset(text: string, maxDepth: number): number | undefined {
  const lines: { indent: number; levels: number }[] = [];
  const flows: number[] = [];
  let blockLevels = 0;
  let flowLevels = 0;
  let offset = 0;
  let lineStart = true;
  let indent = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKS.has(token)) continue;
    const at = offset;
    offset += token.length;
    if (token.endsWith('\n')) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && WHITESPACE.test(token)) {
      indent = token.length;
      continue;
    }
    if (token.startsWith('#')) continue;
    if (lineStart && flows.length === 0) {
      // A content line closes the lines it is not indented under.
      while ((lines.at(-1)?.indent ?? -1) >= indent) blockLevels -= lines.pop()?.levels ?? 0;
      lines.push({ indent, levels: 1 });
      blockLevels += 1;
    }
    lineStart = false;
    if (FLOW_STARTS.has(token)) {
      flows.push(1);
      flowLevels += 1;
    } else if (FLOW_ENDS.has(token)) {
      flowLevels -= flows.pop() ?? 0;
    } else if (BLOCK_INDICATORS.has(token)) {
      if (flows.length > 0) {
        flowLevels += 2 - (flows.at(-1) ?? 2);
        flows[flows.length - 1] = 2;
      } else {
        const line = lines.at(-1);
        if (line !== undefined) line.levels += 1;
        blockLevels += 1;
      }
    }
    // One more for a sequence indented like its parent key ("a:\n- x").
    if (blockLevels + flowLevels + 1 > maxDepth) return at;
  }
  return undefined;
}
