// Billing (owner and billing roles manage; admins read; others never see it): plan, status,
// seats, period end, invoices, Upgrade (checkout) and Manage billing (portal).
import { useEffect } from "react";
import { useAction } from "../components/action";
import { formatDate } from "../components/format";
import { ErrorText } from "../components/ErrorText";
import { describeError } from "../errors";
import { useMutation, usePermissions, useTeamkit } from "@teamkit/react";
import { useSession } from "../session";

const PRICE_IDS = String(import.meta.env.VITE_TEAMKIT_PRICE_IDS ?? "")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);

export function BillingPage() {
  const { current } = useSession();
  const teamkit = useTeamkit();
  const { can } = usePermissions(current?.id ?? null);
  const load = useMutation(teamkit.getBillingOverview);
  const { run } = load;
  const teamId = current?.id;
  const readable = can("readBilling");
  const teamUpdated = JSON.stringify(current?.team.billing ?? {}) + String(current?.team.memberCount ?? "");
  useEffect(() => {
    if (teamId && readable) void run({ teamId });
    // Refresh when the team document changes (the webhook writes its billing there).
  }, [run, teamId, readable, teamUpdated]);
  const go = useAction(async (kind: "checkout" | "portal", teamId: string) => {
    const here = `${location.origin}/billing`;
    const reply =
      kind === "checkout"
        ? await teamkit.createCheckoutSession({ teamId, priceId: PRICE_IDS[0]!, successUrl: here, cancelUrl: here })
        : await teamkit.createBillingPortalSession({ teamId, returnUrl: here });
    window.location.assign(String(reply.url));
  });

  if (!current || !readable) {
    return (
      <section>
        <h1>Billing</h1>
        <p>Only owners, admins and billing managers see this team's billing.</p>
      </section>
    );
  }
  const manage = can("manageBilling");
  const overview = load.data;
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing for {current.name}</h1>
      {!manage && <p>You can see billing but not change it: owners and billing managers can.</p>}
      <ErrorText>{load.error && describeError(load.error)}</ErrorText>
      {!overview && !load.error && <p className="loading">Loading billing…</p>}
      {overview && (
        <>
          {overview.lapsed && (
            <p role="alert" className="notice">
              The subscription is {overview.status}: new invitations are blocked once the team has more than{" "}
              {overview.seats.freeSeats} seats. Update the payment method in "Manage billing" to lift this.
            </p>
          )}
          <dl className="billing">
            <dt>Plan</dt>
            <dd>{overview.plan?.name ?? overview.plan?.priceId ?? "Free (no subscription)"}</dd>
            <dt>Status</dt>
            <dd>{overview.status ?? "No subscription"}</dd>
            <dt>Seats used</dt>
            <dd>{overview.seats.used}</dd>
            <dt>Seats paid</dt>
            <dd>{overview.seats.paid ?? "—"}</dd>
            <dt>Period ends</dt>
            <dd>
              {formatDate(overview.currentPeriodEnd)}
              {overview.cancelAtPeriodEnd && " (cancels then)"}
            </dd>
          </dl>
          <h2>Recent invoices</h2>
          {!overview.invoices?.length ? (
            <p>No invoices yet.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Recent invoices</caption>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Date</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {overview.invoices.map((inv) => (
                  <tr key={inv.id}>
                    <th scope="row">{inv.number ?? inv.id}</th>
                    <td>{formatDate(inv.created)}</td>
                    <td>
                      {typeof (inv.amount ?? inv.amountDue) === "number"
                        ? `${((inv.amount ?? inv.amountDue ?? 0) / 100).toFixed(2)} ${(inv.currency ?? "").toUpperCase()}`
                        : "—"}
                    </td>
                    <td>{inv.status ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {manage && (
            <div className="actions">
              {PRICE_IDS.length > 0 && (
                <button type="button" className="primary" disabled={go.pending} onClick={() => go.run("checkout", current.id)}>
                  Upgrade
                </button>
              )}
              <button type="button" disabled={go.pending} onClick={() => go.run("portal", current.id)}>
                Manage billing
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
