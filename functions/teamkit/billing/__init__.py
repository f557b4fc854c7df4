"""Per-team Stripe billing: one Stripe customer per team, Checkout and the billing portal, a
webhook ledger that keeps `teams/{teamId}.billing` true, seat sync, and entitlements.

Billing belongs to the team, never to a user: the customer carries `metadata.teamId`, and
`stripeCustomers/{customerId}` leads webhooks back to the team. Nothing here imports `stripe` at
module level; `gateway` loads it on first use, so functions that never talk to Stripe (and
`import main`) do not pay for it.
"""
