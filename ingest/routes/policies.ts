import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeskpulseError } from '../../schemas/errors.ts';
import { firstIssue } from '../../schemas/issues.ts';
import {
  policyQuerySchema,
  type PolicyIssueDetails,
  type PolicyResponse,
  type PutPolicyResponse,
} from '../../schemas/policy-api.ts';
import {
  parsePolicyJson,
  parsePolicyYaml,
  POLICY_MAX_BYTES,
  type PolicyIssue,
  type PolicyParseResult,
} from '../../schemas/policy-file.ts';
import type { PolicyStore } from '../../store/policies.ts';
import type { SloStore } from '../../store/slos.ts';
import { principalOf } from '../auth.ts';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** A PUT body as received: kept as text, because the text is what gets stored for audit. */
interface PolicyBody {
  format: 'yaml' | 'json';
  text: string;
}

function isPolicyBody(body: unknown): body is PolicyBody {
  return typeof body === 'object' && body !== null && 'format' in body && 'text' in body;
}

/** The 400 a refused policy gets: the place in the message and, machine-readable, in details. */
export function invalidPolicyError(issue: PolicyIssue): DeskpulseError {
  const field = issue.path === '' ? '' : `${issue.path}: `;
  const place =
    issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
  const details: PolicyIssueDetails = {
    path: issue.path,
    ...(issue.line === undefined ? {} : { line: issue.line, column: issue.column }),
  };
  return new DeskpulseError('INVALID_POLICY', `${field}${issue.message}${place}`, details);
}

function parseBody(body: PolicyBody): PolicyParseResult {
  if (body.format === 'yaml') return parsePolicyYaml(body.text);
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch (error) {
    throw new DeskpulseError(
      'INVALID_BODY',
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parsePolicyJson(value);
}

function versionQuery(request: FastifyRequest): number | undefined {
  const parsed = policyQuerySchema.safeParse(request.query);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new DeskpulseError('BAD_REQUEST', `${issue.path}: ${issue.message}`, { ...issue });
  }
  return parsed.data.version;
}

async function getPolicy(
  policies: PolicyStore,
  slos: SloStore,
  request: FastifyRequest,
): Promise<PolicyResponse> {
  const version = versionQuery(request);
  const { tenant } = principalOf(request);
  const [active, versions, inForce] = await Promise.all([
    policies.active(tenant),
    policies.list(tenant),
    slos.active(tenant),
  ]);
  if (active === undefined) {
    throw new DeskpulseError('NOT_FOUND', 'this tenant has no SLA policy yet: PUT /v1/policies');
  }
  const wanted = version === undefined ? active : await policies.get(tenant, version);
  if (wanted === undefined) {
    throw new DeskpulseError(
      'NOT_FOUND',
      `no policy version ${version ?? ''}; the latest is ${active.version}`,
    );
  }
  return {
    ...wanted,
    active: wanted.version === active.version,
    versions,
    slos: inForce ?? null,
  };
}

async function putPolicy(
  policies: PolicyStore,
  slos: SloStore,
  request: FastifyRequest,
): Promise<PutPolicyResponse> {
  if (!isPolicyBody(request.body)) {
    throw new DeskpulseError('INVALID_BODY', 'the body is empty: send the policy as YAML or JSON');
  }
  const parsed = parseBody(request.body);
  // Refused before anything is written: the policy in force stays in force.
  if (!parsed.ok) throw invalidPolicyError(parsed.issue);
  const { tenant } = principalOf(request);
  const saved = await policies.save(tenant, parsed.policy, request.body.text);
  request.log.info(
    { tenant, ...saved },
    saved.created ? 'SLA policy saved' : 'SLA policy unchanged',
  );
  // Versioned apart: changing only the SLOs keeps the SLA version, so no clock is recomputed.
  const savedSlos = await slos.save(tenant, parsed.slos, request.body.text);
  request.log.info(
    { tenant, ...savedSlos, slos: parsed.slos.length },
    savedSlos.created ? 'SLOs saved' : 'SLOs unchanged',
  );
  return { ...saved, slos: savedSlos };
}

/**
 * `GET /v1/policies` (query or admin) and `PUT /v1/policies` (admin). Register
 * in a scope of its own: it replaces the body parsers with text ones. The
 * SLO routes must be registered in the same scope: the `slos:` section is
 * saved through their SLO store.
 */
export function registerPolicyRoutes(
  app: FastifyInstance,
  policies: PolicyStore,
  slos: SloStore,
): void {
  app.removeAllContentTypeParsers();
  const asText =
    (format: PolicyBody['format']) =>
    (_request: FastifyRequest, text: string | Buffer, done: (e: null, b: PolicyBody) => void) => {
      done(null, { format, text: text.toString() });
    };
  const options = { parseAs: 'string', bodyLimit: POLICY_MAX_BYTES } as const;
  app.addContentTypeParser(YAML_TYPES, options, asText('yaml'));
  app.addContentTypeParser('application/json', options, asText('json'));
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(
      new DeskpulseError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type "${request.headers['content-type'] ?? ''}" is not supported: send the policy as application/yaml or application/json`,
      ),
    );
  });
  app.get('/v1/policies', { config: { scopes: ['query', 'admin'] } }, (request) =>
    getPolicy(policies, slos, request),
  );
  app.put('/v1/policies', { config: { scopes: ['admin'] } }, (request) =>
    putPolicy(policies, slos, request),
  );
}
