/**
 * A cheap closed-loop HTTP load generator: `clients` concurrent requests over
 * keep-alive sockets, each posting the next pre-built batch as soon as its
 * previous one is acknowledged, until the batches, the event budget or the
 * time runs out.
 */
import { Agent, request } from 'node:http';

export interface DriveOptions {
  url: string;
  path: string;
  /** Sent as `Authorization: Bearer …` when given. */
  key?: string;
  batches: readonly Buffer[];
  /** Index range of `batches` to post, [start, end). */
  start: number;
  end: number;
  clients: number;
  /** Stop taking new batches after this long; in-flight requests still finish. */
  seconds: number;
  contentEncoding?: 'gzip';
}

export interface DriveResult {
  /** Batches taken from the range, answered or not: [start, start + taken). */
  taken: number;
  requests: number;
  accepted: number;
  rejected: number;
  /** Non-2xx answers and network errors, by status ("ECONNRESET" for errors). */
  failures: Map<string, number>;
  /** Request bytes sent (as on the wire, compressed if compressed). */
  bytes: number;
  seconds: number;
  /** Milliseconds from sending a request to the end of its response, one per request. */
  latenciesMs: number[];
}

interface Answer {
  status: number;
  body: string;
}

function post(
  agent: Agent,
  target: URL,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function acceptedOf(body: string): { accepted: number; rejected: number } {
  const parsed = JSON.parse(body) as { accepted?: unknown; rejected_count?: unknown };
  return {
    accepted: typeof parsed.accepted === 'number' ? parsed.accepted : 0,
    rejected: typeof parsed.rejected_count === 'number' ? parsed.rejected_count : 0,
  };
}

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const target = new URL(options.path, options.url);
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
  if (options.contentEncoding !== undefined) headers['content-encoding'] = options.contentEncoding;
  const result: DriveResult = {
    taken: 0,
    requests: 0,
    accepted: 0,
    rejected: 0,
    failures: new Map(),
    bytes: 0,
    seconds: 0,
    latenciesMs: [],
  };
  const fail = (why: string): void => {
    result.failures.set(why, (result.failures.get(why) ?? 0) + 1);
  };
  let next = options.start;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const client = async (): Promise<void> => {
    while (next < options.end && performance.now() < deadline) {
      const body = options.batches[next];
      next += 1;
      if (body === undefined) break;
      const sent = performance.now();
      try {
        const answer = await post(agent, target, headers, body);
        result.latenciesMs.push(performance.now() - sent);
        result.requests += 1;
        result.bytes += body.length;
        if (answer.status >= 200 && answer.status < 300) {
          const counts = acceptedOf(answer.body);
          result.accepted += counts.accepted;
          result.rejected += counts.rejected;
        } else {
          fail(String(answer.status));
        }
      } catch (error) {
        fail((error as NodeJS.ErrnoException).code ?? String(error));
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.clients }, () => client()));
  } finally {
    agent.destroy();
  }
  result.seconds = (performance.now() - started) / 1000;
  result.taken = next - options.start;
  return result;
}
