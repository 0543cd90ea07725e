/** Who made a change: a signed-in administrator, or an API token (no user). */
export type Actor = { userId: number | null; name: string };
