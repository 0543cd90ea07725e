import fs from "node:fs";

export type MemoryFigures = {
  /** The node process that serves (tsx runs the server in a child node process). */
  servingPid: number;
  servingCommand: string;
  /** VmHWM of the serving process: its peak resident set since it started, in MB (2^20 bytes). */
  peakRssMb: number;
  /** Its resident set when the part ended. */
  finalRssMb: number;
  /** The highest sum of the resident sets of every process in the server's group (tsx's own node, esbuild too) seen by sampling. */
  sampledGroupPeakMb: number;
  samples: number;
  /** The processes of the server's group (the tsx launcher, the server, esbuild's service). */
  groupPids: number[];
};

type Proc = { pid: number; ppid: number; pgid: number; comm: string };

function listProcesses(): Proc[] {
  const out: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), comm });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** VmRSS and VmHWM of a process in kB, or null once it has gone. */
function readStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 200);
  } catch {
    return "?";
  }
}

/**
 * The process that serves: the server is spawned as `tsx script`, whose node
 * process starts the script in a child node process (and that one talks to an
 * esbuild service). The child of the group leader named node is the server;
 * without one, the leader itself.
 */
export function servingProcess(leader: number): number {
  const group = listProcesses().filter((p) => p.pgid === leader);
  const child = group.find((p) => p.ppid === leader && p.comm.startsWith("node"));
  return child?.pid ?? leader;
}

const MB = 1024;

/**
 * Samples the resident memory of the server's process group every
 * `intervalMs` until stopped; the serving process's VmHWM gives the true peak
 * between samples. The group's members are listed once (the server is up by
 * then), so a sample reads a few small files and does not disturb the
 * latencies measured meanwhile. Null without /proc.
 */
export function watchMemory(leader: number | undefined, intervalMs = 100): { stop: () => MemoryFigures | null } {
  if (leader === undefined || !fs.existsSync(`/proc/${leader}/status`)) return { stop: () => null };
  const serving = servingProcess(leader);
  const members = listProcesses().filter((p) => p.pgid === leader).map((p) => p.pid);
  let groupPeakKb = 0;
  let samples = 0;
  const sample = () => {
    const total = members.reduce((sum, pid) => sum + (readStatus(pid)?.rssKb ?? 0), 0);
    groupPeakKb = Math.max(groupPeakKb, total);
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const status = readStatus(serving);
      if (!status) return null;
      return {
        servingPid: serving,
        servingCommand: commandOf(serving),
        peakRssMb: Math.round((status.hwmKb / MB) * 10) / 10,
        finalRssMb: Math.round((status.rssKb / MB) * 10) / 10,
        sampledGroupPeakMb: Math.round((groupPeakKb / MB) * 10) / 10,
        samples,
        groupPids: members,
      };
    },
  };
}

/** The resident set of a process now, in MB (null once it has gone): to see which measurement grew it. */
export function currentRssMb(pid: number): number | null {
  const status = readStatus(pid);
  return status ? Math.round((status.rssKb / MB) * 10) / 10 : null;
}
