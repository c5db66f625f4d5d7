import { useId } from 'react';
import { Combobox, InlineField, InlineSwitch, Input, MultiCombobox } from '@grafana/ui';
import type { ComboboxOption } from '@grafana/ui';

import { AUTO_BUCKET, BUCKET_PARAMS, allowedValues, paramKind } from './paramSchema';
import type { ParamSchema, ParamValue } from './types';

export interface ParamFieldProps {
  name: string;
  schema: ParamSchema;
  value: ParamValue | undefined;
  /** undefined removes the parameter, so the API applies its default. */
  onChange: (value: ParamValue | undefined) => void;
  onRunQuery: () => void;
}

const LABEL_WIDTH = 18;
const INPUT_WIDTH = 30;

function asList(value: ParamValue | undefined): string[] {
  if (Array.isArray(value)) {
    return value;
  }
  return value === undefined || value === ''
    ? []
    : String(value)
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
}

function asText(value: ParamValue | undefined): string {
  return value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
}

function placeholder(schema: ParamSchema): string {
  const fallback = schema.default;
  if (Array.isArray(fallback)) {
    return fallback.join(',');
  }
  return typeof fallback === 'string' || typeof fallback === 'number' ? String(fallback) : '';
}

function options(name: string, schema: ParamSchema): ComboboxOption[] {
  const values = allowedValues(schema).map((value) => ({ value, label: value }));
  // The data source sizes 'auto' buckets from the panel's width.
  return BUCKET_PARAMS.includes(name)
    ? [{ value: AUTO_BUCKET, label: 'auto', description: 'from the panel resolution' }, ...values]
    : values;
}

/** Numbers stay text while typed (they may be $variables) and become numbers on blur. */
function committedNumber(text: string): ParamValue | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function ParamInput({
  id,
  name,
  schema,
  value,
  onChange,
  onRunQuery,
}: ParamFieldProps & { id: string }) {
  const label = `Parameter ${name}`;
  switch (paramKind(schema)) {
    case 'enum':
      return (
        <Combobox<string>
          aria-label={label}
          id={id}
          width={INPUT_WIDTH}
          isClearable
          createCustomValue
          placeholder={placeholder(schema)}
          options={options(name, schema)}
          value={typeof value === 'string' ? value : null}
          onChange={(option) => {
            onChange(option?.value);
            onRunQuery();
          }}
        />
      );
    case 'multi':
      return (
        // MultiCombobox takes no aria-label: the field's label names it through `id`.
        <MultiCombobox<string>
          id={id}
          width={INPUT_WIDTH}
          isClearable
          createCustomValue
          placeholder={placeholder(schema)}
          options={options(name, schema)}
          value={asList(value)}
          onChange={(selected) => {
            onChange(selected.length === 0 ? undefined : selected.map((option) => option.value));
            onRunQuery();
          }}
        />
      );
    case 'boolean':
      return (
        <InlineSwitch
          aria-label={label}
          id={id}
          value={value === true || value === 'true'}
          onChange={(event) => {
            onChange(event.currentTarget.checked);
            onRunQuery();
          }}
        />
      );
    case 'number':
    case 'list':
    case 'text': {
      const numeric = paramKind(schema) === 'number';
      return (
        <Input
          aria-label={label}
          id={id}
          width={INPUT_WIDTH}
          placeholder={placeholder(schema)}
          value={asText(value)}
          onChange={(event) => {
            const text = event.currentTarget.value;
            onChange(text === '' ? undefined : text);
          }}
          onBlur={(event) => {
            if (numeric) {
              onChange(committedNumber(event.currentTarget.value));
            }
            onRunQuery();
          }}
        />
      );
    }
  }
}

/** One parameter of a named query, its input chosen from its JSON Schema. */
export function ParamField(props: ParamFieldProps) {
  // Several query editors share a page: ids must be unique to each.
  const id = `${useId()}-${props.name}`;
  return (
    <InlineField
      label={props.name}
      htmlFor={id}
      labelWidth={LABEL_WIDTH}
      tooltip={props.schema.description}
    >
      <ParamInput {...props} id={id} />
    </InlineField>
  );
}
