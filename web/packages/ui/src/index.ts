/** @teamkit/ui: drop-in React components over @teamkit/react's hooks, themed by the CSS custom
 * properties of `@teamkit/ui/styles.css` (light and dark), worded by one messages object
 * (English and German shipped). */
export { TeamkitUIProvider, useUi } from "./ui.tsx";
export type { Appearance, Part, TeamkitUIProviderProps, Styling, Theme, Ui } from "./ui.tsx";
export { LANGUAGES, de, en, fill, messagesFor } from "./messages.ts";
export type { MessageOverrides, Messages, Plural } from "./messages.ts";
export { TeamSwitcher } from "./TeamSwitcher.tsx";
export type { TeamSwitcherProps } from "./TeamSwitcher.tsx";
export { CreateTeam } from "./CreateTeam.tsx";
export type { CreateTeamProps } from "./CreateTeam.tsx";
export { TeamMembers } from "./TeamMembers.tsx";
export type { TeamMembersProps } from "./TeamMembers.tsx";
export { InviteMembers } from "./InviteMembers.tsx";
export type { InviteMembersProps } from "./InviteMembers.tsx";
export { TeamSettings } from "./TeamSettings.tsx";
export type { TeamSettingsProps } from "./TeamSettings.tsx";
export { TeamProfile } from "./TeamProfile.tsx";
export type { TeamProfileProps } from "./TeamProfile.tsx";
