import { DeskpulseError } from '../schemas/errors.ts';
import { ARROW_MEDIA_TYPE, JSON_MEDIA_TYPE } from '../schemas/query.ts';

export type ResponseFormat = 'json' | 'arrow';

interface MediaRange {
  type: string;
  q: number;
}

function mediaRangeOf(part: string): MediaRange {
  const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
  const qParam = params.find((param) => param.startsWith('q='));
  const q = qParam === undefined ? 1 : Number(qParam.slice(2));
  return { type, q: Number.isFinite(q) ? q : 0 };
}

function formatOf(type: string): ResponseFormat | undefined {
  if (type === ARROW_MEDIA_TYPE) return 'arrow';
  if (type === JSON_MEDIA_TYPE || type === 'application/*' || type === '*/*') return 'json';
  return undefined;
}

/**
 * The answer's format from an `Accept` header: the supported media type
 * with the highest q (the first of equals); JSON without a header or for
 * wildcards. Nothing acceptable is `406 NOT_ACCEPTABLE`.
 */
export function negotiate(accept: string | undefined): ResponseFormat {
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map(mediaRangeOf)
    .filter((range) => range.q > 0);
  let best: { format: ResponseFormat; q: number } | undefined;
  for (const range of ranges) {
    const format = formatOf(range.type);
    if (format !== undefined && (best === undefined || range.q > best.q)) {
      best = { format, q: range.q };
    }
  }
  if (best !== undefined) return best.format;
  throw new DeskpulseError(
    'NOT_ACCEPTABLE',
    `cannot answer with ${JSON.stringify(accept)}: ask for ${JSON_MEDIA_TYPE} or ${ARROW_MEDIA_TYPE}`,
    { accept, supported: [JSON_MEDIA_TYPE, ARROW_MEDIA_TYPE] },
  );
}
