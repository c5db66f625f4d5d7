import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { z } from 'zod';
import { firstIssue, type LocatedIssue } from './issues.ts';
import { slaPolicySchema, type SlaPolicy } from './sla-policy.ts';
import { sloListSchema, type SloDefinition } from './slo.ts';
import {
  firstAliasOffset,
  firstDuplicateKey,
  nodeAt,
  pathAt,
  tooDeepOffset,
} from './yaml-source.ts';

/** Largest policy text accepted; real policies are a few KiB. */
export const POLICY_MAX_BYTES = 1024 * 1024;
/** Alias expansions allowed: enough to share a calendar's hours, far too few for a "billion laughs". */
export const POLICY_MAX_ALIAS_COUNT = 50;
/** Nesting allowed in policy text; a real policy stays under 15 (see tooDeepOffset). */
export const POLICY_MAX_DEPTH = 64;
/** Entries of one list or map; the longest the schema allows is 10,000 holidays. */
export const POLICY_MAX_ENTRIES = 10_000;
// Nothing in a valid policy nests deeper than this; deeper input is refused by the schema anyway.
const MAX_WALK_DEPTH = 12;

/** What is wrong with a policy, and where: the field path, plus line and column for YAML text. */
export interface PolicyIssue extends LocatedIssue {
  /** 1-based line of the offending node in the YAML text. */
  line?: number;
  /** 1-based column of the offending node in the YAML text. */
  column?: number;
}

/** A checked policy file: the SLA policy and the SLOs (none when it has no `slos:`). */
interface Checked {
  policy: SlaPolicy;
  slos: SloDefinition[];
}

export type PolicyParseResult = ({ ok: true } & Checked) | { ok: false; issue: PolicyIssue };

type Path = readonly PropertyKey[];

/** A failed check, with the raw path so YAML can point at the node. */
interface Failure {
  path: Path;
  /** The fault is the key itself (unknown field, bad map key), not its value. */
  atKey: boolean;
  message: string;
}

// issues.ts keeps its formatter private; going through firstIssue keeps one
// spelling of paths ("rules[2].targets.resolution") for every error we print.
function formatPath(path: Path): string {
  return firstIssue(new z.ZodError([{ code: 'custom', path: [...path], message: '', input: null }]))
    .path;
}

function shapeMessage(value: unknown): string {
  if (value === null || value === undefined) return 'the policy is empty: it needs at least rules';
  const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  return `a policy must be a mapping (calendars, status_map, rules), not ${kind}`;
}

/**
 * What zod should not see or pay for: a `__proto__` key, which JSON.parse and
 * YAML keep but a zod record drops silently (an entry must never vanish
 * without a word), and lists or maps far longer than any policy needs.
 */
function structureFailure(value: unknown, path: PropertyKey[] = []): Failure | undefined {
  if (path.length > MAX_WALK_DEPTH || typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value);
  if (entries.length > POLICY_MAX_ENTRIES) {
    const message = `has ${entries.length} entries; at most ${POLICY_MAX_ENTRIES} are allowed`;
    return { path, atKey: false, message };
  }
  for (const [key, item] of entries) {
    const here = [...path, Array.isArray(value) ? Number(key) : key];
    if (key === '__proto__') return { path: here, atKey: true, message: 'is not allowed as a key' };
    const found = structureFailure(item, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

function valueAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The first issue of a failed parse as a Failure, its path from the document root. */
function failureOf(error: z.ZodError, root: unknown, prefix: Path): Failure {
  const issue = error.issues[0];
  if (issue === undefined) return { path: prefix, atKey: false, message: 'invalid' };
  const path = [...prefix, ...issue.path];
  // zod words a missing field as a type error ("expected array, received undefined"),
  // or, for a field that takes several forms (a duration, an objective), as a union error.
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_union') &&
    valueAt(root, path) === undefined;
  const message = missing ? 'is required' : firstIssue(error).message;
  if (issue.code === 'unrecognized_keys') {
    return { path: [...path, issue.keys[0] ?? ''], atKey: true, message };
  }
  return { path, atKey: issue.code === 'invalid_key', message };
}

/**
 * The SLA policy and the `slos:` section are checked apart: SLOs are stored
 * and versioned apart (a new SLA version recomputes every clock, an SLO
 * change must not), but one file or body holds both, and a fault in either
 * refuses the whole.
 */
function check(value: unknown): Checked | Failure {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { path: [], atKey: false, message: shapeMessage(value) };
  }
  const structure = structureFailure(value);
  if (structure !== undefined) return structure;
  const { slos, ...sla } = value as Record<string, unknown>;
  const policy = slaPolicySchema.safeParse(sla);
  if (!policy.success) return failureOf(policy.error, value, []);
  const list = sloListSchema.safeParse(slos ?? null);
  if (!list.success) return failureOf(list.error, value, ['slos']);
  return { policy: policy.data, slos: list.data };
}

/** Checks a policy that arrived as a JSON value (the HTTP API); issues carry no line. */
export function parsePolicyJson(value: unknown): PolicyParseResult {
  const checked = check(value);
  if ('policy' in checked) return { ok: true, ...checked };
  return { ok: false, issue: { path: formatPath(checked.path), message: checked.message } };
}

function position(lines: LineCounter, offset: number | undefined): Partial<PolicyIssue> {
  if (offset === undefined) return {};
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

const YAML_MESSAGES: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: 'duplicate key: each key may appear only once',
  MULTIPLE_DOCS: 'a policy is one YAML document: remove the "---" and what follows it',
};

function yamlIssue(
  doc: Document,
  lines: LineCounter,
  error: Pick<YAMLError, 'code' | 'message'>,
  offset: number,
): PolicyIssue {
  return {
    path: formatPath(pathAt(doc, offset)),
    message: YAML_MESSAGES[error.code] ?? `invalid YAML: ${error.message}`,
    ...position(lines, offset),
  };
}

/** An alias bomb is reported at the first alias. */
function aliasIssue(doc: Document, lines: LineCounter): PolicyIssue {
  const offset = firstAliasOffset(doc);
  return {
    path: offset === undefined ? '' : formatPath(pathAt(doc, offset)),
    message: `YAML aliases expand more than ${POLICY_MAX_ALIAS_COUNT} times: write the repeated parts out`,
    ...position(lines, offset),
  };
}

/** Line and column of an offset, before any parser has counted lines. */
function textPosition(text: string, offset: number): Partial<PolicyIssue> {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function failed(issue: PolicyIssue): PolicyParseResult {
  return { ok: false, issue };
}

/**
 * Parses and checks a policy written in YAML (JSON is YAML too). Any problem
 * comes back with the field path and the line and column of the node at fault,
 * e.g. `rules[2].targets.resolution` at 14:19.
 */
export function parsePolicyYaml(text: string): PolicyParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > POLICY_MAX_BYTES) {
    return failed({ path: '', message: `the policy is ${bytes} bytes; the limit is 1 MiB` });
  }
  const deep = tooDeepOffset(text, POLICY_MAX_DEPTH);
  if (deep !== undefined) {
    const message = `nests deeper than ${POLICY_MAX_DEPTH} levels; a policy needs far fewer`;
    return failed({ path: '', message, ...textPosition(text, deep) });
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: false, // checked below, in linear time
      // YAML 1.2 core schema whatever a %YAML directive says: "08:00" stays
      // a time and "2026-12-25" a date string, never a number or a Date.
      version: '1.2',
      schema: 'core',
    });
  } catch (error) {
    // Depth is bounded above; this is for whatever else could still throw.
    return failed({ path: '', message: `invalid YAML: ${(error as Error).message}` });
  }
  const error = doc.errors[0] ?? doc.warnings[0];
  if (error !== undefined) return failed(yamlIssue(doc, lines, error, error.pos[0]));
  const duplicate = firstDuplicateKey(doc)?.range?.[0];
  if (duplicate !== undefined) {
    return failed(yamlIssue(doc, lines, { code: 'DUPLICATE_KEY', message: '' }, duplicate));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: POLICY_MAX_ALIAS_COUNT });
  } catch {
    return failed(aliasIssue(doc, lines));
  }
  const checked = check(value);
  if ('policy' in checked) return { ok: true, ...checked };
  const node = nodeAt(doc, checked.path, checked.atKey);
  return failed({
    path: formatPath(checked.path),
    message: checked.message,
    ...position(lines, node?.range?.[0]),
  });
}
