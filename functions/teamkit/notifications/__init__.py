"""In-app notifications (`users/{uid}/notifications/`): the `onTeamEvent` fan-out, which decides
who is told and who is mailed; the emails themselves are `teamkit.mail`'s."""
