import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    width: '100%',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.h5.fontSize,
  }),
});

interface Props {
  /** The panel's name in test ids: `deskpulse-<panel>-nodata`. */
  panel: string;
  message?: string;
}

export function NoData({ panel, message = 'No data' }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.root} data-testid={`deskpulse-${panel}-nodata`}>
      {message}
    </div>
  );
}
