// Billing (owner and billing roles manage; admins read; others never see it): plan, status,
// seats, period end, invoices, Upgrade (checkout) and Manage billing (portal).
import { useEffect, useState } from "react";
import { useToast } from "../components/Toasts";
import { formatDate } from "../components/format";
import { ErrorText } from "../components/ErrorText";
import { describeError } from "../errors";
import { useTeamkit } from "@teamkit/react";
import { allows } from "@teamkit/client";
import { useSession } from "../session";

interface Overview {
  status: string | null;
  plan: { priceId: string | null; name: string | null; interval: string | null };
  seats: { used: number; pendingInvites: number; paid: number | null; seatBased: boolean; limit: number | null; freeSeats: number };
  lapsed: boolean;
  currentPeriodEnd: unknown;
  cancelAtPeriodEnd: boolean;
  paymentFailed: boolean;
  invoices: Array<{ id: string; number?: string; status?: string; total?: number; amountDue?: number; currency?: string; created?: unknown; hostedInvoiceUrl?: string }>;
}

const PRICE_IDS = String(import.meta.env.VITE_TEAMKIT_PRICE_IDS ?? "")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);

export function BillingPage() {
  const { current } = useSession();
  const teamkit = useTeamkit();
  const toast = useToast();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const teamId = current?.id;
  const teamUpdated = JSON.stringify(current?.team.billing ?? {}) + String(current?.team.memberCount ?? "");
  useEffect(() => {
    if (!teamId || !allows(current?.role, "readBilling")) return;
    let live = true;
    teamkit
      .getBillingOverview({ teamId })
      .then((o) => live && (setOverview(o as unknown as Overview), setError(null)))
      .catch((e: unknown) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
    // Refresh when the team document changes (the webhook writes its billing there).
  }, [teamkit, teamId, current?.role, teamUpdated]);

  if (!current || !allows(current.role, "readBilling")) {
    return (
      <section>
        <h1>Billing</h1>
        <p>Only owners, admins and billing managers see this team's billing.</p>
      </section>
    );
  }
  const manage = allows(current.role, "manageBilling");
  const go = async (kind: "checkout" | "portal") => {
    setBusy(true);
    try {
      const here = `${location.origin}/billing`;
      const reply =
        kind === "checkout"
          ? await teamkit.createCheckoutSession({
              teamId: current.id,
              priceId: PRICE_IDS[0]!,
              successUrl: here,
              cancelUrl: here,
            })
          : await teamkit.createBillingPortalSession({ teamId: current.id, returnUrl: here });
      window.location.assign(String(reply.url));
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing for {current.name}</h1>
      {!manage && <p>You can see billing but not change it: owners and billing managers can.</p>}
      <ErrorText>{error}</ErrorText>
      {!overview && !error && <p className="loading">Loading billing…</p>}
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
            <dd>{overview.plan.name ?? (overview.plan.priceId ? overview.plan.priceId : "Free (no subscription)")}</dd>
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
          {overview.invoices.length === 0 ? (
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
                      {typeof (inv.total ?? inv.amountDue) === "number"
                        ? `${(((inv.total ?? inv.amountDue) as number) / 100).toFixed(2)} ${(inv.currency ?? "").toUpperCase()}`
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
                <button type="button" className="primary" disabled={busy} onClick={() => go("checkout")}>
                  Upgrade
                </button>
              )}
              <button type="button" disabled={busy} onClick={() => go("portal")}>
                Manage billing
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
