"""Email: the `mail/` outbox in the Firebase "Trigger Email" format, its Jinja2 templates, and
delivery through SendGrid with a lease, bounded retries and a sweep for what is left behind."""
