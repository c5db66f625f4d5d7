import { z } from 'zod';
import { slaPolicySchema } from './sla-policy.ts';
import { savedSlosSchema, sloDefinitionSchema, storedSlosSchema } from './slo.ts';

const MAX_VERSION = 4_294_967_295; // UInt32 in ClickHouse

/** One version of a tenant's policy, without the policy itself. */
export const policyVersionSchema = z.object({
  version: z.int().min(1).max(MAX_VERSION),
  created_at: z.string().describe('when this version was saved, RFC 3339 UTC'),
  description: z.string().describe('the policy’s `description`, empty when it has none'),
  checksum: z.string().describe('SHA-256 (hex) of the normalised policy JSON'),
});

/** A saved policy version as the store returns it. */
export const storedPolicySchema = policyVersionSchema.extend({
  tenant: z.string(),
  // Normalised: defaults filled in, targets in seconds (still a valid policy to PUT back).
  policy: slaPolicySchema,
});

/** `GET /v1/policies`: one version (the active one unless `?version=N`) and the history. */
export const policyResponseSchema = storedPolicySchema.extend({
  active: z.boolean().describe('whether this version is the one in force'),
  versions: z.array(policyVersionSchema).describe('every version, newest first'),
  slos: storedSlosSchema
    .nullable()
    .describe(
      'the SLO definitions in force, versioned apart from the SLA policy (whatever `version` asks for); null when none were ever saved',
    ),
});

export const policyQuerySchema = z.strictObject({
  version: z.coerce.number().int().min(1).max(MAX_VERSION).optional(),
});

/** `PUT /v1/policies`: the SLA policy version now in force, and the SLO definitions'. */
export const putPolicyResponseSchema = z.object({
  version: z.int().min(1).max(MAX_VERSION),
  created: z
    .boolean()
    .describe('false when the policy equals the active one, which then stays in force'),
  checksum: z.string(),
  // Optional only because saving the SLA policy alone (PolicyStore) has the same shape.
  slos: savedSlosSchema
    .optional()
    .describe('the SLO definitions now in force (always present in a PUT response)'),
});

/** Where a refused policy is wrong: `details` of a 400 `INVALID_POLICY`. */
export const policyIssueDetailsSchema = z.object({
  path: z.string().describe('field path, e.g. rules[2].targets.resolution; empty for the whole'),
  line: z.int().min(1).optional().describe('1-based line in a YAML body'),
  column: z.int().min(1).optional().describe('1-based column in a YAML body'),
});

export type PolicyVersion = z.infer<typeof policyVersionSchema>;
export type StoredPolicy = z.infer<typeof storedPolicySchema>;
export type PolicyResponse = z.infer<typeof policyResponseSchema>;
export type PolicyQuery = z.infer<typeof policyQuerySchema>;
export type PutPolicyResponse = z.infer<typeof putPolicyResponseSchema>;
export type PolicyIssueDetails = z.infer<typeof policyIssueDetailsSchema>;

/**
 * The policy contracts as JSON Schema, keyed by the name the OpenAPI document
 * uses; shared parts are `$ref`s rather than copies.
 */
export function policyJsonSchemas(): Record<string, Record<string, unknown>> {
  const registry = z.registry<{ id: string }>();
  registry.add(slaPolicySchema, { id: 'SlaPolicy' });
  registry.add(sloDefinitionSchema, { id: 'SloDefinition' });
  registry.add(policyVersionSchema, { id: 'PolicyVersion' });
  registry.add(policyResponseSchema, { id: 'PolicyResponse' });
  registry.add(putPolicyResponseSchema, { id: 'PutPolicyResponse' });
  registry.add(policyIssueDetailsSchema, { id: 'PolicyIssueDetails' });
  const { schemas } = z.toJSONSchema(registry, {
    unrepresentable: 'any',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _draft, $id: _id, ...json } = schema;
      return [name, json];
    }),
  );
}
