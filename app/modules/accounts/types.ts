import type { Role, TokenRole } from "~/domain/enums";

/** Who is calling: a staff member or an API token, with the sectors they may see (null: all). */
export type Principal = {
  kind: "user" | "token";
  id: number;
  name: string;
  role: TokenRole;
  sectorIds: number[] | null;
  mustChangePassword: boolean;
};

export type SectorChoice = { id: number; code: string; nameVi: string; nameEn: string };

export type StaffAccount = {
  id: number;
  email: string;
  name: string;
  role: Role;
  sectors: string[];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
};

export type ApiTokenListing = {
  id: number;
  name: string;
  role: TokenRole;
  sectors: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
