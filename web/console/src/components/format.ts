// Dates from Firestore (Timestamp), the functions (ISO strings) or numbers, in words.
export function toDate(value: unknown): Date | null {
  if (!value) return null;
  if (value instanceof Date) return value;
  if (typeof value === "object" && value && "toDate" in value) return (value as { toDate: () => Date }).toDate();
  if (typeof value === "string" || typeof value === "number") {
    const d = new Date(typeof value === "number" && value < 1e12 ? value * 1000 : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export function formatDate(value: unknown): string {
  const d = toDate(value);
  return d ? d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—";
}

export function formatDateTime(value: unknown): string {
  const d = toDate(value);
  return d ? d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—";
}

export const ROLE_DESCRIPTIONS: Record<string, string> = {
  owner: "Full control, including billing and deleting the team.",
  admin: "Manages members, invites and settings; no billing changes.",
  member: "Works in the team and creates their own items.",
  viewer: "Sees the team's shared items; cannot change anything.",
  billing: "Manages billing only; sees no workspace items.",
};

export const roleLabel = (role: string) => role.charAt(0).toUpperCase() + role.slice(1);
