import { Field, FieldSet, Input, SecretInput, Stack, Text } from '@grafana/ui';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import type { DeskpulseOptions, DeskpulseSecureOptions } from './types';

type Props = DataSourcePluginOptionsEditorProps<DeskpulseOptions, DeskpulseSecureOptions>;

function urlProblem(url: string | undefined): string | undefined {
  if (url === undefined || url === '') {
    return undefined;
  }
  return /^https?:\/\/[^/\s]+/.test(url) ? undefined : 'Use an http:// or https:// URL';
}

/**
 * Where the Deskpulse API is and the key to reach it. The key goes to secureJsonData: Grafana
 * stores it encrypted, never sends it back to the browser, and the data proxy adds it to
 * every request as a bearer token.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const secureJsonData = options.secureJsonData ?? {};
  const problem = urlProblem(jsonData.url);

  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">
        Create a key with the query scope on the Deskpulse host:{' '}
        <code>deskpulse keys create --tenant TENANT --scopes query</code>. It is shown once.
      </Text>
      <FieldSet label="Deskpulse API">
        <Field
          label="URL"
          description="Base URL of the Deskpulse service as Grafana's server reaches it"
          invalid={problem !== undefined}
          error={problem}
        >
          <Input
            id="deskpulse-url"
            width={50}
            placeholder="http://deskpulse:8080"
            value={jsonData.url ?? ''}
            onChange={(event) => {
              onOptionsChange({
                ...options,
                jsonData: { ...jsonData, url: event.currentTarget.value.trim() },
              });
            }}
          />
        </Field>
        <Field label="API key" description="A key with the query scope; stored encrypted">
          <SecretInput
            id="deskpulse-api-key"
            width={50}
            placeholder="dp_…"
            isConfigured={secureJsonFields['apiKey'] === true}
            value={secureJsonData.apiKey ?? ''}
            onChange={(event) => {
              onOptionsChange({
                ...options,
                secureJsonData: { ...secureJsonData, apiKey: event.currentTarget.value },
              });
            }}
            onReset={() => {
              onOptionsChange({
                ...options,
                secureJsonFields: { ...secureJsonFields, apiKey: false },
                secureJsonData: { ...secureJsonData, apiKey: '' },
              });
            }}
          />
        </Field>
      </FieldSet>
    </Stack>
  );
}
