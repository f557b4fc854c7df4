"""Tests of the mail outbox, templates and SendGrid delivery."""
