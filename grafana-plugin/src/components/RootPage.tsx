import { css } from '@emotion/css';
import { locationUtil } from '@grafana/data';
import type { AppRootProps, GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Card, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';

import { DASHBOARDS } from '../constants';

const getStyles = (theme: GrafanaTheme2) => ({
  intro: css({ maxWidth: theme.breakpoints.values.md, marginBottom: theme.spacing(2) }),
});

/** The app's landing page: what Deskpulse shows and where its dashboards are. */
export function RootPage({ meta }: AppRootProps) {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage>
      <div className={styles.intro}>
        <Text element="p">
          Deskpulse computes SLA clocks, satisfaction and endpoint reliability from your service
          desk and device telemetry. These dashboards read them live through the Deskpulse data
          source.
        </Text>
      </div>
      <Stack direction="column" gap={1}>
        {DASHBOARDS.map((dashboard) => (
          <Card key={dashboard.uid} href={locationUtil.assureBaseUrl(`/d/${dashboard.uid}`)}>
            <Card.Heading>{dashboard.title}</Card.Heading>
            <Card.Description>{dashboard.description}</Card.Description>
          </Card>
        ))}
      </Stack>
      <Stack direction="row" gap={1}>
        <LinkButton
          variant="secondary"
          icon="cog"
          href={locationUtil.assureBaseUrl(`/plugins/${meta.id}`)}
        >
          Set-up
        </LinkButton>
      </Stack>
    </PluginPage>
  );
}
