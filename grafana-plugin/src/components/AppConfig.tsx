import { useState } from 'react';
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { Alert, Button, FieldSet, Stack, Text } from '@grafana/ui';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';

import { DATASOURCE_TYPE, DATASOURCE_UID } from '../constants';

type Props = PluginConfigPageProps<AppPluginMeta>;

const PROVISIONING = `apiVersion: 1
datasources:
  - name: Deskpulse
    uid: ${DATASOURCE_UID}
    type: ${DATASOURCE_TYPE}
    access: proxy
    jsonData:
      url: http://deskpulse:8080
    secureJsonData:
      apiKey: $DESKPULSE_API_KEY`;

async function saveEnabled(pluginId: string, enabled: boolean): Promise<void> {
  await lastValueFrom(
    getBackendSrv().fetch({
      url: `/api/plugins/${pluginId}/settings`,
      method: 'POST',
      data: { enabled, pinned: enabled },
    }),
  );
  // Grafana reads navigation and included dashboards at page load.
  window.location.reload();
}

/** The app's configuration page: how to connect it to Deskpulse, and enabling it. */
export function AppConfig({ plugin }: Props) {
  const enabled = plugin.meta.enabled === true;
  const [error, setError] = useState<string>();

  const toggle = () => {
    saveEnabled(plugin.meta.id, !enabled).catch((err: unknown) => {
      setError(err instanceof Error ? err.message : 'Grafana refused the change');
    });
  };

  return (
    <Stack direction="column" gap={2}>
      <FieldSet label="1. Create an API key">
        <Text element="p">
          On the Deskpulse host run{' '}
          <code>deskpulse keys create --tenant TENANT --scopes query</code>. The key is printed once
          and reaches only that tenant&apos;s data.
        </Text>
      </FieldSet>
      <FieldSet label="2. Add the Deskpulse data source">
        <Text element="p">
          Add a data source of type <code>Deskpulse</code> with the service URL and the key, or
          provision it. The bundled dashboards pick it with their <code>Data source</code> variable
          (the default Deskpulse data source first):
        </Text>
        <pre>{PROVISIONING}</pre>
      </FieldSet>
      <FieldSet label="3. Enable the app">
        <Text element="p">
          Enabling imports the SLA live, Endpoint reliability and Weekly review dashboards and adds
          them to the navigation.
        </Text>
        {error !== undefined && (
          <Alert severity="error" title="Could not save">
            {error}
          </Alert>
        )}
        <Button variant={enabled ? 'destructive' : 'primary'} onClick={toggle}>
          {enabled ? 'Disable' : 'Enable'}
        </Button>
      </FieldSet>
    </Stack>
  );
}
