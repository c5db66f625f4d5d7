import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PutPolicyResponse } from '../schemas/policy-api.ts';
import { DeskpulseError } from '../schemas/errors.ts';
import { parsePolicyYaml, POLICY_MAX_BYTES, type PolicyIssue } from '../schemas/policy-file.ts';
import type { SlaPolicy } from '../schemas/sla-policy.ts';
import type { SloDefinition } from '../schemas/slo.ts';
import type { ApiKeyRecord } from '../store/api-keys.ts';
import type { PolicyStore } from '../store/policies.ts';
import type { SloStore } from '../store/slos.ts';

/** The example policy shipped with Deskpulse, found beside the code rather than in the cwd. */
export const DEFAULT_POLICY_FILE = fileURLToPath(
  new URL('../policies/default.yaml', import.meta.url),
);

/** A policy file as read: the SLA policy, its SLOs and the text (kept for audit). */
export interface PolicyFile {
  policy: SlaPolicy;
  slos: SloDefinition[];
  source: string;
}

/** The policy `deskpulse start` brings with it. */
export interface StartPolicy extends PolicyFile {
  file: string;
  /** Given with --policy (or DESKPULSE_POLICY_FILE): it replaces tenants' policies too. */
  explicit: boolean;
}

/** `policy FILE:LINE:COL: path: message`, the one line a bad file stops start-up with. */
export function formatPolicyFileIssue(file: string, issue: PolicyIssue): string {
  const place = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  const field = issue.path === '' ? '' : `${issue.path}: `;
  return `policy ${place}: ${field}${issue.message}`;
}

function unreadable(file: string, reason: string): DeskpulseError {
  return new DeskpulseError('INVALID_POLICY', `policy ${file}: ${reason}`, { path: '' });
}

function readPolicyText(file: string): string {
  try {
    // Checked before reading: a wrong path to a huge file must not be loaded whole.
    const { size } = statSync(file);
    if (size > POLICY_MAX_BYTES) {
      throw unreadable(file, `is ${size} bytes; the limit is 1 MiB`);
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof DeskpulseError) throw error;
    throw unreadable(
      file,
      `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

/** Reads and checks a policy file; a bad one throws INVALID_POLICY with its place. */
export function loadPolicyFile(file: string): PolicyFile {
  const source = readPolicyText(file);
  const parsed = parsePolicyYaml(source);
  if (!parsed.ok) {
    throw new DeskpulseError('INVALID_POLICY', formatPolicyFileIssue(file, parsed.issue), {
      ...parsed.issue,
    });
  }
  return { policy: parsed.policy, slos: parsed.slos, source };
}

/** The --policy file, or the shipped default when none is configured. */
export function loadStartPolicy(policyFile: string | undefined): StartPolicy {
  const file = policyFile ?? DEFAULT_POLICY_FILE;
  return { file, ...loadPolicyFile(file), explicit: policyFile !== undefined };
}

/** Tenants start looks after: those with a live API key, plus any it creates itself (demo). */
export function policyTenants(
  keys: readonly ApiKeyRecord[],
  extra: readonly string[] = [],
): string[] {
  const live = keys.filter((key) => key.revoked_at === null).map((key) => key.tenant);
  return [...new Set([...live, ...extra])].sort();
}

export interface AppliedPolicy extends PutPolicyResponse {
  tenant: string;
}

/** Where start saves its policy: the SLA policy and, versioned apart, the SLOs. */
export interface StartPolicyStores {
  policies: Pick<PolicyStore, 'active' | 'save'>;
  slos: Pick<SloStore, 'save'>;
}

/**
 * Saves the start policy for each tenant that has none yet. An explicit file
 * is also saved for tenants that have one: it becomes a new version when it
 * differs, and leaves the version alone when it does not. The file's SLOs go
 * with it, under the same rule (each part keeps its version when unchanged).
 */
export async function applyStartPolicy(
  stores: StartPolicyStores,
  tenants: readonly string[],
  start: StartPolicy,
): Promise<AppliedPolicy[]> {
  const applied: AppliedPolicy[] = [];
  for (const tenant of tenants) {
    if (!start.explicit && (await stores.policies.active(tenant)) !== undefined) continue;
    const saved = await stores.policies.save(tenant, start.policy, start.source);
    const slos = await stores.slos.save(tenant, start.slos, start.source);
    applied.push({ tenant, ...saved, slos });
  }
  return applied;
}
