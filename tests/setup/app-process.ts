import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/**
 * The production build served by its own process, as `npm start` runs it
 * (`node --import tsx scripts/start.ts`, or `npm start` itself), on a free
 * port of 127.0.0.1: for the shared e2e server and for tests that need a
 * server of their own (signals, several processes, other settings).
 */
export type AppProcess = {
  baseUrl: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then waits for it to end. */
  stop: () => Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Starts the app on `databaseUrl` without waiting for it; `env` adds to or overrides the test defaults. */
export async function spawnApp(
  databaseUrl: string,
  { via = "node", env = {} }: { via?: "node" | "npm"; env?: Record<string, string> } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const [command, args] = via === "npm" ? ["npm", ["start"]] : [process.execPath, ["--import", "tsx", "scripts/start.ts"]];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: baseUrl,
      DEMO_SEED: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    baseUrl,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits until `path` answers 2xx: true, or false when the process ended first; throws after 60 s. */
export async function answersOn(app: AppProcess, path = "/healthz"): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return false;
    try {
      if ((await fetch(`${app.baseUrl}${path}`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${path} within 60 s:\n${app.output()}`);
}

/** Starts the app and waits until it answers its health check; throws with its output if it cannot. */
export async function startApp(databaseUrl: string, options: Parameters<typeof spawnApp>[1] = {}): Promise<AppProcess> {
  const app = await spawnApp(databaseUrl, options);
  if (!(await answersOn(app))) throw new Error(`the server exited early:\n${app.output()}`);
  return app;
}
