import fs from "node:fs";

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
const TICKS_PER_SECOND = 100;

type CpuSnapshot = { machineBusy: number; machineTotal: number; bench: number; server: number };

export type CpuUse = {
  /** The share of the whole machine's CPU that processes other than the bench and the server used, 0–1. */
  othersShare: number;
  /** CPU seconds the server under load used. */
  serverSeconds: number;
};

function readMachineTicks(): { busy: number; total: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** CPU ticks used so far by every live process in one of these process groups. */
function readGroupTicks(groups: ReadonlySet<number>): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (groups.has(Number(fields[2]))) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

function snapshot(serverGroup: number): CpuSnapshot {
  const machine = readMachineTicks();
  const { user, system } = process.cpuUsage();
  return {
    machineBusy: machine.busy,
    machineTotal: machine.total,
    bench: ((user + system) / 1_000_000) * TICKS_PER_SECOND,
    server: readGroupTicks(new Set([serverGroup])),
  };
}

/**
 * Watches the CPU time the server under load uses, and how much other
 * processes use meanwhile: on a shared 2-core machine that tells a figure from
 * noise. Null where /proc is not available.
 */
export function watchCpu(serverGroup: number | undefined): { stop: () => CpuUse | null } {
  if (serverGroup === undefined || !fs.existsSync("/proc/stat")) return { stop: () => null };
  const before = snapshot(serverGroup);
  return {
    stop() {
      const after = snapshot(serverGroup);
      const total = after.machineTotal - before.machineTotal;
      const server = after.server - before.server;
      const others = after.machineBusy - before.machineBusy - server - (after.bench - before.bench);
      if (total <= 0) return null;
      return {
        othersShare: Math.round(Math.max(0, others / total) * 1000) / 1000,
        serverSeconds: server / TICKS_PER_SECOND,
      };
    },
  };
}

/** Share of the machine's CPU in use over the next `ms` milliseconds (null without /proc). */
async function machineBusyShare(ms: number): Promise<number | null> {
  if (!fs.existsSync("/proc/stat")) return null;
  const before = readMachineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const after = readMachineTicks();
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : null;
}

/** Below this share of the machine in use, the machine counts as quiet. */
const QUIET_SHARE = 0.1;

/**
 * Waits, at most `maxSeconds`, for the machine to be quiet (our own servers
 * idle) before a measurement, so a test suite running alongside does not make
 * the figures noise. Says how long it waited, or that it gave up.
 */
export async function waitForQuietMachine(maxSeconds: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  let share = await machineBusyShare(1000);
  if (share === null || share < QUIET_SHARE) return;
  log(`  the machine is busy with other work (${(share * 100).toFixed(0)}% CPU); waiting up to ${maxSeconds} s…`);
  while (Date.now() < deadline) {
    share = await machineBusyShare(1000);
    if (share !== null && share < QUIET_SHARE) return;
  }
  log(`  still busy (${((share ?? 0) * 100).toFixed(0)}% CPU); measuring anyway.`);
}
