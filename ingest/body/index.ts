export { decodedStream, supportedEncodings } from './decode.ts';
export type { DecodeLimits } from './decode.ts';
export { ndjsonLines, NdjsonSplitter } from './lines.ts';
export type { NdjsonLine } from './lines.ts';
export {
  bodyFormat,
  JSON_MEDIA_TYPE,
  MAX_LISTED_REJECTIONS,
  NDJSON_MEDIA_TYPES,
  parseBatch,
} from './parse-batch.ts';
export type { ParseBatchOptions, ParsedBatch, TableChunk } from './parse-batch.ts';
export { eventValidator } from './validate.ts';
export type { IngestStream, Validated, ValidatorOptions } from './validate.ts';
