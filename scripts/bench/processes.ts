import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const HOST = "127.0.0.1";

/** A port the OS says is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Server = {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  /** Everything the child printed, for error messages. */
  log: () => string;
};

const running = new Set<Server>();

const REPO = process.cwd();

export type ServerSpec = {
  name: string;
  /** A TypeScript entry point, relative to the repository. */
  script: string;
  port: number;
  env: Record<string, string>;
  /** The working directory (default: the repository). */
  cwd?: string;
};

/**
 * Starts a TypeScript entry point with tsx in its own process group, so that
 * stopping it also stops the node process tsx runs it in.
 */
export function startServer({ name, script, port, env, cwd = REPO }: ServerSpec): Server {
  const tsx = path.join(REPO, "node_modules/.bin/tsx");
  // The repository's tsconfig gives the path aliases (#db/*, ~/*) wherever the server runs.
  const args = ["--tsconfig", path.join(REPO, "tsconfig.json"), path.join(REPO, script)];
  const child = spawn(tsx, args, {
    cwd,
    env: { ...process.env, ...env, HOST, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server = { name, baseUrl: `http://${HOST}:${port}`, child, log: () => output };
  running.add(server);
  return server;
}

/** Waits until GET /healthz answers 200, failing early if the child dies. */
export async function waitUntilHealthy(server: Server, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`${server.name} exited with code ${server.child.exitCode}:\n${server.log()}`);
    }
    try {
      if ((await fetch(`${server.baseUrl}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${server.name} did not answer /healthz within ${timeoutMs / 1000} s:\n${server.log()}`);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the server's process group, SIGKILL if it lingers. */
export async function stopServer(server: Server): Promise<void> {
  running.delete(server);
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  signalGroup(server.child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(server.child, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** For exit paths that cannot wait (an uncaught error, Ctrl-C). */
export function killAllServersNow(): void {
  for (const server of running) signalGroup(server.child, "SIGKILL");
  running.clear();
}
