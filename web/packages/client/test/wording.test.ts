// eventParams: an event's or a notification's type and the parameters a client words it by.
import { describe, expect, it } from "vitest";
import { eventParams, type Notification, type TeamEvent } from "../src/index.ts";

const base = { id: "e1", path: "teams/t1/events/e1", teamId: "t1", teamName: "Acme"};

describe("eventParams", () => {
  it("names the actor and the subject by the best name the document carries", () => {
    const changed = { ...base, type: "role_changed", actorName: "Ana", subjectEmail: "bo@example.com", subjectUid: "u2", role: "admin", previousRole: "member" } as TeamEvent;
    expect(eventParams(changed)).toEqual({
      type: "role_changed",
      params: {
        actor: "Ana",
        subject: "bo@example.com",
        role: "admin",
        previousRole: "member",
        teamName: "Acme",
        count: null,
        linkLabel: null,
        linkEnd: null,
        via: null,
        blocked: false,
        domain: null,
        method: null,
        aboutYou: false,
      },
    });
    const notification = { ...base, type: "member_removed", subjectName: "Bo", subjectEmail: "bo@example.com", aboutYou: true, eventId: "e1", message: "", read: false } as Notification;
    expect(eventParams(notification).params).toMatchObject({ actor: null, subject: "Bo", aboutYou: true });
  });

  it("carries the fields of each kind of event", () => {
    const ended = { ...base, type: "invite_link_revoked", linkId: "l1", linkLabel: "Slack", reason: "creator_left" } as TeamEvent;
    expect(eventParams(ended).params).toMatchObject({ linkLabel: "Slack", linkEnd: "creator_left", actor: null });
    const left = { ...base, type: "member_left", reason: "account_deleted" } as TeamEvent;
    expect(eventParams(left).params.linkEnd).toBeNull();
    const joined = { ...base, type: "member_joined", via: "domain", role: "member" } as TeamEvent;
    expect(eventParams(joined).params).toMatchObject({ via: "domain", role: "member" });
    const removed = { ...base, type: "member_removed", blocked: true } as TeamEvent;
    expect(eventParams(removed).params.blocked).toBe(true);
    const invited = { ...base, type: "members_invited", count: 3 } as TeamEvent;
    expect(eventParams(invited).params.count).toBe(3);
    const proven = { ...base, type: "domain_proven", domain: "acme.com", method: "dns" } as TeamEvent;
    expect(eventParams(proven).params).toMatchObject({ domain: "acme.com", method: "dns" });
  });
});
