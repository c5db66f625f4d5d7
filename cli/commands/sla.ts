import type { Config } from '../../schemas/config.ts';
import { tenantIdSchema } from '../../schemas/api.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import { PolicyStore } from '../../store/policies.ts';
import { ticketSla, type TicketSla } from '../../rollups/sla/read/ticket-sla.ts';
import { formatTicketSla } from '../format/sla-explain.ts';
import { createLogger } from '../logger.ts';
import { apiRequest, type RemoteOptions } from '../remote.ts';
import { openMigratedStore } from '../runtime.ts';

export interface SlaExplainOptions {
  tenant: string;
  ticket: string;
  version?: number;
  json: boolean;
  remote?: RemoteOptions;
}

function notFound(
  result: Exclude<Awaited<ReturnType<typeof ticketSla>>, { kind: 'ok' }>,
  options: SlaExplainOptions,
): DeskpulseError {
  switch (result.kind) {
    case 'not_ready':
      return new DeskpulseError(
        'NOT_FOUND',
        `tenant ${options.tenant} has no computed SLA clocks yet (does it have a policy?)`,
      );
    case 'no_version':
      return new DeskpulseError(
        'NOT_FOUND',
        `tenant ${options.tenant} has no policy version ${String(result.version)}`,
      );
    case 'no_ticket':
      return new DeskpulseError(
        'NOT_FOUND',
        `tenant ${options.tenant} has no events for ticket ${options.ticket}`,
      );
  }
}

async function fromStore(config: Config, options: SlaExplainOptions): Promise<TicketSla> {
  const store = await openMigratedStore(config, createLogger('warn'));
  try {
    const result = await ticketSla(
      { store, policies: new PolicyStore(store) },
      {
        tenant: options.tenant,
        ticketId: options.ticket,
        explain: true,
        nowMs: Date.now(),
        ...(options.version === undefined ? {} : { version: options.version }),
      },
    );
    if (result.kind !== 'ok') throw notFound(result, options);
    return result.sla;
  } finally {
    await store.close();
  }
}

async function fromServer(remote: RemoteOptions, options: SlaExplainOptions): Promise<TicketSla> {
  const query = new URLSearchParams({ explain: '1' });
  if (options.version !== undefined) query.set('version', String(options.version));
  const sla = await apiRequest<TicketSla>(
    remote,
    'GET',
    `/v1/tickets/${encodeURIComponent(options.ticket)}/sla?${query.toString()}`,
  );
  // The key decides the tenant on the server; say so rather than show another tenant's ticket.
  if (sla.tenant !== options.tenant) {
    throw new DeskpulseError(
      'FORBIDDEN',
      `the key given belongs to tenant ${sla.tenant}, not ${options.tenant}`,
    );
  }
  return sla;
}

/** `deskpulse sla explain --tenant T --ticket ID`: a ticket's clocks and their working. */
export async function slaExplainCommand(config: Config, options: SlaExplainOptions): Promise<void> {
  const tenant = tenantIdSchema.safeParse(options.tenant);
  if (!tenant.success)
    throw new DeskpulseError(
      'BAD_REQUEST',
      `--tenant ${tenant.error.issues[0]?.message ?? 'is invalid'}`,
    );
  const sla =
    options.remote === undefined
      ? await fromStore(config, options)
      : await fromServer(options.remote, options);
  process.stdout.write(
    options.json ? `${JSON.stringify(sla, null, 2)}\n` : `${formatTicketSla(sla)}\n`,
  );
}
