"""Email: the `mail/` outbox in the Firebase "Trigger Email" format, the emails of team events,
their Jinja2 templates, and delivery through SendGrid with a lease, bounded retries and a sweep
for what is left behind. Imports no other area: notifications use mail, not the reverse."""
