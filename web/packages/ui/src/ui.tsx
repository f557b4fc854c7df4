/** TeamkitUIProvider and useUi: the language, theme and appearance every component reads. The
 * components also work without the provider (English, the system's color scheme, no extra
 * class names). */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { TeamkitError } from "@teamkit/client";
import { fill, messagesFor, type MessageOverrides, type Messages, type Plural } from "./messages.ts";

/** "system" follows the browser's `prefers-color-scheme`. */
export type Theme = "light" | "dark" | "system";

/** The parts of the components an app may restyle: each part gets its `tk-<part>` class, plus
 * the class names given for it here. */
export type Part =
  | "root"
  | "heading"
  | "field"
  | "input"
  | "button"
  | "primaryButton"
  | "dangerButton"
  | "list"
  | "row"
  | "tag"
  | "toolbar"
  | "dialog"
  | "error"
  | "success"
  | "tabs"
  | "tab"
  | "panel";

export type Appearance = Partial<Record<Part, string>>;

export interface TeamkitUIProviderProps {
  /** A BCP 47 tag: its language picks the shipped messages (en, de; others fall back to
   * English), and it formats numbers and dates. Default "en". */
  locale?: string;
  /** Any messages to replace (a partial object of the same shape as `en`). */
  messages?: MessageOverrides;
  theme?: Theme;
  appearance?: Appearance;
  children?: ReactNode;
}

interface Settings {
  locale: string;
  messages: Messages;
  theme: Theme;
  appearance: Appearance;
}

const defaults: Settings = { locale: "en", messages: messagesFor("en"), theme: "system", appearance: {} };
const SettingsContext = createContext<Settings>(defaults);

export function TeamkitUIProvider({ locale = "en", messages, theme = "system", appearance = {}, children }: TeamkitUIProviderProps) {
  const value = useMemo(
    () => ({ locale, messages: messagesFor(locale, messages), theme, appearance }),
    [locale, messages, theme, appearance],
  );
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

/** What every component accepts to restyle itself: a class for its root, and class names per
 * part (laid over the provider's). */
export interface Styling {
  className?: string;
  appearance?: Appearance;
}

export interface Ui {
  locale: string;
  t: Messages;
  /** The part's class names: `tk-<part>`, the appearance's, and `extra`. */
  part(name: Part, extra?: string): string;
  /** The root element's attributes: its classes and the theme. */
  root: { className: string; "data-tk-theme": Theme };
  /** `forms` for `count` (Intl.PluralRules), with `{count}` and `params` filled in. */
  plural(forms: Plural, count: number, params?: Record<string, string | number>): string;
  /** A date of a document (a Firestore Timestamp) in the locale's medium style. */
  date(stamp: { toDate(): Date } | null | undefined): string;
  /** A failed call in words: the reason's message, else the error's own. */
  error(error: unknown): string;
}

export function useUi({ className, appearance }: Styling = {}): Ui {
  const settings = useContext(SettingsContext);
  return useMemo(() => {
    const { locale, messages: t, theme } = settings;
    const classes = { ...settings.appearance, ...appearance };
    const part = (name: Part, extra?: string) => [`tk-${name}`, classes[name], extra].filter(Boolean).join(" ");
    const rules = new Intl.PluralRules(locale);
    const numbers = new Intl.NumberFormat(locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    return {
      locale,
      t,
      part,
      root: { className: part("root", ["tk", className].filter(Boolean).join(" ")), "data-tk-theme": theme },
      plural: (forms, count, params = {}) =>
        fill(forms[rules.select(count)] ?? forms.other, { ...params, count: numbers.format(count) }),
      date: (stamp) => (stamp ? dates.format(stamp.toDate()) : ""),
      error: (error) => {
        if (error instanceof TeamkitError) return t.errors[error.reason] ?? error.message;
        return fill(t.unknownError, { message: error instanceof Error ? error.message : String(error) });
      },
    };
  }, [settings, className, appearance]);
}
