import { useEffect, useState } from 'react';
import { Alert, Combobox, InlineField, Stack, Text } from '@grafana/ui';
import type { ComboboxOption } from '@grafana/ui';
import type { QueryEditorProps } from '@grafana/data';

import type { DataSource } from './DataSource';
import { describeError } from './errors';
import { ParamField } from './ParamField';
import { editableParams } from './paramSchema';
import type {
  CatalogueEntry,
  DeskpulseOptions,
  DeskpulseQuery,
  ParamValue,
  QueryParams,
} from './types';

type Props = QueryEditorProps<DataSource, DeskpulseQuery, DeskpulseOptions>;

interface CatalogueState {
  queries?: CatalogueEntry[];
  error?: string;
}

function useCatalogue(datasource: DataSource): CatalogueState {
  const [state, setState] = useState<CatalogueState>({});
  useEffect(() => {
    let live = true;
    datasource.getCatalogue().then(
      (catalogue) => {
        if (live) {
          setState({ queries: catalogue.queries });
        }
      },
      (err: unknown) => {
        if (live) {
          setState({ error: describeError(err).message });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [datasource]);
  return state;
}

/** A query saved before its parameters existed may lack them. */
function paramsOf(query: Partial<DeskpulseQuery>): QueryParams {
  return query.params ?? {};
}

/** The parameters that still mean something for the newly chosen query. */
function keptParams(params: QueryParams, entry: CatalogueEntry | undefined): QueryParams {
  const known = entry?.params.properties ?? {};
  return Object.fromEntries(Object.entries(params).filter(([name]) => name in known));
}

function withParam(params: QueryParams, name: string, value: ParamValue | undefined): QueryParams {
  const { [name]: _old, ...rest } = params;
  return value === undefined ? rest : { ...rest, [name]: value };
}

/** A Select of the catalogue's named queries, then a form built from the chosen one's params. */
export function QueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const { queries, error } = useCatalogue(datasource);
  const entry = queries?.find((candidate) => candidate.name === query.queryName);
  const params = paramsOf(query);
  const options: ComboboxOption[] = (queries ?? []).map((candidate) => ({
    value: candidate.name,
    label: candidate.title,
    description: candidate.name,
  }));

  const chooseQuery = (name: string) => {
    const next = queries?.find((candidate) => candidate.name === name);
    onChange({ ...query, queryName: name, params: keptParams(params, next) });
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query" labelWidth={18} tooltip="A named query of the Deskpulse API">
        <Combobox<string>
          aria-label="Named query"
          width={40}
          loading={queries === undefined && error === undefined}
          placeholder="Choose a query"
          options={options}
          value={query.queryName === '' ? null : query.queryName}
          onChange={(option) => {
            chooseQuery(option.value);
          }}
        />
      </InlineField>
      {error !== undefined && (
        <Alert severity="error" title="The query catalogue could not be loaded">
          {error}
        </Alert>
      )}
      {entry !== undefined && (
        <Text color="secondary" variant="bodySmall">
          {entry.description}
          {entry.range ? ' From and to come from the panel time range.' : ''}
        </Text>
      )}
      {entry !== undefined && (
        <Stack direction="row" wrap="wrap" gap={1}>
          {editableParams(entry).map(([name, schema]) => (
            <ParamField
              key={`${entry.name}.${name}`}
              name={name}
              schema={schema}
              value={params[name]}
              onChange={(value) => {
                onChange({ ...query, params: withParam(params, name, value) });
              }}
              onRunQuery={onRunQuery}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
