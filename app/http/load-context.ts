declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server saw it (after any trusted proxy). */
    clientIp: string;
  }
}

export {};
