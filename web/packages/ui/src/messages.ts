/** Every word the components show, in one object per language (English and German shipped).
 * Messages are data: `{name}` placeholders, and plural forms chosen by `Intl.PluralRules`, so an
 * app overrides any of them with a partial object of the same shape. */
import type { Reason, Role } from "@teamkit/client";

/** A text that depends on a count: one form per plural category the language uses (`other`
 * always; `{count}` is the number, formatted for the locale). */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export interface Messages {
  roles: Record<Role, string>;
  /** Why a call failed, per server reason (the server's own message is the fallback). */
  errors: Record<Reason, string>;
  /** A failed call that carries no reason (network, Firestore). */
  unknownError: string;
  loading: string;
  cancel: string;
  close: string;
  you: string;
  switcher: { label: string; none: string; create: string };
  create: { title: string; name: string; submit: string; pending: string; done: string };
  members: {
    title: string;
    search: string;
    empty: string;
    more: string;
    joined: string;
    editRoles: string;
    roleFor: string;
    staged: Plural;
    save: Plural;
    saving: string;
    saved: Plural;
    discard: string;
    notSaved: string;
    remove: string;
    removeTitle: string;
    removeBody: string;
    removed: string;
    count: Plural;
  };
  invite: {
    title: string;
    emails: string;
    emailsHelp: string;
    role: string;
    submit: Plural;
    pending: string;
    sent: string;
    failed: string;
    summary: Plural;
    seats: Plural;
    seatsOf: string;
  };
  settings: {
    title: string;
    name: string;
    rename: string;
    renamed: string;
    leave: string;
    leaveTitle: string;
    leaveBody: string;
    soleOwner: string;
    deleteTeam: string;
    deleteTitle: string;
    deleteBody: string;
    deleteConfirm: string;
  };
  profile: { tabs: string; members: string; invite: string; settings: string };
}

/** A partial override: any subset of a language's messages, nested groups included. */
export type MessageOverrides = { [K in keyof Messages]?: Messages[K] extends object ? Partial<Messages[K]> : Messages[K] };

export const en: Messages = {
  roles: { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer", billing: "Billing" },
  errors: {
    INVALID_REQUEST: "Something in the request was not valid; check the fields and try again.",
    SIGN_IN_REQUIRED: "Please sign in again to continue.",
    SESSION_ENDED: "Your session has ended. Please sign in again.",
    APP_CHECK_FAILED: "This app could not prove that it is genuine. Reload the page and try again.",
    NOT_ALLOWED: "Your role in this team does not allow that.",
    WRONG_ACCOUNT: "This invitation was sent to a different email address than the account you are signed in with.",
    NOT_FOUND: "That could not be found.",
    TEAM_NOT_FOUND: "That team does not exist, or you are not a member of it.",
    TEAM_DELETED: "This team has been deleted.",
    MEMBER_NOT_FOUND: "That person is no longer a member of this team.",
    INVITE_NOT_FOUND: "This invitation does not exist or has already been used.",
    ACCOUNT_NOT_FOUND: "No account uses that email address yet; invite them instead.",
    METHOD_NOT_ALLOWED: "The server does not accept this request (a bug; please report it).",
    ALREADY_MEMBER: "That person is already a member of this team.",
    ALREADY_INVITED: "That address already has a pending invitation.",
    CONCURRENT_CHANGE: "Someone else changed this at the same time; look at the current state and try again.",
    REQUEST_ID_REUSED: "This request was already sent with different details; start again.",
    REQUEST_IN_PROGRESS: "This request is still being carried out; look at the current state before trying again.",
    FAILED_PRECONDITION: "That cannot be done in the team's current state.",
    LAST_OWNER: "A team needs at least one owner: make someone else an owner first.",
    SEAT_LIMIT_REACHED: "The team has reached its seat limit; raise the limit or remove someone first.",
    PLAN_SEAT_LIMIT: "The team's plan has no more seats; upgrade the plan to add people.",
    SUBSCRIPTION_LAPSED: "The team's subscription has lapsed, so new people cannot join until billing is fixed.",
    DOMAIN_NOT_ALLOWED: "That address is outside the team's allowed domains.",
    EMAIL_NOT_VERIFIED: "Verify your email address first.",
    INVITE_EXPIRED: "This invitation has expired.",
    INVITE_USED: "This invitation has already been used.",
    INVITE_REVOKED: "This invitation was withdrawn by the team.",
    JOIN_REQUEST_NOT_FOUND: "That join request was already answered, withdrawn or has expired.",
    BILLING_NOT_CONFIGURED: "Billing is not set up on this server.",
    PAYLOAD_TOO_LARGE: "That is too much at once; send fewer items.",
    RATE_LIMITED: "Too many attempts; please wait a moment and try again.",
    INTERNAL: "Something went wrong on our side; please try again.",
    UNAVAILABLE: "The server could not be reached; check your connection and try again.",
  },
  unknownError: "Something went wrong: {message}",
  loading: "Loading…",
  cancel: "Cancel",
  close: "Close",
  you: "you",
  switcher: { label: "Team", none: "No team yet", create: "Create team" },
  create: { title: "Create a team", name: "Team name", submit: "Create team", pending: "Creating…", done: "{name} was created." },
  members: {
    title: "Members",
    search: "Search members by email",
    empty: "No members match.",
    more: "Show more members",
    joined: "Joined {date}",
    editRoles: "Edit roles",
    roleFor: "Role for {name}",
    staged: { one: "{count} change staged", other: "{count} changes staged" },
    save: { one: "Save {count} change", other: "Save {count} changes" },
    saving: "Saving…",
    saved: { one: "Saved {count} role change.", other: "Saved {count} role changes." },
    discard: "Discard",
    notSaved: "Not saved: {error}",
    remove: "Remove",
    removeTitle: "Remove {name}",
    removeBody: "{name} will lose access to {team} at once. You can invite them again later.",
    removed: "{name} was removed.",
    count: { one: "{count} member", other: "{count} members" },
  },
  invite: {
    title: "Invite members",
    emails: "Email addresses",
    emailsHelp: "One or more, separated by commas, spaces or new lines.",
    role: "Role",
    submit: { one: "Send {count} invitation", other: "Send {count} invitations" },
    pending: "Sending…",
    sent: "Invited",
    failed: "Not invited",
    summary: { one: "{count} invitation sent.", other: "{count} invitations sent." },
    seats: { one: "{count} seat used (no limit)", other: "{count} seats used (no limit)" },
    seatsOf: "{used} of {limit} seats used",
  },
  settings: {
    title: "Team settings",
    name: "Team name",
    rename: "Rename",
    renamed: "The team is now called {name}.",
    leave: "Leave team",
    leaveTitle: "Leave {team}",
    leaveBody: "You will lose access to {team} and its shared items. An owner or admin can invite you again.",
    soleOwner: "You are the only owner: make someone else an owner before you leave, or delete the team.",
    deleteTeam: "Delete team",
    deleteTitle: "Delete {team}",
    deleteBody: "Everyone loses access, pending invitations are revoked and the subscription is cancelled. Type the team's name to confirm.",
    deleteConfirm: "Team name to confirm",
  },
  profile: { tabs: "Team sections", members: "Members", invite: "Invite", settings: "Settings" },
};

export const de: Messages = {
  roles: { owner: "Inhaber", admin: "Admin", member: "Mitglied", viewer: "Betrachter", billing: "Abrechnung" },
  errors: {
    INVALID_REQUEST: "Etwas an der Anfrage war ungültig; prüfen Sie die Felder und versuchen Sie es erneut.",
    SIGN_IN_REQUIRED: "Bitte melden Sie sich erneut an.",
    SESSION_ENDED: "Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.",
    APP_CHECK_FAILED: "Diese App konnte nicht nachweisen, dass sie echt ist. Laden Sie die Seite neu und versuchen Sie es erneut.",
    NOT_ALLOWED: "Ihre Rolle in diesem Team erlaubt das nicht.",
    WRONG_ACCOUNT: "Diese Einladung ging an eine andere E-Mail-Adresse als die des angemeldeten Kontos.",
    NOT_FOUND: "Das wurde nicht gefunden.",
    TEAM_NOT_FOUND: "Dieses Team gibt es nicht, oder Sie sind kein Mitglied.",
    TEAM_DELETED: "Dieses Team wurde gelöscht.",
    MEMBER_NOT_FOUND: "Diese Person ist kein Mitglied dieses Teams mehr.",
    INVITE_NOT_FOUND: "Diese Einladung gibt es nicht oder sie wurde bereits verwendet.",
    ACCOUNT_NOT_FOUND: "Noch kein Konto nutzt diese E-Mail-Adresse; laden Sie die Person stattdessen ein.",
    METHOD_NOT_ALLOWED: "Der Server nimmt diese Anfrage nicht an (ein Fehler; bitte melden Sie ihn).",
    ALREADY_MEMBER: "Diese Person ist bereits Mitglied dieses Teams.",
    ALREADY_INVITED: "Für diese Adresse gibt es bereits eine offene Einladung.",
    CONCURRENT_CHANGE: "Jemand anderes hat das gleichzeitig geändert; prüfen Sie den aktuellen Stand und versuchen Sie es erneut.",
    REQUEST_ID_REUSED: "Diese Anfrage wurde bereits mit anderen Angaben gesendet; beginnen Sie neu.",
    REQUEST_IN_PROGRESS: "Diese Anfrage wird noch ausgeführt; prüfen Sie den aktuellen Stand, bevor Sie es erneut versuchen.",
    FAILED_PRECONDITION: "Das ist im aktuellen Zustand des Teams nicht möglich.",
    LAST_OWNER: "Ein Team braucht mindestens einen Inhaber: Machen Sie zuerst jemand anderen zum Inhaber.",
    SEAT_LIMIT_REACHED: "Das Team hat sein Platzlimit erreicht; erhöhen Sie das Limit oder entfernen Sie zuerst jemanden.",
    PLAN_SEAT_LIMIT: "Der Tarif des Teams hat keine freien Plätze mehr; wechseln Sie den Tarif, um Personen hinzuzufügen.",
    SUBSCRIPTION_LAPSED: "Das Abonnement des Teams ist abgelaufen; neue Personen können erst nach Klärung der Abrechnung beitreten.",
    DOMAIN_NOT_ALLOWED: "Diese Adresse liegt außerhalb der erlaubten Domains des Teams.",
    EMAIL_NOT_VERIFIED: "Bestätigen Sie zuerst Ihre E-Mail-Adresse.",
    INVITE_EXPIRED: "Diese Einladung ist abgelaufen.",
    INVITE_USED: "Diese Einladung wurde bereits verwendet.",
    INVITE_REVOKED: "Diese Einladung wurde vom Team zurückgezogen.",
    JOIN_REQUEST_NOT_FOUND: "Diese Beitrittsanfrage wurde bereits beantwortet, zurückgezogen oder ist abgelaufen.",
    BILLING_NOT_CONFIGURED: "Die Abrechnung ist auf diesem Server nicht eingerichtet.",
    PAYLOAD_TOO_LARGE: "Das ist zu viel auf einmal; senden Sie weniger Einträge.",
    RATE_LIMITED: "Zu viele Versuche; bitte warten Sie einen Moment und versuchen Sie es erneut.",
    INTERNAL: "Bei uns ist etwas schiefgelaufen; bitte versuchen Sie es erneut.",
    UNAVAILABLE: "Der Server war nicht erreichbar; prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  },
  unknownError: "Etwas ist schiefgelaufen: {message}",
  loading: "Wird geladen…",
  cancel: "Abbrechen",
  close: "Schließen",
  you: "Sie",
  switcher: { label: "Team", none: "Noch kein Team", create: "Team erstellen" },
  create: { title: "Team erstellen", name: "Teamname", submit: "Team erstellen", pending: "Wird erstellt…", done: "{name} wurde erstellt." },
  members: {
    title: "Mitglieder",
    search: "Mitglieder nach E-Mail suchen",
    empty: "Keine passenden Mitglieder.",
    more: "Weitere Mitglieder anzeigen",
    joined: "Beigetreten am {date}",
    editRoles: "Rollen bearbeiten",
    roleFor: "Rolle von {name}",
    staged: { one: "{count} Änderung vorgemerkt", other: "{count} Änderungen vorgemerkt" },
    save: { one: "{count} Änderung speichern", other: "{count} Änderungen speichern" },
    saving: "Wird gespeichert…",
    saved: { one: "{count} Rollenänderung gespeichert.", other: "{count} Rollenänderungen gespeichert." },
    discard: "Verwerfen",
    notSaved: "Nicht gespeichert: {error}",
    remove: "Entfernen",
    removeTitle: "{name} entfernen",
    removeBody: "{name} verliert sofort den Zugang zu {team}. Sie können die Person später erneut einladen.",
    removed: "{name} wurde entfernt.",
    count: { one: "{count} Mitglied", other: "{count} Mitglieder" },
  },
  invite: {
    title: "Mitglieder einladen",
    emails: "E-Mail-Adressen",
    emailsHelp: "Eine oder mehrere, getrennt durch Kommas, Leerzeichen oder Zeilenumbrüche.",
    role: "Rolle",
    submit: { one: "{count} Einladung senden", other: "{count} Einladungen senden" },
    pending: "Wird gesendet…",
    sent: "Eingeladen",
    failed: "Nicht eingeladen",
    summary: { one: "{count} Einladung gesendet.", other: "{count} Einladungen gesendet." },
    seats: { one: "{count} Platz belegt (kein Limit)", other: "{count} Plätze belegt (kein Limit)" },
    seatsOf: "{used} von {limit} Plätzen belegt",
  },
  settings: {
    title: "Team-Einstellungen",
    name: "Teamname",
    rename: "Umbenennen",
    renamed: "Das Team heißt jetzt {name}.",
    leave: "Team verlassen",
    leaveTitle: "{team} verlassen",
    leaveBody: "Sie verlieren den Zugang zu {team} und seinen geteilten Inhalten. Ein Inhaber oder Admin kann Sie erneut einladen.",
    soleOwner: "Sie sind der einzige Inhaber: Machen Sie vor dem Verlassen jemand anderen zum Inhaber, oder löschen Sie das Team.",
    deleteTeam: "Team löschen",
    deleteTitle: "{team} löschen",
    deleteBody: "Alle verlieren den Zugang, offene Einladungen werden zurückgezogen und das Abonnement wird gekündigt. Geben Sie zur Bestätigung den Namen des Teams ein.",
    deleteConfirm: "Teamname zur Bestätigung",
  },
  profile: { tabs: "Team-Bereiche", members: "Mitglieder", invite: "Einladen", settings: "Einstellungen" },
};

/** The shipped languages, by the primary subtag of a BCP 47 tag ("de-AT" uses `de`). */
export const LANGUAGES: Readonly<Record<string, Messages>> = { en, de };

/** The shipped messages for `locale` (English when the language is not shipped), with
 * `overrides` laid over them group by group. */
export function messagesFor(locale: string, overrides: MessageOverrides = {}): Messages {
  const base = LANGUAGES[locale.split("-")[0]!.toLowerCase()] ?? en;
  const merged = { ...base };
  for (const key of Object.keys(overrides) as (keyof Messages)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    const laid = typeof value === "object" ? { ...(base[key] as object), ...value } : value;
    Object.assign(merged, { [key]: laid });
  }
  return merged;
}

/** `template` with each `{name}` replaced by `params[name]` (unknown names stay as written). */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
