import type { TokenRole } from "~/domain/enums";

/** Who is calling: a staff member or an API token, with the sectors they may see (null: all). */
export type Principal = {
  kind: "user" | "token";
  id: number;
  name: string;
  role: TokenRole;
  sectorIds: number[] | null;
  mustChangePassword: boolean;
};
