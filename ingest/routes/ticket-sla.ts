import type { FastifyInstance } from 'fastify';
import type { ZodError } from 'zod';
import { DeskpulseError } from '../../schemas/errors.ts';
import { firstIssue } from '../../schemas/issues.ts';
import { ticketSlaQuerySchema } from '../../schemas/sla-api.ts';
import { identifier } from '../../schemas/common.ts';
import type { Store } from '../../store/client.ts';
import type { TicketSla } from '../../schemas/sla-api.ts';
import { ticketSla, type PolicyLookup } from '../../rollups/sla/read/ticket-sla.ts';
import { principalOf } from '../auth.ts';

function badRequest(error: ZodError, prefix = ''): DeskpulseError {
  const issue = firstIssue(error);
  return new DeskpulseError('BAD_REQUEST', `${prefix}${issue.path}: ${issue.message}`, {
    ...issue,
  });
}

/** `GET /v1/tickets/{id}/sla[?explain=1][&version=N]`: every clock of one ticket, evaluated now. */
export function registerTicketSlaRoute(
  app: FastifyInstance,
  deps: { store: Store; policies: PolicyLookup; now?: () => number },
): void {
  const now = deps.now ?? Date.now;
  app.get<{ Params: { id: string } }>(
    '/v1/tickets/:id/sla',
    { config: { scopes: ['query', 'admin'] } },
    async (request): Promise<TicketSla> => {
      const query = ticketSlaQuerySchema.safeParse(request.query);
      if (!query.success) throw badRequest(query.error);
      const id = identifier.safeParse(request.params.id);
      if (!id.success) throw badRequest(id.error, 'ticket id');
      const { tenant } = principalOf(request);
      const result = await ticketSla(deps, {
        tenant,
        ticketId: id.data,
        explain: query.data.explain,
        nowMs: now(),
        ...(query.data.version === undefined ? {} : { version: query.data.version }),
      });
      switch (result.kind) {
        case 'ok':
          return result.sla;
        case 'not_ready':
          throw new DeskpulseError(
            'SLA_NOT_READY',
            'no SLA clocks yet for this tenant: it needs a policy (PUT /v1/policies) and a first computation',
          );
        case 'no_version':
          throw new DeskpulseError('NOT_FOUND', `no policy version ${String(result.version)}`);
        case 'no_ticket':
          throw new DeskpulseError('NOT_FOUND', `no events for ticket ${id.data}`);
      }
    },
  );
}
