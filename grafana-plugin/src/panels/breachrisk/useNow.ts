import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` by one interval for the
 * whole panel while `active` (no timer when nothing ticks).
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const id = window.setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      window.clearInterval(id);
    };
  }, [active, intervalMs]);
  return now;
}
