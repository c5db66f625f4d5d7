import {
  FieldType,
  outerJoinDataFrames,
  standardTransformers,
  standardTransformersRegistry,
  transformDataFrame,
  type DataFrame,
  type DataTransformerConfig,
  type DataTransformerInfo,
  type TransformerRegistryItem,
} from '@grafana/data';
import { lastValueFrom, map } from 'rxjs';
import { templateSrv } from './services.ts';

// Grafana core registers its transformations at boot. @grafana/data ships
// most of them; the two that turn long frames into series (partition by
// values, prepare time series) live in core, so the host has its own.

/** Splits a frame by the values of `by`, labelling the number fields with them. */
function partition(frame: DataFrame, by: string[], keepFields: boolean): DataFrame[] {
  const keys = frame.fields.filter((f) => by.includes(f.name));
  if (keys.length === 0) return [frame];
  const groups = new Map<string, number[]>();
  for (let row = 0; row < frame.length; row++) {
    const key = keys.map((f) => String(f.values[row])).join('\u0000');
    const rows = groups.get(key) ?? [];
    rows.push(row);
    groups.set(key, rows);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0] ?? 0;
    const labels = Object.fromEntries(keys.map((f) => [f.name, String(f.values[first])]));
    return {
      name: Object.values(labels).join(' '),
      ...(frame.refId === undefined ? {} : { refId: frame.refId }),
      length: rows.length,
      fields: frame.fields
        .filter((f) => keepFields || !by.includes(f.name))
        .map((f) => ({
          name: f.name,
          type: f.type,
          config: f.config,
          values: rows.map((r) => f.values[r] as unknown),
          ...(f.type === FieldType.number ? { labels: { ...f.labels, ...labels } } : {}),
        })),
    };
  });
}

const stringFields = (frame: DataFrame): string[] =>
  frame.fields.filter((f) => f.type === FieldType.string).map((f) => f.name);

const partitionByValues: DataTransformerInfo<{ fields?: string[]; keepFields?: boolean }> = {
  id: 'partitionByValues',
  name: 'Partition by values',
  defaultOptions: {},
  operator: (options) => (source) =>
    source.pipe(
      map((frames) =>
        frames.flatMap((f) => partition(f, options.fields ?? [], options.keepFields ?? false)),
      ),
    ),
};

const prepareTimeSeries: DataTransformerInfo<{ format?: string }> = {
  id: 'prepareTimeSeries',
  name: 'Prepare time series',
  defaultOptions: {},
  operator: (options) => (source) =>
    source.pipe(
      map((frames) => {
        const multi = frames.flatMap((f) => partition(f, stringFields(f), false));
        if (options.format !== 'wide' || multi.length < 2) return multi;
        const joined = outerJoinDataFrames({ frames: multi });
        return joined === undefined ? multi : [joined];
      }),
    ),
};

const NoEditor = (): null => null;

export function registerTransformers(): void {
  const infos = new Map<string, DataTransformerInfo>();
  // standardTransformers lists some under two names (seriesToColumns is joinByField).
  // Deprecated for plugins, but it is the list Grafana core fills this registry from.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  for (const info of Object.values(standardTransformers) as DataTransformerInfo[]) {
    infos.set(info.id, info);
  }
  infos.set(partitionByValues.id, partitionByValues as DataTransformerInfo);
  infos.set(prepareTimeSeries.id, prepareTimeSeries as DataTransformerInfo);
  standardTransformersRegistry.setInit(() =>
    [...infos.values()].map((info): TransformerRegistryItem => ({
      id: info.id,
      name: info.name,
      description: info.description ?? '',
      editor: NoEditor,
      imageDark: '',
      imageLight: '',
      transformation: () => Promise.resolve(info),
    })),
  );
}

/** A panel's transformations, as the query runner applies them before field config. */
export async function applyTransformations(
  frames: DataFrame[],
  transformations: DataTransformerConfig[] | undefined,
): Promise<DataFrame[]> {
  const active = (transformations ?? []).filter((t) => t.disabled !== true);
  if (active.length === 0) return frames;
  for (const t of active) {
    if (standardTransformersRegistry.getIfExists(t.id) === undefined) {
      console.warn(`e2e host: transformation ${t.id} is not available; skipped`);
    }
  }
  return lastValueFrom(
    transformDataFrame(active, frames, { interpolate: (v) => templateSrv.replace(v) }),
  );
}
