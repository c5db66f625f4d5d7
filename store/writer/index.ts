export {
  BatchWriter,
  type BatchWriterObserver,
  type BatchWriterOptions,
  type BatchWriterStats,
  type WriterMode,
} from './batch-writer.ts';
export type { WriterLogger } from './fs-util.ts';
export { isPoisonError, countRows } from './replayer.ts';
export {
  Spool,
  QUARANTINE_DIR,
  type SpoolBatch,
  type SpoolHandle,
  type SpoolOptions,
  type SpoolRecordRef,
} from './spool.ts';
export { decodeRecord, encodeRecord, type DecodeResult } from './spool-format.ts';
