/** What Linux's /proc says about the machine and about a process. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

type StatusField = 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile';

function statusFields(pid: number): Partial<Record<StatusField, number>> {
  const fields: Partial<Record<StatusField, number>> = {};
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    for (const match of status.matchAll(/^(VmHWM|VmRSS|RssAnon|RssFile):\s+(\d+)\s+kB$/gm)) {
      fields[match[1] as StatusField] = Number(match[2]) * 1024;
    }
  } catch {
    // gone
  }
  return fields;
}

function statusBytes(pid: number, field: StatusField): number {
  return statusFields(pid)[field] ?? 0;
}

/** Resident memory now: anonymous (heaps, buffers) and file-backed (mapped code such as libchdb.so). */
export function memory(pid: number): { anon: number; file: number } {
  const fields = statusFields(pid);
  return { anon: fields.RssAnon ?? 0, file: fields.RssFile ?? 0 };
}

/** A process's peak resident set size (VmHWM), in bytes; 0 when unreadable. */
export function peakRssBytes(pid: number): number {
  return statusBytes(pid, 'VmHWM');
}

/** A process's resident set size now (VmRSS), in bytes; 0 when unreadable. */
export function rssBytes(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

export interface Machine {
  cpu: string;
  cores: number;
  ramBytes: number;
  node: string;
}

export function machine(): Machine {
  let cpu = 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    cpu = match?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  return { cpu, cores: availableParallelism(), ramBytes: totalmem(), node: process.version };
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system, all threads) a process has used so far; NaN when unreadable. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds this process has used so far. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** CPU seconds all processes on the machine have used so far (busy time of every core). */
export function machineCpuSeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal …
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (total - idle) / ticksPerSecond();
  } catch {
    return Number.NaN;
  }
}
