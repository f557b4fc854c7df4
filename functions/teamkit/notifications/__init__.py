"""In-app notifications (`users/{uid}/notifications/`) and the emails of team events: the
`onTeamEvent` fan-out."""
